/**
 * The walk over DoorFlow's people pages: its decisions alone (PageWalk, no I/O), then
 * readAccount over real sockets against the fake DoorFlow's paging faults (a lying Total,
 * pages that never end, Per-Page: 0, a page repeated, an id on two pages) and under a budget.
 */
import { realClock, type Context } from '../src/net/clock.js'
import {
  MAX_PAGES,
  PAGE_SIZE,
  PageWalk,
  PeopleClient,
  readAccount,
  type DoorFlowPerson,
  type Page,
  type WalkStep
} from '../src/doorflow/people.js'
import { FakeDoorFlow, FAKE_TOKEN } from '../__fixtures__/fake-doorflow.js'
import { generatePeople, PEOPLE_READ_SCOPES } from '../__fixtures__/fake-people.js'

/** People with ids from `from` up, `count` of them. */
const people = (from: number, count: number): DoorFlowPerson[] =>
  Array.from({ length: count }, (_, i) => ({
    id: from + i,
    first_name: 'A',
    last_name: 'B',
    enabled: true,
    system_id: `EMP-${from + i}`,
    groups: [],
    roles: []
  }))
const page = (list: DoorFlowPerson[], headers: { total?: number | string; perPage?: string } = {}): Page => ({
  people: list,
  total: headers.total === undefined ? undefined : String(headers.total),
  perPage: headers.perPage
})
const failure = (step: WalkStep) => (step.next === 'fail' ? step.message : `no failure: ${JSON.stringify(step)}`)

