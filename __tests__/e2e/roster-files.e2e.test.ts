/**
 * End to end, the roster file rules: `node dist/index.js` with a hostile roster in a workspace.
 * Each run must fail with one clear line naming the file and line (or the input) and send no
 * request to the fake DoorFlow; a good file must mean what it says (0042 stays "0042").
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN, SYNC_SCOPE } from '../../__fixtures__/fake-doorflow.js'
import { fakePerson, PEOPLE_READ_SCOPES } from '../../__fixtures__/fake-people.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import type { Plan } from '../../src/roster/plan.js'

let fake: FakeDoorFlow
let workspace: string
let outside: string
let temp: string

const PERSON = `version: 1
people:
  - id: EMP-1
    first_name: Ada
    last_name: Lovelace
    groups: [Engineering]
`

beforeEach(async () => {
  fake = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: [SYNC_SCOPE, ...PEOPLE_READ_SCOPES] },
    people: {
      people: [
        fakePerson(142, { system_id: '42', first_name: 'Forty', last_name: 'Two', groups: [1] }),
        fakePerson(143, { system_id: '0042', first_name: 'Ada', last_name: 'Old', groups: [1] })
      ]
    }
  })
  workspace = mkdtempSync(join(tmpdir(), 'roster-files-ws-'))
  outside = mkdtempSync(join(tmpdir(), 'roster-files-out-'))
  temp = mkdtempSync(join(tmpdir(), 'roster-files-temp-'))
  mkdirSync(join(workspace, 'access'))
})
afterEach(async () => {
  await fake.close()
  for (const dir of [workspace, outside, temp]) rmSync(dir, { recursive: true, force: true })
})

async function plan(roster: string): Promise<ActionRun> {
  const run = await runAction(
    { token: FAKE_TOKEN, 'base-url': fake.url, roster, 'dry-run': 'true' },
    { env: { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp } }
  )
  expect(leakedLines(run, [FAKE_TOKEN, ...fake.issued])).toEqual([])
  return run
}
const errors = (run: ActionRun) => run.lines.filter(l => l.startsWith('::error'))

/**
 * The run failed with nothing written, with exactly these annotations (file, line and message
 * start). A file that was not read at all sends no request; a file read with problems is still
 * checked against DoorFlow (reads only), so that its unknown groups come in the same run.
 */
function refused(run: ActionRun, expected: string[]): void {
  expect(run.code).toBe(1)
  expect(fake.requests.filter(r => r.method !== 'GET')).toEqual([])
  const found = errors(run).slice(0, -1)
  expect(found).toHaveLength(expected.length)
  found.forEach((line, i) => expect(line).toContain(expected[i]))
  const last = errors(run).at(-1)!
  expect(last).toMatch(/^::error::The roster has \d+ problems?.*nothing was (read from or )?written to DoorFlow/)
  if (last.includes('nothing was read from')) expect(fake.requests).toEqual([])
}

describe('the file means what it says', () => {
  it('refuses a file with a NUL byte, on its line', async () => {
    writeFileSync(join(workspace, 'access', 'r.yaml'), PERSON.replace('Ada', 'A\0da'))
    refused(await plan('access/r.yaml'), ['file=access/r.yaml,line=4,col=18::U+0000 (NUL) at column 18'])
  })

  it('refuses unknown tags, on their line', async () => {
    writeFileSync(join(workspace, 'access', 'a.yaml'), PERSON.replace('[Engineering]', '!!binary aGVsbG8='))
    writeFileSync(join(workspace, 'access', 'b.yaml'), PERSON.replace('EMP-1', 'EMP-2').replace('Ada', '!foo Ada'))
    refused(await plan('access'), ['file=access/a.yaml,line=6,col=', 'file=access/b.yaml,line=4,col='])
    expect(errors(await plan('access')).join('\n')).toContain('unknown tag !<!foo>: tags such as !!binary or !foo')
  })

  it('refuses %YAML 1.1, which would read 0042 as 34 and off as false', async () => {
    writeFileSync(join(workspace, 'r.yaml'), `%YAML 1.1\n---\n${PERSON.replace('EMP-1', '0042')}    enabled: off\n`)
    refused(await plan('r.yaml'), ['file=r.yaml,line=1,col=1::%25YAML 1.1: a roster is read as YAML 1.2 only'])
  })

  it('reads id 0042 as "0042" and plans for that person, never for 42', async () => {
    writeFileSync(join(workspace, 'r.yaml'), PERSON.replace('EMP-1', '0042').replace('Engineering', 'Night Shift'))
    const run = await plan('r.yaml')
    expect(run.code).toBe(0)
    const saved = JSON.parse(readFileSync(run.outputs['plan-file'], 'utf8')) as Plan
    expect(saved.changes.map(c => `${c.kind} ${c.systemId}`)).toEqual(['update 0042'])
    expect(run.summary).toContain('(0042)')
  })

  it('with a problem in the file, 0042 is still "0042" in the messages and nothing is read', async () => {
    writeFileSync(join(workspace, 'r.yaml'), `${PERSON.replace('EMP-1', '0042')}    telephone: !!int 0123\n`)
    refused(await plan('r.yaml'), ['file=r.yaml,line=7,col='])
    writeFileSync(join(workspace, 'r.yaml'), `${PERSON.replace('EMP-1', '0042')}    gropus: []\n`)
    refused(await plan('r.yaml'), ["file=r.yaml,line=7,col=5::Unknown key 'gropus' in person '0042'"])
  })

  it('refuses invisible characters in a value, naming the field', async () => {
    writeFileSync(join(workspace, 'r.yaml'), PERSON.replace('Ada', '"Ad\\u200ba"'))
    refused(await plan('r.yaml'), [
      "file=r.yaml,line=4,col=17::first_name in person 'EMP-1' holds U+200B (zero-width space)"
    ])
  })
})

