/**
 * The fake's people, groups and roles answers against DoorFlow's published description: each
 * body is validated with the schema the OpenAPI file gives for that operation and status.
 * The description lives in shared/ beside the clone (on the project's machines and in CI;
 * SHARED_DIR points elsewhere, as for npm run check:contracts), not in a user's clone: there the
 * suite says so and checks nothing.
 */
import { Ajv } from 'ajv'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { FakeDoorFlow, FAKE_TOKEN } from '../__fixtures__/fake-doorflow.js'
import { generatePeople, PEOPLE_READ_SCOPES, PERSON_WRITE_SCOPE } from '../__fixtures__/fake-people.js'
import { ROOT } from '../__fixtures__/run-action.js'

const SHARED = process.env['SHARED_DIR'] ?? join(ROOT, '..', 'shared')
const SPEC = join(SHARED, 'doorflow', 'openapi.yaml')
const available = existsSync(SPEC)
const maybe = available ? describe : describe.skip
// Straight to stderr: jest shows no console output of a skipped suite once it runs more than one file.
if (!available)
  process.stderr.write(
    `fake-people-contract: skipped, ${SPEC} is absent (shared/ lies beside the clone only on the project's machines and in CI; SHARED_DIR=… points elsewhere).\n`
  )

type Schema = Record<string, unknown>

/** OpenAPI 3.0's `nullable` as JSON Schema's type union, $refs to components resolved by Ajv. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema)
  if (!node || typeof node !== 'object') return node
  const out: Schema = {}
  for (const [k, v] of Object.entries(node as Schema)) {
    if (k === 'nullable' || k === 'example') continue
    out[k] = k === '$ref' ? String(v).replace('#/components/schemas/', '#/definitions/') : toJsonSchema(v)
  }
  if ((node as Schema)['nullable'] === true && typeof out['type'] === 'string') out['type'] = [out['type'], 'null']
  if (out['format'] === 'date-time' || out['format'] === 'email') delete out['format']
  return out
}

maybe('the fake DoorFlow against DoorFlow OpenAPI (people, groups, roles)', () => {
  const spec = available ? (parse(readFileSync(SPEC, 'utf8')) as Schema) : {}
  const components = ((spec['components'] as Schema)?.['schemas'] ?? {}) as Schema
  const definitions = toJsonSchema(components) as Schema
  const ajv = new Ajv({ allErrors: true, strict: false })
  const check = (path: string, method: string, status: number, body: unknown) => {
    const op = ((spec['paths'] as Schema)[path] as Schema)[method] as Schema
    const response = (op['responses'] as Schema)[String(status)] as Schema
    let schema = ((response['content'] as Schema)?.['application/json'] as Schema)?.['schema']
    const ref = response['$ref']
    if (!schema && typeof ref === 'string') {
      const name = ref.split('/').pop()!
      const shared = ((spec['components'] as Schema)['responses'] as Schema)[name] as Schema
      schema = ((shared['content'] as Schema)['application/json'] as Schema)['schema']
    }
    const validate = ajv.compile({ ...(toJsonSchema(schema) as Schema), definitions })
    const ok = validate(body)
    expect({ path, method, status, errors: ok ? null : validate.errors }).toEqual({
      path,
      method,
      status,
      errors: null
    })
  }

  let fake: FakeDoorFlow
  beforeAll(async () => {
    fake = await FakeDoorFlow.start({
      tokens: { [FAKE_TOKEN]: [...PEOPLE_READ_SCOPES, PERSON_WRITE_SCOPE] },
      people: { people: generatePeople(120) }
    })
  })
  afterAll(async () => {
    await fake.close()
  })
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${fake.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${FAKE_TOKEN}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    return { status: res.status, headers: res.headers, body: await res.json() }
  }

  it('lists people, with the Total and Per-Page headers', async () => {
    const page = await call('GET', '/api/3/people?per_page=100&page=2')
    expect([page.status, page.headers.get('total'), page.headers.get('per-page')]).toEqual([200, '120', '100'])
    expect((page.body as unknown[]).length).toBe(20)
    check('/api/3/people', 'get', 200, page.body)
    check('/api/3/people', 'get', 200, (await call('GET', '/api/3/people?skip_pagination=true')).body)
  })

  it('creates, reads, updates and deletes a person; 422 on invalid data', async () => {
    const created = await call('POST', '/api/3/people', {
      first_name: 'Ada',
      last_name: 'Lovelace',
      system_id: 'EMP-X',
      group_ids: [1],
      role_ids: [11],
      valid_to: '2027-03-31T23:59:59Z'
    })
    expect(created.status).toBe(201)
    check('/api/3/people', 'post', 201, created.body)
    const id = (created.body as { id: number }).id
    check('/api/3/people/{id}', 'get', 200, (await call('GET', `/api/3/people/${id}`)).body)
    const updated = await call('PUT', `/api/3/people/${id}`, { enabled: false })
    expect(updated.status).toBe(201)
    check('/api/3/people/{id}', 'put', 201, updated.body)
    const invalid = await call('POST', '/api/3/people', { first_name: 'A', last_name: 'B', email: 'p1@example.com' })
    expect(invalid.status).toBe(422)
    check('/api/3/people', 'post', 422, invalid.body)
    const deleted = await call('DELETE', `/api/3/people/${id}`)
    check('/api/3/people/{id}', 'delete', 200, deleted.body)
    check('/api/3/people/{id}', 'get', 404, (await call('GET', `/api/3/people/${id}`)).body)
  })

  it('lists groups and roles', async () => {
    check('/api/3/groups', 'get', 200, (await call('GET', '/api/3/groups')).body)
    check('/api/3/roles', 'get', 200, (await call('GET', '/api/3/roles')).body)
  })
})
