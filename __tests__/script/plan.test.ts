/**
 * `npm run plan` in-process against the fake DoorFlow: the roster's plan for a person at a
 * terminal, problems as file:line:col lines, the options that change a plan read as the action
 * reads its inputs, and paths read from where the command was run. The same commands as real
 * processes, run from outside the clone: terminal.e2e.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { fakePerson, PEOPLE_READ_SCOPES } from '../../__fixtures__/fake-people.js'
import { main } from '../../script/plan.js'
import type { Plan } from '../../src/roster/plan.js'

let fake: FakeDoorFlow
let dir: string
const cwd = process.cwd()

beforeEach(async () => {
  fake = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: PEOPLE_READ_SCOPES },
    people: { people: [fakePerson(5, { system_id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: [3] })] }
  })
  dir = mkdtempSync(join(tmpdir(), 'plan-cli-'))
  process.chdir(dir)
})
afterEach(async () => {
  process.chdir(cwd)
  rmSync(dir, { recursive: true, force: true })
  await fake.close()
})

/** The command in-process: `lines` is stdout, `errors` stderr. */
async function cli(args: string[], env: Record<string, string> = { DOORFLOW_TOKEN: FAKE_TOKEN }) {
  const lines: string[] = []
  const errors: string[] = []
  const code = await main(
    args,
    { DOORFLOW_BASE_URL: fake.url, ...env },
    l => lines.push(l),
    l => errors.push(l)
  )
  return { code, lines, errors }
}

it('prints the plan in words and writes nothing', async () => {
  writeFileSync(
    'roster.yaml',
    'version: 1\nmanages: EMP-*\npeople:\n  - {id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [Night Shift]}\n'
  )
  const { code, lines } = await cli(['--roster', 'roster.yaml'])
  expect(code).toBe(0)
  expect(lines.slice(0, 4)).toEqual([
    'Plan: 1 update; 0 unchanged.',
    // What manages claims in DoorFlow, as the summary's header says it.
    '  manages EMP-* (1 person in DoorFlow)',
    '  - Ada Lovelace (EMP-1) gains Night Shift, loses Loading Dock',
    // A group move locks nobody out: the guard's line says so, with the limit an apply would use.
    'Nobody loses all door access, now or in the next 14 days (max-removals 1, the default).'
  ])
  expect(lines[4]).toMatch(/^\(1 in the roster, 1 in DoorFlow; 3 requests, \d+ ms; nothing was written.\)$/)
  expect(fake.requests.every(r => r.method === 'GET')).toBe(true)
})

it('prints problems as file:line:col and sends no request', async () => {
  writeFileSync(
    'roster.yaml',
    'version: 1\npeople:\n  - id: EMP-1\n    first_name: Ada\n    last_name: L\n    gropus: []\n'
  )
  const { code, lines, errors } = await cli(['--roster', 'roster.yaml'])
  expect(code).toBe(1)
  expect(errors[0]).toBe("roster.yaml:6:5: Unknown key 'gropus' in person 'EMP-1'; did you mean 'groups'?")
  expect(errors.at(-1)).toBe('The roster has 2 problems; nothing was read from DoorFlow.')
  expect(lines).toEqual([])
  expect(fake.requests).toEqual([])
})

it('asks for the token from the environment and for --roster', async () => {
  writeFileSync('roster.yaml', 'version: 1\npeople: []\n')
  expect((await cli(['--roster', 'roster.yaml'], {})).errors[0]).toContain('DOORFLOW_TOKEN is empty')
  const none = await cli([])
  expect(none.code).toBe(2)
  expect(none.errors[0]).toBe('--roster is required.')
  expect(none.errors[2]).toMatch(/^Usage: /)
})

