/**
 * End to end, the guard and adoption: `node dist/index.js` with a roster against the fake
 * DoorFlow. A roster that locks 50 managed people out in any form is refused before any write
 * (and the dry run says so beforehand); adoption by email picks one DoorFlow person or none.
 */
import { readFileSync } from 'node:fs'
import { FakeDoorFlow, FAKE_TOKEN, SYNC_SCOPE } from '../../__fixtures__/fake-doorflow.js'
import {
  DEFAULT_GROUPS,
  fakePerson,
  generatePeople,
  GROUP_READ_SCOPE,
  PERSON_READ_SCOPE,
  PERSON_WRITE_SCOPE,
  ROLE_READ_SCOPE,
  type FakePerson
} from '../../__fixtures__/fake-people.js'
import { rosterWorkspace, type RosterWorkspace } from '../../__fixtures__/roster-world.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import type { Plan } from '../../src/roster/plan.js'
import { gfm, readable, rendered } from '../helpers/gfm.js'

const SCOPES = [SYNC_SCOPE, PERSON_WRITE_SCOPE, PERSON_READ_SCOPE, GROUP_READ_SCOPE, ROLE_READ_SCOPE]
const FIFTY = generatePeople(50)

let fake: FakeDoorFlow
let ws: RosterWorkspace

async function start(people: FakePerson[]): Promise<void> {
  fake = await FakeDoorFlow.start({ tokens: { [FAKE_TOKEN]: SCOPES }, people: { people } })
}

beforeEach(() => {
  ws = rosterWorkspace()
})
afterEach(async () => {
  await fake.close()
  ws.remove()
})

async function run(roster: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  ws.write(roster)
  const result = await runAction(
    // No push to the default branch here, so dry-run auto would only plan: false applies.
    { token: FAKE_TOKEN, 'base-url': fake.url, roster: 'roster.yaml', 'dry-run': 'false', ...inputs },
    { env: ws.env }
  )
  expect(leakedLines(result, [FAKE_TOKEN])).toEqual([])
  return result
}

const WRITE = /^(POST|PUT|DELETE) \/api\/3\/people/
const writes = () => fake.requests.filter(r => WRITE.test(`${r.method} ${r.path}`)).map(r => `${r.method} ${r.path}`)
const syncs = () => fake.requestsTo('POST /api/3/sync')
const errorLine = (r: ActionRun) => r.lines.find(l => l.startsWith('::error'))
const planOf = (r: ActionRun) => JSON.parse(readFileSync(r.outputs['plan-file'], 'utf8')) as Plan
/** A roster date-time `minutes` from the real clock (the bundle's own): whole seconds, UTC. */
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
/** Today's date (UTC) as a roster writes it: valid_to is then the last second of today. */
const today = () => new Date().toISOString().slice(0, 10)

/** The 50 generated people as a roster, each with `extra` YAML lines (or a replacement groups line). */
function rosterOf(people: FakePerson[], extra: string | ((p: FakePerson) => string) = '', groups?: string): string {
  const name = (id: number) => DEFAULT_GROUPS.find(g => g.id === id)!.name
  const entries = people.map(
    p =>
      `  - id: ${p.system_id}\n    first_name: ${p.first_name}\n    last_name: ${p.last_name}\n    email: ${p.email}\n` +
      `    groups: ${groups ?? `[${p.groups.map(name).join(', ')}]`}\n${typeof extra === 'string' ? extra : extra(p)}`
  )
  return `version: 1\nmanages: EMP-*\npeople:\n${entries.join('')}`
}

