import { realClock, type Context } from '../../src/net/context.js'
import {
  PeopleClient,
  parseNamedList,
  parsePeople,
  parseDoorFlowPerson,
  readAccount,
  MAX_PAGES,
  PAGE_SIZE,
  PageWalk,
  type DoorFlowPerson,
  type Page,
  type WalkStep
} from '../../src/doorflow/people.js'
import { FakeDoorFlow, FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { generatePeople, PEOPLE_READ_SCOPES, PERSON_WRITE_SCOPE } from '../../__fixtures__/fake-people.js'

describe('doorflow-people', () => {
  /**
   * The people client against the fake DoorFlow over real sockets: reading every person (one
   * request with skip_pagination, pages when it is ignored), and the single-request writes.
   */

  let fake: FakeDoorFlow

  const lines: string[] = []

  const ctx = (): Context => ({
    budget: { maxAttempts: 3, timeoutMs: 30_000, requestTimeoutMs: 10_000, startedAt: Date.now() },
    clock: realClock,
    log: line => lines.push(line)
  })

  beforeEach(async () => {
    fake = await FakeDoorFlow.start({
      tokens: { [FAKE_TOKEN]: [...PEOPLE_READ_SCOPES, PERSON_WRITE_SCOPE], readonly: PEOPLE_READ_SCOPES, none: [] },
      people: { people: generatePeople(250) }
    })
    lines.length = 0
  })

  afterEach(async () => {
    await fake.close()
  })

  const client = (token = FAKE_TOKEN) => new PeopleClient(fake.url, token)

  // Pages are read a few at a time, so they may arrive in any order.
  const pageOf = (path: string) => (path.includes('skip_pagination') ? 0 : Number(/page=(\d+)/.exec(path)?.[1]))

  const peopleRequests = () => fake.requestsTo('GET /api/3/people').sort((a, b) => pageOf(a.path) - pageOf(b.path))

  describe('readAccount', () => {
    it('reads groups, roles and all people in three requests when skip_pagination is honoured', async () => {
      const read = await readAccount(ctx(), client())
      if (!read.ok) throw new Error(read.message)
      expect(read.account.people).toHaveLength(250)
      expect(read.account.groups.map(g => g.name)).toContain('Night Shift')
      expect(read.account.roles.map(r => r.name)).toContain('Office Staff')
      expect(read.account.requests).toBe(3)
      expect(peopleRequests().map(r => r.path)).toEqual(['/api/3/people?skip_pagination=true&per_page=100'])
    })

    it('reads pages of 100 by the Total header when skip_pagination is ignored, reusing the first page', async () => {
      fake.people.honourSkipPagination = false
      const read = await readAccount(ctx(), client())
      if (!read.ok) throw new Error(read.message)
      expect(read.account.people.map(p => p.system_id)).toEqual(generatePeople(250).map(p => p.system_id))
      expect(peopleRequests().map(r => r.path)).toEqual([
        '/api/3/people?skip_pagination=true&per_page=100',
        '/api/3/people?per_page=100&page=2',
        '/api/3/people?per_page=100&page=3'
      ])
      expect(lines.join('\n')).toContain('skip_pagination not honoured')
    })

    it('reads pages from the first when the whole list is longer than the body cap', async () => {
      const read = await readAccount(ctx(), new PeopleClient(fake.url, FAKE_TOKEN, 20_000))
      if (!read.ok) throw new Error(read.message)
      expect(read.account.people).toHaveLength(250)
      expect(peopleRequests().map(r => r.path)).toEqual([
        '/api/3/people?skip_pagination=true&per_page=100',
        '/api/3/people?per_page=100&page=1',
        '/api/3/people?per_page=100&page=2',
        '/api/3/people?per_page=100&page=3'
      ])
      expect(lines.join('\n')).toContain('longer than 20000 bytes')
    })

    it('pages until a short page when DoorFlow sends no Total', async () => {
      fake.people.honourSkipPagination = false
      fake.script(
        'GET /api/3/people',
        { status: 200, body: Array.from({ length: 100 }, (_, i) => person(i + 1)) },
        { status: 200, body: [person(101)] }
      )
      const read = await readAccount(ctx(), client())
      if (!read.ok) throw new Error(read.message)
      expect(read.account.people).toHaveLength(101)
      expect(peopleRequests()).toHaveLength(2)
    })

    it('retries a 503 on a read, and names the missing scope on a 403', async () => {
      fake.script('GET /api/3/groups', { status: 503, body: { error: 'unavailable' } })
      const read = await readAccount(ctx(), client())
      expect(read.ok).toBe(true)
      expect(fake.requestsTo('GET /api/3/groups')).toHaveLength(2)
      const refused = await readAccount(ctx(), client('none'))
      expect(refused).toEqual({ ok: false, message: expect.stringContaining('account.group.readonly') })
    })

    it.each(['GET /api/3/groups', 'GET /api/3/roles', 'GET /api/3/people'])(
      'ends a hung %s when the run is cancelled, not when the request times out',
      async route => {
        fake.script(route, { hang: true })
        const controller = new AbortController()
        const started = Date.now()
        setTimeout(() => controller.abort(), 200)
        const read = await readAccount({ ...ctx(), signal: controller.signal }, client())
        expect(read).toEqual({ ok: false, message: expect.stringContaining('cancelled after 1 attempt') })
        // The request timeout is 10 s: only the signal can end the read this soon.
        expect(Date.now() - started).toBeLessThan(3000)
      }
    )

    it('refuses an answer that is not a list of Person objects', async () => {
      fake.script('GET /api/3/people', { status: 200, body: [{ id: 1, first_name: 'A' }] })
      const read = await readAccount(ctx(), client())
      expect(read).toEqual({ ok: false, message: expect.stringContaining('not the documented list') })
    })
  })

  describe('writes, one request each', () => {
    it('creates (201), finds by system_id, updates (201), deletes softly (200)', async () => {
      const c = client()
      const created = await c.createPerson(
        {
          first_name: 'Ada',
          last_name: 'Lovelace',
          email: 'ada@example.com',
          system_id: 'EMP-X',
          group_ids: [2],
          role_ids: [11]
        },
        5000
      )
      expect(created).toMatchObject({ kind: 'response', status: 201 })
      const person = parseDoorFlowPerson(JSON.parse((created as { body: string }).body))!
      expect(person).toMatchObject({ system_id: 'EMP-X', groups: [2], roles: [11], enabled: true })

      const found = await c.findBySystemId('EMP-X', 5000)
      expect(parsePeople((found as { body: string }).body)!.map(p => p.id)).toEqual([person.id])

      const updated = await c.updatePerson(person.id, { valid_to: '2027-03-31T23:59:59Z', group_ids: [] }, 5000)
      expect(updated).toMatchObject({ kind: 'response', status: 201 })
      expect(parseDoorFlowPerson(JSON.parse((updated as { body: string }).body))).toMatchObject({
        first_name: 'Ada',
        groups: [],
        valid_to: '2027-03-31T23:59:59.000Z'
      })

      expect(await c.deletePerson(person.id, 5000)).toMatchObject({ status: 200, body: '{"result":"ok"}' })
      expect(await c.getPerson(person.id, 5000)).toMatchObject({ status: 404 })
      expect(parsePeople(((await c.findBySystemId('EMP-X', 5000)) as { body: string }).body)).toEqual([])
    })

    it('answers 422 with error_description for a duplicate email or a missing name', async () => {
      const c = client()
      const dup = await c.createPerson({ first_name: 'A', last_name: 'B', email: 'P1@example.com' }, 5000)
      expect(dup).toMatchObject({ status: 422 })
      expect((JSON.parse((dup as { body: string }).body) as { error_description: string }).error_description).toBe(
        'email has already been taken'
      )
      const noName = await c.createPerson({ last_name: 'B' }, 5000)
      expect((JSON.parse((noName as { body: string }).body) as { errors: unknown }).errors).toEqual({
        first_name: ["can't be blank"]
      })
      expect(fake.people.live()).toHaveLength(250)
    })

    it('needs account.person to write', async () => {
      expect(await client('readonly').createPerson({ first_name: 'A', last_name: 'B' }, 5000)).toMatchObject({
        status: 403
      })
    })

    it('filters email as a case-insensitive partial match, as DoorFlow documents', async () => {
      const list = await client().listPeople({ email: 'P1@EXAMPLE', skip_pagination: true }, 5000)
      const emails = parsePeople((list as { body: string }).body)!.map(p => p.email)
      expect(emails).toEqual(['p1@example.com'])
      const partial = await client().listPeople({ email: 'p2', skip_pagination: true }, 5000)
      expect(parsePeople((partial as { body: string }).body)!.length).toBeGreaterThan(1)
    })
  })

  function person(id: number) {
    return { id, first_name: 'A', last_name: `B${id}`, enabled: true, system_id: `EMP-${id}`, groups: [], roles: [] }
  }

  describe('list bodies: every item parses, or the list is not read', () => {
    it('parseNamedList reads [{ id, name }] and refuses anything else whole', () => {
      expect(parseNamedList('[{"id":1,"name":"Engineering","extra":true},{"id":2,"name":"Night Shift"}]')).toEqual([
        { id: 1, name: 'Engineering' },
        { id: 2, name: 'Night Shift' }
      ])
      expect(parseNamedList('[]')).toEqual([])
      for (const body of [
        'not json',
        '{"id":1,"name":"A"}',
        '[{"id":1,"name":"A"},null]',
        '[{"id":"1","name":"A"}]',
        '[{"id":1}]',
        '[1]'
      ])
        expect([body, parseNamedList(body)]).toEqual([body, undefined])
    })

    it('parsePeople refuses a list with one item that is not a Person', () => {
      const person = { id: 7, first_name: 'A', last_name: 'B', enabled: true, groups: [1], roles: [] }
      expect(parsePeople(JSON.stringify([person]))!.map(p => p.id)).toEqual([7])
      expect(parsePeople(JSON.stringify([person, { ...person, groups: undefined }]))).toBeUndefined()
      expect(parsePeople(JSON.stringify([person, null]))).toBeUndefined()
      expect(parsePeople(JSON.stringify({ people: [person] }))).toBeUndefined()
      expect(parsePeople('[')).toBeUndefined()
    })
  })
})

describe('people-paging', () => {
  /**
   * The walk over DoorFlow's people pages: its decisions alone (PageWalk, no I/O), then
   * readAccount over real sockets against the fake DoorFlow's paging faults (a lying Total,
   * pages that never end, Per-Page: 0, a page repeated, an id on two pages) and under a budget.
   */

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
      expect(new PageWalk().first(page(people(1, 100), { total: 40, perPage: '100' }))).toEqual({
        next: 'page',
        from: 2
      })
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
      expect(await readAccount(ctx(), client())).toEqual({
        ok: false,
        message: expect.stringContaining("Per-Page: '0'")
      })
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
})