describe('--detailed-exitcode', () => {
  const roster = (groups: string) =>
    writeFileSync(
      'roster.yaml',
      `version: 1\nmanages: EMP-*\npeople:\n  - {id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [${groups}]}\n`
    )

  it('exits 0 when DoorFlow matches the roster', async () => {
    roster('Loading Dock')
    const { code, lines } = await cli(['--roster', 'roster.yaml', '--detailed-exitcode'])
    expect(code).toBe(0)
    expect(lines[0]).toBe('Plan: no changes; 1 unchanged.')
  })

  it('exits 2 when the plan has changes (the same plan exits 0 without the flag)', async () => {
    roster('Night Shift')
    expect((await cli(['--roster', 'roster.yaml', '--detailed-exitcode'])).code).toBe(2)
    expect((await cli(['--roster', 'roster.yaml', '--detailed-exitcode', '--json'])).code).toBe(2)
    expect((await cli(['--roster', 'roster.yaml'])).code).toBe(0)
    expect(fake.requests.every(r => r.method === 'GET')).toBe(true)
  })

  it('exits 1 on any error, a usage error and an unknown group included', async () => {
    roster('No Such Group')
    const unknown = await cli(['--roster', 'roster.yaml', '--detailed-exitcode'])
    expect(unknown.code).toBe(1)
    expect(unknown.errors[0]).toMatch(/^roster.yaml:4:\d+: Unknown group 'No Such Group'/)
    expect((await cli(['--detailed-exitcode'])).code).toBe(1)
    expect((await cli(['--roster', 'roster.yaml', '--detailed-exitcode'], { DOORFLOW_TOKEN: 'wrong' })).code).toBe(1)
    // Without the flag a usage error stays 2.
    expect((await cli([])).code).toBe(2)
  })

  it('takes no value: --detailed-exitcode=true is a usage error, exit 1 and never 2 (changes)', async () => {
    roster('Night Shift') // a plan with changes: 2 if the value were taken as the flag
    for (const flag of ['--detailed-exitcode=true', '--detailed-exitcode=false']) {
      const run = await cli(['--roster', 'roster.yaml', flag])
      expect(run.code).toBe(1)
      expect(run.errors[0]).toBe(
        `--detailed-exitcode takes no value (got '${flag}'): give --detailed-exitcode alone for 0 no changes, 2 changes, 1 error.`
      )
      expect(run.errors[2]).toMatch(/^Usage: /)
      expect(run.lines).toEqual([])
    }
    expect(fake.requests).toEqual([])
  })
})