describe('PageWalk: the decisions', () => {
  it('the ceiling is 1,000 pages of 100: 100,000 people, and the walk refuses the page after it', () => {
    expect([MAX_PAGES, PAGE_SIZE]).toEqual([1000, 100])
    const walk = new PageWalk()
    let step = walk.first(page(people(1, 100), { perPage: '100' }))
    for (let n = 2; n < MAX_PAGES; n++) {
      expect(step).toMatchObject({ next: 'page', from: n })
      step = walk.page(n, page(people((n - 1) * 100 + 1, 100), { perPage: '100' }))
    }
    expect(step).toMatchObject({ next: 'page', from: MAX_PAGES })
    const last = walk.page(MAX_PAGES, page(people(99_901, 100), { perPage: '100' }))
    expect(failure(last)).toBe(
      "Reading people failed: DoorFlow's people list goes on past 1,000 pages of 100 (100,000 people), the most this action reads. " +
        "Nothing was written. If the account has fewer people, DoorFlow's paging does not end: report this line to DoorFlow support; " +
        'if it has more, it is too large for one roster run.'
    )
    expect(walk.people).toHaveLength(100_000)
  })

  it('a short last page at the ceiling ends the walk normally', () => {
    const walk = new PageWalk({ maxPages: 3 })
    expect(walk.first(page(people(1, 100)))).toEqual({ next: 'page', from: 2 })
    expect(walk.page(2, page(people(101, 100)))).toEqual({ next: 'page', from: 3 })
    expect(walk.page(3, page(people(201, 99)))).toEqual({ next: 'done' })
    expect(walk.people).toHaveLength(299)
  })

  it('a whole list (skip_pagination honoured) longer than the ceiling is refused too', () => {
    const step = new PageWalk({ maxPages: 2 }).first(page(people(1, 201), { total: 201, perPage: '201' }))
    expect(failure(step)).toContain('goes on past 2 pages of 100 (200 people)')
  })

  it('the first answer: more than a page is everyone; fewer is everyone unless Total says there are more', () => {
    expect(new PageWalk().first(page(people(1, 250), { total: 250, perPage: '250' }))).toEqual({ next: 'done' })
    expect(new PageWalk().first(page(people(1, 30), { total: 30, perPage: '30' }))).toEqual({ next: 'done' })
    expect(new PageWalk().first(page([], { total: 0, perPage: '0' }))).toEqual({ next: 'done' })
    // A lying (smaller) Total never ends the list: a full page is read on from.
    expect(new PageWalk().first(page(people(1, 100), { total: 40, perPage: '100' }))).toEqual({ next: 'page', from: 2 })
    // A Total naming more pages lets them be read at once.
    expect(new PageWalk().first(page(people(1, 100), { total: 450, perPage: '100' }))).toEqual({
      next: 'page',
      from: 2,
      last: 5
    })
    // Pages smaller than asked: read afresh from page 1 in pages of 100, keeping nothing of the first answer.
    const walk = new PageWalk()
    expect(walk.first(page(people(1, 50), { total: 250, perPage: '50' }))).toEqual({ next: 'page', from: 1, last: 3 })
    expect(walk.people).toEqual([])
  })

  it('a Total smaller than the truth: every page is read until a short one', () => {
    const walk = new PageWalk()
    walk.first(page(people(1, 100), { total: 100, perPage: '100' }))
    expect(walk.page(2, page(people(101, 100), { total: 100, perPage: '100' }))).toEqual({ next: 'page', from: 3 })
    expect(walk.page(3, page(people(201, 50), { total: 100, perPage: '100' }))).toEqual({ next: 'done' })
    expect(walk.people.map(p => p.id)).toEqual(people(1, 250).map(p => p.id))
  })

  it('Per-Page other than asked is a protocol error naming what DoorFlow sent', () => {
    expect(failure(new PageWalk().first(page(people(1, 100), { total: 250, perPage: '0' })))).toBe(
      "Reading people failed: DoorFlow's paging of the people list cannot be trusted: asked for every person (skip_pagination, per_page=100), " +
        "it sent 100 with Per-Page: '0'. Nothing was written. This is DoorFlow's answer (or a proxy's), not the roster: run again, and if it repeats, report this line to DoorFlow support."
    )
    const walk = new PageWalk()
    walk.first(page(people(1, 100), { perPage: '100' }))
    expect(failure(walk.page(2, page(people(101, 50), { perPage: '50' })))).toContain(
      "asked for page 2 with per_page=100, it answered Per-Page: '50'"
    )
    // A header is data: it reaches the message only through the gate.
    const hostile = new PageWalk()
    hostile.first(page(people(1, 100)))
    expect(failure(hostile.page(2, page([], { perPage: '7\n::error::forged' })))).not.toContain('\n')
  })

  it('more people on a page than asked is a protocol error', () => {
    const walk = new PageWalk()
    walk.first(page(people(1, 100)))
    expect(failure(walk.page(2, page(people(101, 101))))).toContain(
      'asked for page 2 with per_page=100, it sent 101 people'
    )
  })

  it('a page repeating the one before (page ignored), an id on two pages, an id twice on one page: protocol errors', () => {
    const repeat = new PageWalk()
    repeat.first(page(people(1, 100)))
    expect(failure(repeat.page(2, page(people(1, 100))))).toContain(
      'page 2 repeats the first answer: the same 100 people (ids 1–100), as if the page parameter were ignored'
    )
    const overlap = new PageWalk()
    overlap.first(page(people(1, 100)))
    expect(failure(overlap.page(2, page(people(100, 100))))).toContain(
      'person 100 is on the first answer and again on page 2 (the list changed while it was read, or the pages overlap)'
    )
    const twice = new PageWalk()
    expect(failure(twice.first(page([...people(1, 3), ...people(2, 1)])))).toContain(
      'the first answer lists person 2 twice'
    )
  })

  it('pages read at once past a short page must be empty', () => {
    const walk = new PageWalk()
    walk.first(page(people(1, 100), { total: 400 }))
    expect(walk.page(2, page(people(101, 20)))).toEqual({ next: 'done' })
    expect(walk.page(3, page([]))).toEqual({ next: 'done' })
    expect(failure(walk.page(4, page(people(500, 3))))).toContain('page 2 ended the list, yet page 4 holds 3 people')
  })
})