describe('the files stay inside the workspace', () => {
  it('refuses a link to /dev/zero without reading it', async () => {
    writeFileSync(join(workspace, 'access', 'a.yaml'), PERSON)
    symlinkSync('/dev/zero', join(workspace, 'access', 'z.yaml'))
    refused(await plan('access'), [
      "title=Roster::Roster file 'access/z.yaml' is a link that leads outside the workspace"
    ])
    expect(fake.requests).toEqual([]) // not read: nothing to check against DoorFlow
  })

  it('refuses a FIFO without blocking', async () => {
    execFileSync('mkfifo', [join(workspace, 'access', 'f.yaml')])
    refused(await plan('access/f.yaml'), [
      "title=Roster::Roster file 'access/f.yaml' is not a regular file (a directory, FIFO, socket or device)"
    ])
    expect(fake.requests).toEqual([]) // not read: nothing to check against DoorFlow
  })

  it('refuses a link to a file outside the workspace; not a word of it is shown', async () => {
    writeFileSync(join(outside, 'secrets.yaml'), 'AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI\n')
    symlinkSync(join(outside, 'secrets.yaml'), join(workspace, 'access', 'r.yaml'))
    const run = await plan('access')
    refused(run, ["Roster file 'access/r.yaml' is a link that leads outside the workspace; it is not read."])
    expect(fake.requests).toEqual([]) // not read: nothing to check against DoorFlow
    for (const text of [run.stdout, run.stderr, run.summary]) {
      expect(text).not.toContain('AWS_SECRET_ACCESS_KEY')
      expect(text).not.toContain('wJalrXUtnFEMI')
    }
  })

  it('refuses an absolute path, naming the input', async () => {
    const run = await plan('/etc/passwd')
    refused(run, [
      "title=Roster::Input 'roster': '/etc/passwd' is an absolute path; give a path relative to the workspace"
    ])
    expect(fake.requests).toEqual([]) // not read: nothing to check against DoorFlow
    expect(run.stdout).not.toContain('root:')
  })
})

describe('limits', () => {
  it('answers a 25-star manages pattern against a 60-character id', async () => {
    const id = 'a'.repeat(60)
    writeFileSync(join(workspace, 'r.yaml'), `manages: '${'*a'.repeat(25)}*b'\n${PERSON.replace('EMP-1', id)}`)
    refused(await plan('r.yaml'), [`file=r.yaml,line=4,col=9::id '${id}' is outside manages`])
  })

  it('lists 50 of 200,000 problems (9 as annotations), and one notice counts the rest', async () => {
    const lines = ['version: 1', 'people:']
    for (let i = 0; i < 100_000; i++)
      lines.push(`  - id: EMP-${i}`, '    first_name: A', '    last_name: B', '    gropus: []')
    writeFileSync(join(workspace, 'r.yaml'), `${lines.join('\n')}\n`)
    const run = await plan('r.yaml')
    expect(run.code).toBe(1)
    expect(fake.requests.filter(r => r.method !== 'GET')).toEqual([])
    // GitHub shows 10 errors per step: the first 9 problems and the step's failure.
    expect(errors(run)).toHaveLength(10)
    expect(errors(run)[0]).toContain("file=r.yaml,line=6,col=5::Unknown key 'gropus' in person 'EMP-0'")
    expect(errors(run)[9]).toContain('The roster has 200,000 problems')
    expect(run.lines.filter(l => l.startsWith('Error (not annotated): Roster: r.yaml:'))).toHaveLength(41)
    expect(run.lines.filter(l => l.startsWith('::notice'))).toEqual([
      '::notice title=More in the log::…and 199,991 more problems (200,000 in all) in the log only (41 errors, on lines starting "Error (not annotated)"); 199,950 errors not listed (fix those above and run again): GitHub shows at most 10 error and 10 warning annotations per step.'
    ])
    expect(run.stdout.length).toBeLessThan(20_000)
  }, 180_000)
})