describe('the options that change a plan, as the action inputs of the same names', () => {
  // EMP-1 moves group; EMP-2 is managed but not in the roster (a removal, which locks them out);
  // DoorFlow person 7 can open a door and no roster manages them.
  beforeEach(async () => {
    await fake.close()
    fake = await FakeDoorFlow.start({
      tokens: { [FAKE_TOKEN]: PEOPLE_READ_SCOPES },
      people: {
        people: [
          fakePerson(5, { system_id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: [3] }),
          fakePerson(6, { system_id: 'EMP-2', first_name: 'Alan', last_name: 'Turing', groups: [1] }),
          fakePerson(7, { system_id: null, first_name: 'Grace', last_name: 'Hopper', groups: [1] })
        ]
      }
    })
    writeFileSync(
      'roster.yaml',
      'version: 1\nmanages: EMP-*\npeople:\n  - {id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [Night Shift]}\n'
    )
  })
  const plan = (...flags: string[]) => cli(['--roster', 'roster.yaml', ...flags])
  const UNMANAGED =
    '1 person in DoorFlow has door access that no roster manages: add them to a roster (npm run export writes entries for them), or disable them in DoorFlow.'

  it('without them: prune disable, unmanaged report, the default max-removals, no drift', async () => {
    const { code, lines, errors } = await plan()
    expect(code).toBe(0)
    expect(lines.slice(0, -1)).toEqual([
      'Plan: 1 update, 1 removal (disable); 0 unchanged.',
      '  manages EMP-* (2 people in DoorFlow)',
      // In the summary's order: access taken away, by natural id order.
      '  - Ada Lovelace (EMP-1) gains Night Shift, loses Loading Dock',
      '  - Alan Turing (EMP-2) is disabled (not in the roster; had Engineering)',
      'Locks 1 person out of every door, now or in the next 14 days, within max-removals 1, the default: Alan Turing (EMP-2, removed).',
      UNMANAGED,
      '    DoorFlow person 7: Grace Hopper, no system_id'
    ])
    expect(errors).toEqual([])
  })

  it('--prune: delete deletes, off removes nobody', async () => {
    const deleted = await plan('--prune', 'delete')
    expect(deleted.lines.slice(0, 4)).toEqual([
      'Plan: 1 update, 1 removal (delete); 0 unchanged.',
      '  manages EMP-* (2 people in DoorFlow)',
      '  - Ada Lovelace (EMP-1) gains Night Shift, loses Loading Dock',
      '  - Alan Turing (EMP-2) is deleted (not in the roster; had Engineering)'
    ])
    const off = await plan('--prune', 'off')
    expect(off.lines[0]).toBe('Plan: 1 update; 0 unchanged.')
    expect(off.lines.join('\n')).not.toContain('Alan Turing')
  })

  it('--max-removals: the guard judges with it, and says the apply would be refused (a dry run does not fail)', async () => {
    const refused = await plan('--max-removals', '0')
    expect(refused.code).toBe(0)
    expect(refused.lines[4]).toBe(
      'The apply would be refused: the plan locks 1 person out of every door, now or in the next 14 days, more than max-removals (0, set by the workflow): Alan Turing (EMP-2, removed). If that is intended, a reviewer approves it on the pull request: an approving review of its last commit, by someone with Write access other than its author, with the line `doorflow: allow 1 removals`; otherwise fix the roster.'
    )
    expect((await plan('--max-removals', '0', '--detailed-exitcode')).code).toBe(2)
    expect((await plan('--max-removals', '5')).lines[4]).toBe(
      'Locks 1 person out of every door, now or in the next 14 days, within max-removals 5: Alan Turing (EMP-2, removed).'
    )
    const json = await plan('--max-removals', '0', '--json')
    expect((JSON.parse(json.lines.join('\n')) as Plan).guard).toMatchObject({
      limit: 0,
      limitSource: 'max-removals',
      refused: true
    })
  })

  it('--unmanaged: fail shows the plan, then fails (exit 1, with --detailed-exitcode too); ignore leaves them out', async () => {
    for (const flags of [[], ['--detailed-exitcode'], ['--json']]) {
      const failed = await plan('--unmanaged', 'fail', ...flags)
      expect(failed.code).toBe(1)
      // The plan first, as the action's dry run shows it before it fails.
      expect(failed.lines.join('\n')).toContain('Alan Turing')
      expect(failed.errors).toEqual([
        '--unmanaged is fail, and 1 person in DoorFlow has door access that no roster manages (named above): add them to a roster (npm run export writes entries for them), disable them in DoorFlow, or pass --unmanaged report. Nothing was written.'
      ])
    }
    const ignored = await plan('--unmanaged', 'ignore')
    expect(ignored.code).toBe(0)
    expect(ignored.lines).not.toContain(UNMANAGED)
    expect((await plan('--unmanaged', 'report')).lines).toContain(UNMANAGED)
  })

  it('--drift marks every change as drift, as the scheduled run of the action does; without it none is', async () => {
    const drift = await plan('--drift')
    expect(drift.lines.slice(2, 4)).toEqual([
      '  - Ada Lovelace (EMP-1) was given Loading Dock and lost Night Shift in DoorFlow outside the roster (by hand, or an apply that never ran); the apply would take Loading Dock away and give Night Shift (drift: changed in DoorFlow, not in this commit)',
      '  - Alan Turing (EMP-2) is in DoorFlow, with Engineering, but in no roster file (added there by hand, or never applied); the apply would disable them (drift: changed in DoorFlow, not in this commit)'
    ])
    expect(drift.lines).toContain(
      "2 changes of 2 are drift: DoorFlow was changed outside the roster (by hand, or by an apply that never ran), and applying puts the roster's values back."
    )
    const json = JSON.parse((await plan('--drift', '--json')).lines.join('\n')) as Plan
    expect(json.drift).toBe(2)
    expect((JSON.parse((await plan('--json')).lines.join('\n')) as Plan).drift).toBeUndefined()
    expect((await plan()).lines.join('\n')).not.toContain('drift')
  })

  it.each([
    [['--prune', 'archive'], "--prune must be one of disable, delete, off, got 'archive'."],
    [['--unmanaged', 'warn'], "--unmanaged must be one of ignore, report, fail, got 'warn'."],
    [
      ['--max-removals', 'ten'],
      "--max-removals must be a whole number from 0 to 1000000 (or empty for the default: 10 people or 10 % of the managed, whichever is smaller), got 'ten'."
    ],
    [
      ['--max-removals=-1'],
      "--max-removals must be a whole number from 0 to 1000000 (or empty for the default: 10 people or 10 % of the managed, whichever is smaller), got '-1'."
    ]
  ])('%j is a usage error named as the action names its input, before any request', async (flags, message) => {
    const run = await plan(...flags)
    expect(run.code).toBe(2)
    expect(run.errors[0]).toBe(message)
    expect((await plan(...flags, '--detailed-exitcode')).code).toBe(1)
    expect(fake.requests).toEqual([])
  })
})

