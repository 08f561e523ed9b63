/**
 * End to end, `node dist/index.js` with a roster against the fake DoorFlow when DoorFlow breaks
 * its own description: a people list whose Total lies, whose Per-Page is 0 or whose pages repeat;
 * and a write rate limit naming a wait far past the step's budget. (Pages that never end are
 * people-paging.test.ts's: readAccount takes the ceiling as a parameter there, since reaching the
 * real one, 1,000 pages, takes seconds.)
 * Every case ends with a clear ::error and exit 1 (or, for the lying Total, a correct plan),
 * with nothing written that should not be.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN, SYNC_SCOPE } from '../../__fixtures__/fake-doorflow.js'
import {
  DEFAULT_GROUPS,
  generatePeople,
  GROUP_READ_SCOPE,
  PERSON_WRITE_SCOPE,
  ROLE_READ_SCOPE
} from '../../__fixtures__/fake-people.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'

let fake: FakeDoorFlow
let workspace: string

/** A roster that lists the fake's 250 generated people exactly as DoorFlow has them: its plan is empty. */
function rosterOf(count: number): string {
  const group = (id: number) => DEFAULT_GROUPS.find(g => g.id === id)!.name
  const people = generatePeople(count).map(
    p =>
      `  - { id: ${p.system_id}, first_name: ${p.first_name}, last_name: ${p.last_name}, groups: [${p.groups.map(group).join(', ')}] }\n`
  )
  return `version: 1\nmanages: EMP-*\npeople:\n${people.join('')}`
}

beforeEach(async () => {
  fake = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: [SYNC_SCOPE, PERSON_WRITE_SCOPE, GROUP_READ_SCOPE, ROLE_READ_SCOPE] },
    people: { people: generatePeople(250), honourSkipPagination: false }
  })
  workspace = mkdtempSync(join(tmpdir(), 'bounded-ws-'))
  writeFileSync(join(workspace, 'roster.yaml'), rosterOf(250))
})
afterEach(async () => {
  await fake.close()
  rmSync(workspace, { recursive: true, force: true })
})

async function run(inputs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRun> {
  const result = await runAction(
    // No push to the default branch here, so dry-run auto would only plan: false applies.
    { token: FAKE_TOKEN, 'base-url': fake.url, roster: 'roster.yaml', 'dry-run': 'false', ...inputs },
    { env: { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: workspace, ...env } }
  )
  expect(leakedLines(result, [FAKE_TOKEN])).toEqual([])
  return result
}
const peopleWrites = () => fake.requests.filter(r => r.method !== 'GET' && r.path.startsWith('/api/3/people'))
const errors = (r: ActionRun) => r.lines.filter(l => l.startsWith('::error'))
const pageReads = () => fake.requestsTo('GET /api/3/people').length

describe('the people list', () => {
  it('a Total smaller than the truth: every person is read, nobody is created twice, and a re-run agrees', async () => {
    fake.people.paging = { total: 100 }
    const applied = await run()
    expect(applied.code).toBe(0)
    expect(applied.outputs['created']).toBe('0')
    expect(peopleWrites()).toEqual([])
    expect(applied.stdout).toContain('Read 250 people')
    expect(pageReads()).toBe(3)
    const again = await run({ 'dry-run': 'true' })
    expect([again.code, again.outputs['changes']]).toEqual([0, '0'])
    expect(fake.people.live()).toHaveLength(250)
  })

  it('Per-Page: 0 is a protocol error naming what DoorFlow sent', async () => {
    fake.people.paging = { perPage: '0' }
    const r = await run()
    expect(r.code).toBe(1)
    expect(errors(r)).toEqual([
      "::error::Reading people failed: DoorFlow's paging of the people list cannot be trusted: asked for every person (skip_pagination, per_page=100), it sent 100 with Per-Page: '0'. " +
        "Nothing was written. This is DoorFlow's answer (or a proxy's), not the roster: run again, and if it repeats, report this line to DoorFlow support."
    ])
    expect(pageReads()).toBe(1)
    expect(fake.requests.filter(r => r.method !== 'GET')).toEqual([])
  })

  it('a page that repeats the one before is a protocol error, nothing written', async () => {
    fake.people.paging = { ignorePage: true }
    const r = await run()
    expect(r.code).toBe(1)
    expect(errors(r)[0]).toMatch(
      /^::error::Reading people failed: .*page 2 repeats the first answer: the same 100 people \(ids 1001–1100\), as if the page parameter were ignored\. Nothing was written\./
    )
    expect(fake.requests.filter(r => r.method !== 'GET')).toEqual([])
  })
})

describe('the write gate under the budget', () => {
  const NEWCOMERS = `version: 1\nmanages: NEW-*\npeople:\n${Array.from({ length: 8 }, (_, i) => `  - { id: NEW-${i}, first_name: P, last_name: "${i}", groups: [Visitors] }\n`).join('')}`
  const limited = (retryIn: number) => ({
    status: 429,
    body: {
      error: 'rate_limited',
      description: 'Rate limit exceeded. Please wait before trying again.',
      retry_in: retryIn
    }
  })
  beforeEach(() => {
    writeFileSync(join(workspace, 'roster.yaml'), NEWCOMERS)
    // One write is told to come back in a second; every later one, to wait far past the budget.
    fake.script('POST /api/3/people', limited(1))
  })

  it('retry_in: 3000 under timeout-seconds: 20 fails at once, naming DoorFlow’s 3000 s and the time left', async () => {
    fake.always('POST /api/3/people', limited(3000))
    const r = await run({ 'timeout-seconds': '20' })
    expect(r.code).toBe(1)
    expect(r.endedAt - r.startedAt).toBeLessThan(15_000)
    const error = errors(r).find(l => l.startsWith('::error::'))!
    expect(error).toMatch(
      /DoorFlow asked to wait 3000 s, but only \d+(\.\d)? s of the budget is left after .* \(timeout-seconds is 20 s\); raise timeout-seconds/
    )
    expect(fake.people.live().filter(p => p.system_id?.startsWith('NEW-'))).toEqual([])
  })

  it('retry_in: 10000000 fails at once too, and no timer overflows', async () => {
    fake.always('POST /api/3/people', limited(10_000_000))
    const r = await run({ 'timeout-seconds': '20' })
    expect(r.code).toBe(1)
    expect(r.endedAt - r.startedAt).toBeLessThan(15_000)
    expect(r.stderr).not.toContain('TimeoutOverflowWarning')
    expect(errors(r).find(l => l.startsWith('::error::'))).toContain('DoorFlow asked to wait 10000000 s')
  })
})
