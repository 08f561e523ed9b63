/**
 * The export (src/export/export.ts), pure: an account → roster files that the parser reads back
 * unchanged and whose plan against the same account changes nobody (adoptions only); hostile DoorFlow values
 * round-trip or leave the person out, named by DoorFlow id; file names are safe.
 */
import type { DoorFlowPerson } from '../../src/doorflow/people.js'
import {
  checkIdTemplate,
  exportRoster,
  MANAGES_FILE,
  naturalCompare,
  safeName,
  scalar,
  type ExportOptions,
  type ExportResult
} from '../../src/export/export.js'
import { beyondRosterBounds, leftOutLines, writeExportFiles } from '../../src/export/run.js'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseRoster } from '../../src/roster/parse.js'
import { MAX_FILE_BYTES, MAX_FILES } from '../../src/roster/roster-files.js'
import { planRoster } from '../../src/roster/planner.js'
import {
  DEFAULT_GROUPS,
  DEFAULT_ROLES,
  fakePerson,
  generatePeople,
  type FakePerson
} from '../../__fixtures__/fake-people.js'
import { parseDoorFlowPerson } from '../../src/doorflow/people.js'

const NOW = Date.parse('2026-12-05T12:00:00Z')
const account = (people: FakePerson[], groups = DEFAULT_GROUPS, roles = DEFAULT_ROLES) => ({
  // As readAccount gives them: through the same parser, so the fake's extra fields are dropped.
  people: people.map((p): DoorFlowPerson => parseDoorFlowPerson(JSON.parse(JSON.stringify(p)))!),
  groups,
  roles
})
const BY_DEPARTMENT: ExportOptions = { split: 'department', idTemplate: 'DF-{id}' }

/** Export, parse the files back, plan against the same account. */
function roundTrip(acc: ReturnType<typeof account>, options: ExportOptions = BY_DEPARTMENT) {
  const result = exportRoster(acc, options)
  const parsed = parseRoster(result.files.map(f => ({ file: `access/${f.name}`, text: f.text })))
  const planned = planRoster(parsed.roster, acc, 'disable', { now: NOW })
  return { result, parsed, planned }
}