describe('paths, read from where the command was run', () => {
  const ada =
    'version: 1\nmanages: EMP-*\npeople:\n  - {id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [Loading Dock]}\n'
  const typo = 'version: 1\npeople:\n  - id: EMP-1\n    first_name: Ada\n    last_name: L\n    gropus: []\n'

  it('reads a relative path from INIT_CWD (npm --prefix runs the script in the clone)', async () => {
    mkdirSync('config/access', { recursive: true })
    writeFileSync('config/access/team.yaml', typo)
    process.chdir(cwd) // where npm runs the script: the clone
    const run = await cli(['--roster', 'access'], { DOORFLOW_TOKEN: FAKE_TOKEN, INIT_CWD: join(dir, 'config') })
    expect(run.code).toBe(1)
    expect(run.errors[0]).toBe("access/team.yaml:6:5: Unknown key 'gropus' in person 'EMP-1'; did you mean 'groups'?")
    writeFileSync(join(dir, 'config/access/team.yaml'), ada)
    const planned = await cli(['--roster', 'access'], { DOORFLOW_TOKEN: FAKE_TOKEN, INIT_CWD: join(dir, 'config') })
    expect(planned.code).toBe(0)
    expect(planned.lines[0]).toBe('Plan: no changes; 1 unchanged.')
  })

  it('takes an absolute path, and one that leads out of the directory, naming files as they were given', async () => {
    mkdirSync('elsewhere')
    mkdirSync('here')
    writeFileSync('elsewhere/roster.yaml', typo)
    const absolute = join(dir, 'elsewhere', 'roster.yaml')
    const env = { DOORFLOW_TOKEN: FAKE_TOKEN, INIT_CWD: join(dir, 'here') }
    expect((await cli(['--roster', absolute], env)).errors[0]).toBe(
      `${absolute}:6:5: Unknown key 'gropus' in person 'EMP-1'; did you mean 'groups'?`
    )
    expect((await cli(['--roster', join(dir, 'elsewhere')], env)).errors[0]).toBe(
      `${absolute}:6:5: Unknown key 'gropus' in person 'EMP-1'; did you mean 'groups'?`
    )
    expect((await cli(['--roster', '../elsewhere/roster.yaml'], env)).errors[0]).toBe(
      "../elsewhere/roster.yaml:6:5: Unknown key 'gropus' in person 'EMP-1'; did you mean 'groups'?"
    )
    expect(fake.requests).toEqual([])
    writeFileSync('elsewhere/roster.yaml', ada)
    const planned = await cli(['--roster', absolute], env)
    expect(planned.code).toBe(0)
    expect(planned.lines[0]).toBe('Plan: no changes; 1 unchanged.')
  })

  it('names the option in a problem of the path itself', async () => {
    mkdirSync('empty')
    const run = await cli(['--roster', 'empty'], { DOORFLOW_TOKEN: FAKE_TOKEN, INIT_CWD: dir })
    expect(run.code).toBe(1)
    expect(run.errors[0]).toBe("--roster: the directory 'empty' has no *.yaml or *.yml files.")
  })

  it('says where a path that is not there was looked for, before any request', async () => {
    const run = await cli(['--roster', 'acess'], { DOORFLOW_TOKEN: FAKE_TOKEN, INIT_CWD: dir })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      `--roster: 'acess' does not exist (a relative path is read from ${dir}, where the command was run). Nothing was read from DoorFlow.`
    ])
    expect(fake.requests).toEqual([])
  })
})

