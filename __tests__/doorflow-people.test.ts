/**
 * The people client against the fake DoorFlow over real sockets: reading every person (one
 * request with skip_pagination, pages when it is ignored), and the single-request writes.
 */
import { realClock, type Context } from '../src/net/clock.js'
import { PeopleClient, parseNamedList, parsePeople, parseDoorFlowPerson, readAccount } from '../src/doorflow/people.js'
import { FakeDoorFlow, FAKE_TOKEN } from '../__fixtures__/fake-doorflow.js'
import { generatePeople, PEOPLE_READ_SCOPES, PERSON_WRITE_SCOPE } from '../__fixtures__/fake-people.js'

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