/** How many lines a file's manages (and except) takes. */
function manageLines(text: string): number {
  const lines = text.split('\n')
  const start = lines.findIndex(l => /^(manages|except):/.test(l))
  if (start < 0) return 0
  let end = start + 1
  while (end < lines.length && /^( {2}- |except:|#)/.test(lines[end])) end++
  return end - start
}

describe('exportRoster', () => {
  it('exports 10,000 people (some without email, system_id or both) to a roster that plans no change but adoptions', () => {
    const people = generatePeople(10_000, { noEmailEvery: 7, noSystemIdEvery: 5 })
    const acc = account(people)
    for (const split of ['department', 'group', 'none'] as const) {
      const { result, parsed, planned } = roundTrip(acc, { split, idTemplate: 'DF-{id}' })
      expect(parsed.problems).toEqual([])
      expect(planned.problems).toEqual([])
      expect(result.leftOut).toEqual([])
      expect(result.people).toBe(10_000)
      expect(parsed.roster.people).toHaveLength(10_000)
      // Nothing about anyone's access or data changes: the only writes are the 2,000 adoptions
      // (system_id only, by doorflow_id) of the people who had no system_id; the rest are unchanged.
      expect(planned.plan.changes.filter(c => c.kind !== 'adopt')).toEqual([])
      expect(planned.plan.changes).toHaveLength(2000)
      for (const c of planned.plan.changes)
        expect(c).toEqual({
          kind: 'adopt',
          matchedBy: 'doorflow_id',
          systemId: `DF-${c.kind === 'adopt' ? c.personId : 0}`,
          personId: expect.any(Number),
          name: expect.any(String),
          fields: []
        })
      expect(planned.plan.unchanged).toBe(8000)
      // Every person is managed (each file's manages covers exactly its people); nobody is removed.
      expect(planned.plan.managedCount).toBe(8000)
    }
    const { result, parsed } = roundTrip(acc)
    expect(result.files.map(f => [f.name, f.people])).toEqual([
      ['_manages.yaml', 0],
      ['engineering.yaml', 5000],
      ['operations.yaml', 5000]
    ])
    // Ids alternate between the departments, so no prefix belongs to one file: manages is declared
    // once for the directory, two patterns that match every exported id and nobody else.
    expect(result.files[0].text).toContain('manages:\n  - "DF-*"\n  - "EMP-*"\n')
    expect(result.files[0].text).not.toContain('people:')
    expect(parsed.roster.manages).toEqual(['DF-*', 'EMP-*'])
    const eng = result.files[1].text
    expect(eng).not.toMatch(/^manages:/m)
    // However many people, the longest manages is a few lines.
    for (const f of result.files) expect(manageLines(f.text)).toBeLessThanOrEqual(20)
    expect(eng).toContain('# Who this directory manages (and so may remove) is in _manages.yaml')
    // In one file, the same patterns.
    expect(roundTrip(acc, { split: 'none', idTemplate: 'DF-{id}' }).result.files[0].text).toContain(
      'manages:\n  - "DF-*"\n  - "EMP-*"\npeople:\n'
    )
    // People without a system_id get one from the template, and doorflow_id to adopt them.
    expect(eng).toMatch(/ {2}- id: DF-1010\n {4}doorflow_id: 1010\n {4}first_name: Ada\n {4}last_name: Hopper10\n/)
    // Sorted naturally: EMP-2 before EMP-10.
    expect(eng.indexOf('id: EMP-2\n')).toBeLessThan(eng.indexOf('id: EMP-12\n'))
    expect(eng.indexOf('id: EMP-12\n')).toBeLessThan(eng.indexOf('id: EMP-102\n'))
  })

  it('writes optional fields only when set, enabled only when false, roles only when some', () => {
    const acc = account([
      fakePerson(1, { system_id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: [] }),
      fakePerson(2, {
        system_id: 'EMP-2',
        first_name: 'Grace',
        last_name: 'Hopper',
        enabled: false,
        email: 'grace@example.com',
        telephone: '0042',
        valid_from: '2026-12-01T00:00:00.000Z',
        valid_to: '2027-03-31T23:59:59.000Z',
        groups: [2, 1],
        roles: [12]
      })
    ])
    const { result, planned } = roundTrip(acc, { split: 'none', idTemplate: 'DF-{id}' })
    expect(result.files).toEqual([
      {
        name: 'roster.yaml',
        people: 2,
        text: [
          '# Exported from DoorFlow: review it, then commit it. docs/roster.md explains every field.',
          'version: 1',
          '# A DoorFlow person whose system_id matches manages and who is not listed is removed (input prune).',
          'manages:',
          '  - "EMP-*"',
          'people:',
          '  - id: EMP-1',
          '    first_name: Ada',
          '    last_name: Lovelace',
          '    groups: []',
          '  - id: EMP-2',
          '    first_name: Grace',
          '    last_name: Hopper',
          '    email: grace@example.com',
          '    enabled: false',
          '    valid_from: "2026-12-01T00:00:00.000Z"',
          '    valid_to: "2027-03-31T23:59:59.000Z"',
          '    telephone: "0042"',
          '    groups: [Engineering, Night Shift]',
          '    roles: [Security]',
          ''
        ].join('\n')
      }
    ])
    expect(planned.problems).toEqual([])
    expect(planned.plan.changes).toEqual([])
  })

  it('round-trips hostile values exactly: numbers, YAML words, quotes, colons, #, leading spaces', () => {
    const hostile = [
      '0042',
      'yes',
      'no',
      'null',
      'Null',
      '~',
      'true',
      'off',
      '1e3',
      '0x1F',
      '.inf',
      '  leading',
      'trailing ',
      'a: b',
      'x #y',
      '#hash',
      '"quoted"',
      "O'Brien",
      '- dash',
      '[list]',
      '{map}',
      '&anchor',
      '*alias',
      '!tag',
      '%percent',
      '@at',
      '`tick`',
      '|',
      '>',
      'back\\slash',
      'Zoë Ünïcødé 日本',
      '2026-12-01',
      '12:30',
      '---',
      '...',
      '?',
      ',comma'
    ]
    const people = hostile.map((v, i) =>
      fakePerson(100 + i, {
        system_id: `EMP-${i + 1}`,
        first_name: v.trim() ? v : 'x',
        last_name: v,
        department: v,
        notes: v,
        custom_1: v,
        groups: [1]
      })
    )
    const groups = [{ id: 1, name: 'a: b #c' }]
    const acc = account(people, groups, [])
    const { result, parsed, planned } = roundTrip(acc)
    expect(parsed.problems).toEqual([])
    expect(result.leftOut).toEqual([])
    expect(planned.problems).toEqual([])
    expect(planned.plan.changes).toEqual([])
    const byId = new Map(parsed.roster.people.map(p => [p.id, p]))
    hostile.forEach((v, i) => {
      const p = byId.get(`EMP-${i + 1}`)!
      expect([p.fields.last_name, p.fields.department, p.fields.notes, p.fields.custom_1]).toEqual([v, v, v, v])
      expect(p.groups).toEqual(['a: b #c'])
    })
    // Every string reads back as itself through the roster's own parser.
    for (const v of hostile) {
      const text = `version: 1\npeople:\n  - id: A\n    first_name: ${scalar(v)}\n    last_name: x\n    groups: [${scalar(v)}]\n`
      const read = parseRoster([{ file: 'r.yaml', text }])
      if (v.trim()) {
        expect(read.problems).toEqual([])
        expect([read.roster.people[0].fields.first_name, read.roster.people[0].groups]).toEqual([v, [v]])
      }
    }
  })

  it('leaves out people whose values the roster refuses, naming their DoorFlow id, never the value', () => {
    const acc = account(
      [
        fakePerson(1, { system_id: 'EMP-1', first_name: 'Ok', last_name: 'One', groups: [1] }),
        fakePerson(2, { system_id: 'EMP-2', first_name: 'Bi\u202edi', last_name: 'X', groups: [1] }),
        fakePerson(3, { system_id: 'EMP-3', first_name: 'A', last_name: 'B', notes: 'zero\u200bwidth', groups: [1] }),
        fakePerson(4, { system_id: 'EMP-4', first_name: 'A', last_name: 'B', department: 'nul\u0000', groups: [1] }),
        fakePerson(5, { system_id: null, first_name: ' ', last_name: 'B', groups: [1] }),
        fakePerson(6, { system_id: 'EMP-6', first_name: 'A', last_name: 'B', email: 'not-an-email', groups: [1] }),
        fakePerson(7, { system_id: 'EMP-7', first_name: 'A', last_name: 'B', groups: [99] }),
        fakePerson(8, { system_id: 'DUP', first_name: 'A', last_name: 'B', groups: [] }),
        fakePerson(9, { system_id: 'DUP', first_name: 'C', last_name: 'D', groups: [] }),
        fakePerson(10, { system_id: ' EMP-10', first_name: 'A', last_name: 'B', groups: [] }),
        fakePerson(11, { system_id: 'EMP-11', first_name: 'A', last_name: 'B', email: 'a@x.io', groups: [] }),
        fakePerson(12, { system_id: 'EMP-12', first_name: 'A', last_name: 'B', email: 'A@x.io', groups: [] })
      ],
      DEFAULT_GROUPS,
      DEFAULT_ROLES
    )
    const { result, parsed, planned } = roundTrip(acc, { split: 'none', idTemplate: 'DF-{id}' })
    expect(result.leftOut.map(l => l.personId)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(result.leftOut[0].why).toBe('first_name holds U+202E (bidi control), which the roster refuses.')
    const whys = result.leftOut.map(l => l.why).join(' ')
    for (const value of ['zero\u200b', 'nul\u0000', 'not-an-email']) expect(whys).not.toContain(value)
    expect(parsed.problems).toEqual([])
    expect(parsed.roster.people.map(p => p.id)).toEqual(['EMP-1'])
    // Nobody left out is managed: EMP-* claims the family, and except names those left out of it,
    // so the plan disables nobody (DUP's duplicate is DoorFlow's own problem).
    expect(parsed.roster.manages).toEqual(['EMP-*'])
    expect(parsed.roster.except).toEqual(['EMP-2', 'EMP-3', 'EMP-4', 'EMP-6', 'EMP-7', 'EMP-11', 'EMP-12'])
    expect(result.files[0].text).toContain('except:\n  - EMP-2 # DoorFlow person 2\n')
    expect(planned.plan.changes).toEqual([])
    expect(planned.plan.managedCount).toBe(1)
    expect(planned.problems.map(p => p.message)).toEqual([
      expect.stringContaining('DoorFlow has more than one person with system_id DUP')
    ])
  })

  it('leaves out DoorFlow values the roster would refuse: ids it cannot adopt by, dates it cannot read back', () => {
    const person = (id: number, more: Partial<FakePerson> = {}) =>
      fakePerson(id, { system_id: null, first_name: 'A', last_name: `P${id}`, groups: [1], ...more })
    const acc = account([
      person(1),
      person(0),
      person(-3),
      person(1.5),
      person(2 ** 53 + 2),
      person(1e15),
      person(999_999_999_999_999),
      person(2, { system_id: 'DF-X-1', valid_from: '0001-01-01T00:00:00Z' }),
      person(3, { valid_to: '0099-12-31T23:59:59Z' }),
      person(4, { valid_to: '+010000-01-01T00:00:00Z' }),
      person(5, { valid_from: '0100-01-01T00:00:00Z', valid_to: '9999-12-31T23:59:59Z' })
    ])
    const { result, parsed, planned } = roundTrip(acc, { split: 'none', idTemplate: 'DF-{id}' })
    expect(result.leftOut.map(l => l.personId)).toEqual([0, -3, 1.5, 2 ** 53 + 2, 1e15, 2, 3, 4])
    expect(result.leftOut[0].why).toBe(
      'its DoorFlow id is not a whole number from 1 to 999,999,999,999,999, which the roster refuses.'
    )
    expect(result.leftOut[5].why).toBe(
      'its valid_from is a date the roster cannot read back (it takes years 0100 to 9999), which would fail every plan.'
    )
    expect(result.leftOut.map(l => l.why).join(' ')).not.toMatch(/0001|0099|10000/)
    // What is written plans cleanly: no entry fails every plan. DF-X-1 (left out) is in except.
    expect(parsed.problems).toEqual([])
    expect(planned.problems).toEqual([])
    expect(parsed.roster.people.map(p => p.id)).toEqual(['DF-1', 'DF-5', 'DF-999999999999999'])
    expect(parsed.roster.except).toEqual(['DF-X-1'])
    expect(planned.plan.changes.map(c => c.kind)).toEqual(['adopt', 'adopt', 'adopt'])
    // Named in the output, capped and escaped.
    expect(leftOutLines(result, 3)).toEqual([
      'DoorFlow person 0 is left out of the export: its DoorFlow id is not a whole number from 1 to 999,999,999,999,999, which the roster refuses.',
      expect.stringMatching(/^DoorFlow person -3 /),
      expect.stringMatching(/^DoorFlow person 1\.5 /),
      '…and 5 more left out (8 in all).'
    ])
  })

  it('declares manages once: patterns exact against everyone in DoorFlow, those left out in except', () => {
    const acc = account([
      fakePerson(1, { system_id: 'EMP-1', first_name: 'A', last_name: 'B', department: 'Ops', groups: [] }),
      fakePerson(2, { system_id: 'EMP-2', first_name: 'A', last_name: 'B', department: 'Ops', groups: [] }),
      fakePerson(3, { system_id: 'EMP-3', first_name: 'A', last_name: 'B', department: 'Eng', groups: [] }),
      fakePerson(4, { system_id: 'CON-1', first_name: 'A', last_name: 'B', department: 'Eng', groups: [] }),
      fakePerson(5, { system_id: 'CON-2', first_name: 'A', last_name: 'B', department: 'Eng', groups: [] }),
      fakePerson(6, { system_id: 'X*Y', first_name: 'A', last_name: 'B', department: 'Eng', groups: [] }),
      // Left out (a refused character in a name): except names its id.
      fakePerson(7, { system_id: 'CON-3', first_name: 'A\u200b', last_name: 'B', department: 'Eng', groups: [] }),
      // Left out, and except cannot name it (the id itself holds a zero-width space): longer prefixes keep it out.
      fakePerson(8, { system_id: 'EMP-2\u200b0', first_name: 'A', last_name: 'B', department: 'Ops', groups: [] })
    ])
    const { result, parsed, planned } = roundTrip(acc)
    expect(result.files.map(f => f.name)).toEqual(['_manages.yaml', 'eng.yaml', 'ops.yaml'])
    expect(result.leftOut.map(l => l.personId)).toEqual([6, 7, 8])
    expect(parsed.roster.manages).toEqual(['CON-*', 'EMP-1*', 'EMP-3*', 'EMP-2'])
    expect(parsed.roster.except).toEqual(['CON-3'])
    expect(parsed.problems).toEqual([])
    expect(planned.plan.changes).toEqual([])
    expect(planned.plan.managedCount).toBe(5)
    // Each department file alone is a valid roster that manages (and so removes) nobody.
    for (const f of result.files) expect(parseRoster([{ file: f.name, text: f.text }]).problems).toEqual([])
    expect(parseRoster([{ file: 'ops.yaml', text: result.files[2].text }]).roster.manages).toEqual([])

    // A new hire is one entry in one file; a leaver deleted from a file is removed; nobody left out is.
    const ops = result.files[2].text
    const hired = ops.replace(
      'people:\n',
      'people:\n  - id: EMP-10\n    first_name: New\n    last_name: Hire\n    groups: []\n'
    )
    const leaver = ops.replace(/ {2}- id: EMP-2\n(?: {4}.*\n)+/, '')
    for (const [text, kind, id] of [
      [hired, 'create', 'EMP-10'],
      [leaver, 'remove', 'EMP-2']
    ] as const) {
      const files = result.files.map(f => ({ file: f.name, text: f.name === 'ops.yaml' ? text : f.text }))
      const again = parseRoster(files)
      expect(again.problems).toEqual([])
      const plan = planRoster(again.roster, acc, 'disable', { now: NOW })
      expect(plan.problems).toEqual([])
      expect(plan.plan.changes.map(c => [c.kind, c.systemId])).toEqual([[kind, id]])
    }
  })

  it('names files safely from untrusted departments and groups, collisions numbered', () => {
    const departments = ['../../etc', '.hidden', 'R&D', 'R-D', 'a/b\\c', 'CON', 'Ops\u0000', '', 'Économie', '日本']
    const acc = account(
      departments.map((d, i) =>
        fakePerson(i + 1, { system_id: `E-${i + 1}`, first_name: 'A', last_name: 'B', department: d, groups: [] })
      )
    )
    const { result } = roundTrip(acc)
    expect(result.files[0].name).toBe(MANAGES_FILE)
    const names = result.files.slice(1).map(f => f.name)
    for (const name of names) {
      expect(name).toMatch(/^[\p{L}\p{N}][\p{L}\p{N}-]*\.yaml$/u)
      expect(name).not.toMatch(/[/\\\0]|^\./)
    }
    expect(names.sort()).toEqual(
      [
        'a-b-c.yaml',
        'con-people.yaml',
        'etc.yaml',
        'hidden.yaml',
        'no-department.yaml',
        'r-d-2.yaml',
        'r-d.yaml',
        'économie.yaml',
        '日本.yaml'
      ].sort()
    )
    expect(result.leftOut.map(l => l.personId)).toEqual([7])
    expect(safeName('   ')).toBe('unnamed')
    expect(safeName('x'.repeat(200))).toHaveLength(60)
  })

  it('gives a generated id only when free; a clash with an existing system_id leaves both out', () => {
    const acc = account([
      fakePerson(5, { system_id: null, first_name: 'A', last_name: 'B', groups: [] }),
      fakePerson(6, { system_id: 'DF-5', first_name: 'C', last_name: 'D', groups: [] })
    ])
    const { result } = roundTrip(acc, { split: 'none', idTemplate: 'DF-{id}' })
    expect(result.leftOut.map(l => l.personId)).toEqual([5, 6])
    const other = roundTrip(acc, { split: 'none', idTemplate: 'legacy-{id}-x' })
    expect(other.result.leftOut).toEqual([])
    expect(other.parsed.roster.people.map(p => [p.id, p.doorflowId])).toEqual([
      ['DF-5', undefined],
      ['legacy-5-x', 5]
    ])
    expect(other.planned.plan.changes.map(c => [c.kind, c.systemId])).toEqual([['adopt', 'legacy-5-x']])
  })

  it('checks the id template', () => {
    expect(checkIdTemplate('DF-{id}')).toBeUndefined()
    expect(checkIdTemplate('DF-')).toMatch(/must hold \{id\}/)
    expect(checkIdTemplate(' {id}')).toMatch(/spaces/)
    expect(checkIdTemplate('*{id}')).toMatch(/wildcard/)
    expect(checkIdTemplate('{id}\u200b')).toMatch(/U\+200B/)
    expect(() => exportRoster(account([]), { split: 'none', idTemplate: 'x' })).toThrow(/must hold/)
  })

  it('sorts naturally', () => {
    expect(['EMP-10', 'EMP-2', 'EMP-1', 'EMP-002', 'A', 'EMP-10a', 'B-1'].sort(naturalCompare)).toEqual([
      'A',
      'B-1',
      'EMP-1',
      'EMP-002',
      'EMP-2',
      'EMP-10',
      'EMP-10a'
    ])
  })
})

describe('beyondRosterBounds: an export the roster reader would refuse is never written', () => {
  const result = (sizes: number[]): ExportResult => ({
    files: sizes.map((n, i) => ({ name: `f${i}.yaml`, text: 'x'.repeat(n), people: 1 })),
    people: sizes.length,
    leftOut: []
  })

  it('passes files the reader takes, and names a file over 16 MiB, or files over 64 MiB together', () => {
    expect(beyondRosterBounds(result([10, MAX_FILE_BYTES]))).toBeUndefined()
    expect(beyondRosterBounds(result(Array.from({ length: MAX_FILES }, () => 1)))).toBeUndefined()
    expect(beyondRosterBounds(result(Array.from({ length: MAX_FILES + 1 }, () => 1)))).toMatch(
      /^the export would be 1,001 files, more than the 1000 a roster directory may hold/
    )
    expect(beyondRosterBounds(result([10, MAX_FILE_BYTES + 1]))).toMatch(
      /^f1\.yaml would be 16,777,217 bytes, more than the 16 MiB a roster file may be/
    )
    expect(beyondRosterBounds(result([MAX_FILE_BYTES, MAX_FILE_BYTES, MAX_FILE_BYTES, MAX_FILE_BYTES]))).toBeUndefined()
    expect(beyondRosterBounds(result([MAX_FILE_BYTES, MAX_FILE_BYTES, MAX_FILE_BYTES, MAX_FILE_BYTES, 1]))).toMatch(
      /^the files would hold 67,108,865 bytes, more than the 64 MiB a roster may/
    )
  })
})

describe('writeExportFiles: a write that fails half-way leaves no half roster', () => {
  it('removes the files it created when a later one cannot be written, and says so', () => {
    const ws = mkdtempSync(join(tmpdir(), 'export-half-'))
    try {
      // The second file cannot be created (its name is taken by the first: O_EXCL).
      const files = ['a.yaml', 'b.yaml', 'a.yaml'].map(name => ({ name, text: 'version: 1\n', people: 1 }))
      const written = writeExportFiles('access', ws, { files, people: 3, leftOut: [] }, "Input 'export'")
      expect(written).toEqual({
        ok: false,
        message: "Input 'export': 'access' cannot be written (EEXIST); no file of the export is left in it."
      })
      expect(existsSync(join(ws, 'access'))).toBe(true)
      expect(readdirSync(join(ws, 'access'))).toEqual([])
    } finally {
      rmSync(ws, { recursive: true, force: true })
    }
  })
})