describe('error lines, as the action makes them', () => {
  it('lists the first 50 problems, then how many more, each on one line', async () => {
    const people = Array.from(
      { length: 60 },
      (_, i) => `  - {id: EMP-${i}, first_name: A, last_name: B, groups: [], gropus: []}`
    )
    writeFileSync('roster.yaml', `version: 1\npeople:\n${people.join('\n')}\n`)
    const { code, errors } = await cli(['--roster', 'roster.yaml'])
    expect(code).toBe(1)
    expect(errors).toHaveLength(52)
    expect(errors[49]).toMatch(/^roster.yaml:52:\d+: Unknown key 'gropus' in person 'EMP-49'/)
    expect(errors[50]).toBe('…and 10 more (60 problems in all): fix these and run again.')
    expect(errors[51]).toBe('The roster has 60 problems; nothing was read from DoorFlow.')
  })

  it('makes a file name that holds a line break one line', async () => {
    mkdirSync('a\nb')
    writeFileSync(
      'a\nb/roster.yaml',
      'version: 1\npeople:\n  - id: EMP-1\n    first_name: Ada\n    last_name: L\n    gropus: []\n'
    )
    const { errors } = await cli(['--roster', 'a\nb'])
    expect(errors[0]).toBe("a b/roster.yaml:6:5: Unknown key 'gropus' in person 'EMP-1'; did you mean 'groups'?")
  })
})

it('--json keeps every name whole yet puts no character on the terminal that steers it or reads backwards', async () => {
  // DoorFlow's own text: a C1 CSI (clears the screen where a terminal takes C1 controls), a bidi
  // override, a line separator and DEL. JSON.stringify escapes only C0 controls.
  const hostile = 'Mallory\u009b2J\u202etxt.exe\u2028\u2029\u007f\u0085\u2066x'
  fake.people.load([fakePerson(6, { system_id: 'EMP-2', first_name: 'Eve', last_name: hostile, groups: [3] })])
  writeFileSync(
    'roster.yaml',
    'version: 1\nmanages: EMP-*\npeople:\n  - {id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [Loading Dock]}\n'
  )
  const { code, lines } = await cli(['--roster', 'roster.yaml', '--json', '--max-removals', '5'])
  expect(code).toBe(0)
  const text = lines.join('\n')
  // The characters the terminal must not get, C0 aside from the line breaks between JSON's lines.
  // eslint-disable-next-line no-control-regex -- control characters are what this pattern is for
  const unseen = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]/
  expect(text).not.toMatch(unseen)
  const plan = JSON.parse(text) as Plan
  expect(plan.changes).toEqual([expect.objectContaining({ kind: 'remove', systemId: 'EMP-2', name: `Eve ${hostile}` })])
})