describe('the guard counts every lock-out (50 managed people, default max-removals 5)', () => {
  it.each([
    ['removed: the roster lists 1 of them', () => rosterOf(FIFTY.slice(0, 1)), 49, 'removed'],
    ['enabled: false', () => rosterOf(FIFTY, '    enabled: false\n'), 50, 'disabled'],
    ['groups: []', () => rosterOf(FIFTY, '', '[]'), 50, 'every group taken away'],
    ['valid_to: 2000-01-01', () => rosterOf(FIFTY, '    valid_to: 2000-01-01\n'), 50, 'valid_to 2000-01-01T23:59:59Z'],
    [
      'valid_from: 2099-01-01',
      () => rosterOf(FIFTY, '    valid_from: 2099-01-01\n'),
      50,
      'valid_from 2099-01-01T00:00:00Z'
    ],
    // Within the 14 days the guard looks ahead: access ends after the apply (valid_to) or is held back (valid_from).
    ['valid_to: ten minutes from now', () => rosterOf(FIFTY, `    valid_to: ${inMinutes(10)}\n`), 50, 'valid_to '],
    ['valid_to: today', () => rosterOf(FIFTY, `    valid_to: ${today()}\n`), 50, `valid_to ${today()}T23:59:59Z`],
    [
      'valid_from: in three days',
      () => rosterOf(FIFTY, `    valid_from: ${inMinutes(3 * 24 * 60)}\n`),
      50,
      'valid_from '
    ]
  ])('%s: refused, nothing written, no sync', async (_, roster, n, how) => {
    await start(FIFTY.map(p => ({ ...p })))
    const result = await run(roster())
    expect(result.code).toBe(1)
    expect(writes()).toEqual([])
    expect(syncs()).toEqual([])
    const error = errorLine(result)!
    expect(error).toContain(
      `Refusing to apply: the plan locks ${n} people out of every door, now or in the next 14 days, more than max-removals (5, the default: 10 people or 10 %25 of the 50 managed, whichever is smaller): `
    )
    expect(error).toContain(`(EMP-10, ${how}`)
    expect(error).toMatch(
      new RegExp(
        ` and \\d+ more\\. If that is intended, a reviewer approves it on the pull request: an approving review of its last commit, by someone with Write access other than its author, with the line \`doorflow: allow ${n} removals\`; otherwise fix the roster\\. Nothing was written\\.$`
      )
    )
    expect(planOf(result).guard).toMatchObject({ lockOuts: n, limit: 5, limitSource: 'default', refused: true })
    expect(result.outputs['created']).toBe('')
    // The summary's first line is the headline, and the reason is said once.
    expect(result.summary.trimStart().split('\n')[0]).toBe(
      '### ❌ Refused: the roster was not applied, nothing was written'
    )
    expect(gfm(result.summary).trim().split('\n')[0]).toBe(
      '<h3>❌ Refused: the roster was not applied, nothing was written</h3>'
    )
    expect(rendered(result.summary).split('Refusing to apply').length).toBe(2)
  })

  it('a job_title for all 50 locks nobody out: applied, then synced', async () => {
    await start(FIFTY.map(p => ({ ...p })))
    const result = await run(rosterOf(FIFTY, '    job_title: Engineer\n'))
    expect(result.code).toBe(0)
    expect(writes()).toHaveLength(50)
    expect(writes().every(w => w.startsWith('PUT /api/3/people/'))).toBe(true)
    expect(syncs()).toHaveLength(1)
    expect(result.outputs['updated']).toBe('50')
    expect(result.stdout).toContain(
      'Nobody loses all door access, now or in the next 14 days (max-removals 5, the default).'
    )
    expect(fake.people.people.get(1001)).toMatchObject({ job_title: 'Engineer', enabled: true })
  })

  it('the dry run says beforehand that the apply would be refused: log, summary, plan file', async () => {
    await start(FIFTY.map(p => ({ ...p })))
    const result = await run(rosterOf(FIFTY, '', '[]'), { 'dry-run': 'true' })
    expect(result.code).toBe(0)
    expect(writes()).toEqual([])
    expect(syncs()).toEqual([])
    const warning = result.lines.find(l => l.startsWith('::warning'))!
    expect(warning).toMatch(/^::warning title=Roster::The apply would be refused: the plan locks 50 people out/)
    expect(warning).toContain('Grace Lovelace1 (EMP-1, every group taken away)')
    expect(result.summary.split('\n')[0]).toBe('### ❌ DoorFlow roster plan: the apply would be refused')
    expect(rendered(result.summary)).toContain('Guard: The apply would be refused: the plan locks 50 people out')
    expect(result.summary).toContain('and 40 more')
    const plan = planOf(result)
    expect(plan.guard).toMatchObject({ lockOuts: 50, limit: 5, refused: true })
    expect(plan.lockOuts).toHaveLength(50)
    expect(plan.lockOuts?.[0]).toEqual({ systemId: 'EMP-1', name: 'Grace Lovelace1', personId: 1001, how: 'no-groups' })
    // With max-removals raised for this run, the same plan would be applied: the dry run says so too.
    const raised = await run(rosterOf(FIFTY, '', '[]'), { 'dry-run': 'true', 'max-removals': '50' })
    expect(raised.lines.some(l => l.startsWith('::warning'))).toBe(false)
    expect(raised.stdout).toContain(
      'Locks 50 people out of every door, now or in the next 14 days, within max-removals 50: '
    )
    expect(planOf(raised).guard).toMatchObject({ lockOuts: 50, limit: 50, limitSource: 'max-removals', refused: false })
  })
})