describe('readAccount against a misbehaving people list', () => {
  let fake: FakeDoorFlow
  const lines: string[] = []
  const ctx = (timeoutMs = 30_000): Context => ({
    budget: { maxAttempts: 3, timeoutMs, requestTimeoutMs: 10_000, startedAt: Date.now() },
    clock: realClock,
    log: line => lines.push(line)
  })
  const client = () => new PeopleClient(fake.url, FAKE_TOKEN)
  const pagesAsked = () =>
    fake
      .requestsTo('GET /api/3/people')
      .map(r => (r.path.includes('skip_pagination') ? 0 : Number(/[?&]page=(\d+)/.exec(r.path)?.[1])))

  beforeEach(async () => {
    fake = await FakeDoorFlow.start({
      tokens: { [FAKE_TOKEN]: PEOPLE_READ_SCOPES },
      people: { people: generatePeople(250), honourSkipPagination: false }
    })
    lines.length = 0
  })
  afterEach(async () => {
    await fake.close()
  })

  it('a Total smaller than the truth: every person is read', async () => {
    fake.people.paging = { total: 100 }
    const read = await readAccount(ctx(), client())
    if (!read.ok) throw new Error(read.message)
    expect(read.account.people.map(p => p.id)).toEqual(generatePeople(250).map(p => p.id))
    expect(pagesAsked()).toEqual([0, 2, 3])
  })

  it('a Total larger than the truth: the walk ends at the short page, a batch at most past it', async () => {
    fake.people.paging = { total: 100_000 }
    const read = await readAccount(ctx(), client())
    if (!read.ok) throw new Error(read.message)
    expect(read.account.people).toHaveLength(250)
    expect(pagesAsked().sort((a, b) => a - b)).toEqual([0, 2, 3, 4, 5])
  })

  it('pages that never end stop at the ceiling (lowered here by the parameter: 1,000 pages take seconds)', async () => {
    fake.people.paging = { endless: true, total: null }
    const read = await readAccount(ctx(), client(), { maxPages: 6 })
    expect(read).toEqual({
      ok: false,
      message:
        "Reading people failed: DoorFlow's people list goes on past 6 pages of 100 (600 people), the most this action reads. " +
        "Nothing was written. If the account has fewer people, DoorFlow's paging does not end: report this line to DoorFlow support; " +
        'if it has more, it is too large for one roster run.'
    })
    expect(pagesAsked()).toEqual([0, 2, 3, 4, 5, 6])
  })

  it('Per-Page: 0, on the first answer or on a later page, fails the read', async () => {
    fake.people.paging = { perPage: '0' }
    expect(await readAccount(ctx(), client())).toEqual({ ok: false, message: expect.stringContaining("Per-Page: '0'") })
    expect(pagesAsked()).toEqual([0])
    // Without a Total, pages are read one at a time: page 2 is the scripted one.
    fake.people.paging = { total: null }
    fake.script('GET /api/3/people', { pass: true }, { status: 200, body: [], headers: { 'Per-Page': '0' } })
    const later = await readAccount(ctx(), client())
    expect(later).toEqual({
      ok: false,
      message: expect.stringContaining("page 2 with per_page=100, it answered Per-Page: '0'")
    })
  })

  it('a page that repeats the first (page ignored) fails the read', async () => {
    fake.people.paging = { ignorePage: true }
    const read = await readAccount(ctx(), client())
    expect(read).toEqual({ ok: false, message: expect.stringContaining('page 2 repeats the first answer') })
  })

  it('every read is bounded by the budget: slow endless pages end at timeout-seconds', async () => {
    fake.people.paging = { endless: true, total: null }
    fake.always('GET /api/3/people', { pass: true, delayMs: 100 })
    const read = await readAccount(ctx(700), client())
    expect(read).toEqual({ ok: false, message: expect.stringMatching(/^Reading people failed: .*timeout-seconds/) })
    expect(pagesAsked().length).toBeLessThan(10)
  })
})
