/**
 * roster.schema.json (what editors check) and the parser (what the action checks) agree on
 * the example rosters and on rosters with the mistakes a schema can see. Some rules need the
 * whole roster (duplicate ids, manages) or a calendar (2026-02-30): those are the parser's alone.
 */
import { Ajv } from 'ajv'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { parseRoster, PERSON_KEYS, TOP_KEYS } from '../../src/roster/parse.js'
import { ROOT } from '../../__fixtures__/run-action.js'

const schema = JSON.parse(readFileSync(join(ROOT, 'roster.schema.json'), 'utf8')) as object
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)

const files = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter(f => f.endsWith('.yaml'))
    .map(f => ({ file: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8') }))

const cases = [...files('examples/roster'), ...files('__fixtures__/rosters')]

describe('roster.schema.json and the parser', () => {
  it('has example and broken rosters to compare', () => {
    expect(cases.filter(c => c.file.startsWith('examples/')).length).toBeGreaterThanOrEqual(2)
    expect(cases.length).toBeGreaterThanOrEqual(6)
  })

  it.each(cases.map(c => [c.file, c] as const))('agree on %s', (_, roster) => {
    const schemaValid = validate(parse(roster.text, { version: '1.2' }))
    const { problems } = parseRoster([roster])
    expect({ schemaValid, parserValid: problems.length === 0 }).toEqual({
      schemaValid: problems.length === 0,
      parserValid: schemaValid
    })
  })

  it('knows every key the parser knows', () => {
    const person = (schema as { definitions: { person: { properties: object; required: string[] } } }).definitions
      .person
    expect(Object.keys(person.properties).sort()).toEqual([...PERSON_KEYS].sort())
    expect(Object.keys((schema as { properties: object }).properties)).toEqual([...TOP_KEYS])
    expect(person.required).toEqual(['id', 'first_name', 'last_name', 'groups'])
  })
})