describe('the guard looks 14 days ahead: a deferred lock-out counts like one now', () => {
  it('the dry run on the pull request says why the apply would be refused, naming each date', async () => {
    await start(FIFTY.map(p => ({ ...p })))
    const soon = inMinutes(10)
    const result = await run(rosterOf(FIFTY, `    valid_to: ${soon}\n`), { 'dry-run': 'true' })
    expect(result.code).toBe(0)
    expect(writes()).toEqual([])
    const warning = result.lines.find(l => l.startsWith('::warning'))!
    expect(warning).toContain(
      'The apply would be refused: the plan locks 50 people out of every door, now or in the next 14 days, more than max-removals (5, the default'
    )
    expect(warning).toContain(`Grace Lovelace1 (EMP-1, valid_to ${soon})`)
    const page = rendered(result.summary)
    expect(result.summary.split('\n')[0]).toBe('### ❌ DoorFlow roster plan: the apply would be refused')
    expect(page).toContain(
      'Guard: The apply would be refused: the plan locks 50 people out of every door, now or in the next 14 days'
    )
    expect(page).toContain(`Grace Lovelace1 (EMP-1, valid_to ${soon})`)
    expect(page).toContain('Access taken away, applied first (50 people)')
    const plan = planOf(result)
    expect(plan.lockOuts?.[0]).toEqual({
      systemId: 'EMP-1',
      name: 'Grace Lovelace1',
      personId: 1001,
      how: 'valid-to',
      date: soon
    })
  })

  it('an end date beyond the 14 days is access taken away, but no lock-out: applied', async () => {
    await start(FIFTY.map(p => ({ ...p })))
    const later = inMinutes(15 * 24 * 60)
    const dry = await run(rosterOf(FIFTY, `    valid_to: ${later}\n`), { 'dry-run': 'true' })
    expect(dry.summary.split('\n')[0]).toBe('### ⚠ DoorFlow roster plan: takes access away from 50 people')
    expect(rendered(dry.summary)).toContain('Guard: Nobody loses all door access, now or in the next 14 days')
    const result = await run(rosterOf(FIFTY, `    valid_to: ${later}\n`))
    expect(result.code).toBe(0)
    expect(writes()).toHaveLength(50)
    expect(fake.people.people.get(1001)?.valid_to).toBe(later.replace('Z', '.000Z'))
  })
})

describe('a validity window extended or reopened gives access', () => {
  /** DoorFlow's windows: EMP-1 expired, EMP-2 ending `soon`, EMP-3 starting in 2099, EMP-4 `soon`. */
  const windows = (soon: string): FakePerson[] =>
    FIFTY.map(p => ({ ...p })).map(p =>
      p.system_id === 'EMP-1'
        ? { ...p, valid_to: '2000-01-01T23:59:59Z' }
        : p.system_id === 'EMP-2'
          ? { ...p, valid_to: soon }
          : p.system_id === 'EMP-3'
            ? { ...p, valid_from: '2099-01-01T00:00:00Z' }
            : p.system_id === 'EMP-4'
              ? { ...p, valid_from: soon }
              : p
    )
  /** The roster reopens EMP-1 (valid_to cleared), extends EMP-2, clears EMP-3's start and brings EMP-4's forward. */
  const widened = (p: FakePerson) =>
    ({
      'EMP-1': '    valid_to: null\n',
      'EMP-2': '    valid_to: 2099-12-31\n',
      'EMP-3': '    valid_from: null\n',
      'EMP-4': '    valid_from: 2026-01-01\n'
    })[p.system_id ?? ''] ?? ''

  it('is listed under access given, never as access taken away, and locks nobody out', async () => {
    const soon = inMinutes(2 * 24 * 60)
    await start(windows(soon))
    const result = await run(rosterOf(FIFTY, widened), { 'dry-run': 'true' })
    expect(result.code).toBe(0)
    expect(writes()).toEqual([])
    expect(result.summary.split('\n')[0]).toBe('### ✅ DoorFlow roster plan: takes no access away')
    const page = rendered(result.summary)
    expect(page).not.toContain('Access taken away')
    expect(page).toContain('Access given (4 people)')
    const html = gfm(result.summary)
    const given = html.slice(html.indexOf('Access given'))
    for (const words of [
      '+ Grace Lovelace1 (EMP-1) valid to cleared',
      `+ Alan Lovelace2 (EMP-2) valid to ${soon} → 2099-12-31`,
      '+ Edsger Lovelace3 (EMP-3) valid from cleared',
      `+ Barbara Lovelace4 (EMP-4) valid from ${soon} → 2026-01-01`
    ])
      expect(readable(given)).toContain(words)
    expect(planOf(result).lockOuts).toEqual([])
    expect(planOf(result).guard).toMatchObject({ lockOuts: 0, refused: false })
  })
})

const one = (email: string, first = 'Bob', last = 'Employee') =>
  `version: 1\nmanages: EMP-*\npeople:\n  - id: EMP-1\n    first_name: ${first}\n    last_name: ${last}\n    email: "${email}"\n    groups: [Engineering]\n`

describe('adoption picks one DoorFlow person or none', () => {
  it('Bob@ and bob@: the exact match is adopted, the other left alone', async () => {
    // DoorFlow lists the exact match (202) first: with both lower-cased, the last one listed (203) used to win.
    await start([
      fakePerson(202, { first_name: 'Bob', last_name: 'Employee', email: 'bob@corp.com', groups: [1] }),
      fakePerson(203, { first_name: 'Bob', last_name: 'Visitor', email: 'Bob@corp.com', groups: [4] })
    ])
    const result = await run(one('bob@corp.com'))
    expect(result.code).toBe(0)
    expect(writes()).toEqual(['PUT /api/3/people/202'])
    expect(result.outputs['adopted']).toBe('1')
    expect(fake.people.people.get(202)).toMatchObject({ system_id: 'EMP-1', groups: [1] })
    expect(fake.people.people.get(203)).toMatchObject({ system_id: null, email: 'Bob@corp.com', groups: [4] })
  })

  it('a KELVIN SIGN look-alike is not adopted: the plan creates the roster person instead', async () => {
    await start([
      fakePerson(401, { first_name: 'Kate', last_name: 'Mallory', email: '\u212Aate@corp.com', groups: [1] })
    ])
    const dry = await run(one('kate@corp.com', 'Kate', 'Jones'), { 'dry-run': 'true' })
    expect(dry.code).toBe(0)
    expect(planOf(dry).changes).toMatchObject([{ kind: 'create', systemId: 'EMP-1' }])
    const applied = await run(one('kate@corp.com', 'Kate', 'Jones'))
    // The look-alike is never written to.
    expect(fake.requests.some(r => r.path.startsWith('/api/3/people/401'))).toBe(false)
    expect(writes()).toEqual(['POST /api/3/people'])
    expect(fake.people.people.get(401)).toMatchObject({ system_id: null, groups: [1] })
    // The fake, like DoorFlow's own rule, takes the addresses as one ignoring case: the create is refused, and says so.
    expect(applied.code).toBe(1)
    expect(errorLine(applied)).toMatch(/Creating Kate Jones \(EMP-1\) failed: .*email has already been taken/)
  })

  it('one email shared by two DoorFlow people: a problem naming both, nothing written', async () => {
    await start([
      fakePerson(301, { first_name: 'Sam', last_name: 'One', email: 'sam@corp.com', groups: [1] }),
      fakePerson(302, { first_name: 'Sam', last_name: 'Two', email: 'sam@corp.com', groups: [2] })
    ])
    const result = await run(one('sam@corp.com', 'Sam', 'One'))
    expect(result.code).toBe(1)
    expect(writes()).toEqual([])
    expect(syncs()).toEqual([])
    expect(errorLine(result)).toContain(
      'EMP-1: email sam@corp.com matches 2 DoorFlow people (301 (Sam One); 302 (Sam Two)), so which one to adopt is ambiguous.'
    )
    expect(errorLine(result)).toMatch(/^::error title=Roster,file=roster.yaml,line=7,/)
  })

  it('a same-name DoorFlow person without system_id or email: a problem saying how to adopt them', async () => {
    await start([fakePerson(501, { first_name: 'Grace', last_name: 'Hopper', email: null, groups: [1, 2] })])
    const result = await run(one('grace@corp.com', 'Grace', 'Hopper'))
    expect(result.code).toBe(1)
    expect(writes()).toEqual([])
    expect(errorLine(result)).toContain(
      'EMP-1: DoorFlow already has Grace Hopper without a system_id or an email (DoorFlow person 501), who would keep their door access beside the person this creates. ' +
        'If that is this person, adopt them with `doorflow_id: 501` in this entry, then plan again'
    )
  })
})
