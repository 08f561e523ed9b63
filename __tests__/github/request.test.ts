/**
 * Every request the two GitHub clients send (the Actions secrets client and the plan comment's
 * calls) goes through src/github/request.ts: the bearer token, GitHub's media type and API
 * version, the action's User-Agent, and a JSON Content-Type exactly when there is a body. Read
 * from what the fake GitHub on loopback received.
 */
import {
  ACTIONS_BOT,
  FakeGitHub,
  GITHUB_ACTIONS_TOKEN,
  GITHUB_WRITER_TOKEN,
  REPOSITORY
} from '../../__fixtures__/fake-github.js'
import type { RecordedRequest } from '../../__fixtures__/fake-server.js'
import { upsertPlanComments } from '../../src/github/plan-comments.js'
import { GITHUB_API_VERSION, gitHubRequest } from '../../src/github/request.js'
import { realClock } from '../../src/net/context.js'
import { SecretsClient } from '../../src/github/secrets.js'
import { USER_AGENT } from '../../src/version.js'
import { clientContext, fakeEachTest } from '../helpers/each-test.js'

const github = fakeEachTest(() => FakeGitHub.start())
/** A plan comment of one part: any parts an earlier plan left are deleted. */
const onePart = (body: string) => ({ rest: [], first: () => body })

function expectGitHubHeaders(request: RecordedRequest, token: string): void {
  const route = `${request.method} ${request.path}`
  expect({ route, authorization: request.headers['authorization'] }).toEqual({
    route,
    authorization: `Bearer ${token}`
  })
  expect(request.headers['accept']).toBe('application/vnd.github+json')
  expect(request.headers['x-github-api-version']).toBe(GITHUB_API_VERSION)
  expect(request.headers['user-agent']).toBe(USER_AGENT)
  if (request.body === '') expect({ route, type: request.headers['content-type'] }).toEqual({ route, type: undefined })
  else {
    expect({ route, type: request.headers['content-type'] }).toEqual({ route, type: 'application/json' })
    expect(() => JSON.parse(request.body) as unknown).not.toThrow()
  }
}

describe('GitHub requests: one set of headers for both clients', () => {
  it('the secrets client: GET, PUT with a JSON body, DELETE', async () => {
    const secrets = new SecretsClient({
      apiUrl: github().url,
      repository: REPOSITORY,
      name: 'DOORFLOW_REFRESH_TOKEN',
      githubToken: GITHUB_WRITER_TOKEN,
      environment: undefined
    })
    expect(await secrets.write(clientContext(), 'ANOTHER', 'value-1')).toEqual({ ok: true })
    expect(await secrets.exists(clientContext(), 'ANOTHER')).toEqual({ ok: true, exists: true })
    expect(await secrets.remove(clientContext(), 'ANOTHER')).toEqual({ ok: true })
    expect(github().requests.map(r => r.method)).toEqual(['GET', 'PUT', 'GET', 'DELETE'])
    const put = github().requests[1]
    expect(Object.keys(JSON.parse(put.body) as object).sort()).toEqual(['encrypted_value', 'key_id'])
    for (const request of github().requests) expectGitHubHeaders(request, GITHUB_WRITER_TOKEN)
  })

  it('the plan comment: GET /user (403), GraphQL viewer, the comment pages, POST then PATCH', async () => {
    const pr = { apiUrl: github().url, repository: REPOSITORY, number: 7 }
    const created = await upsertPlanComments(
      clientContext(),
      pr,
      GITHUB_ACTIONS_TOKEN,
      'abcdefabcdef',
      onePart('first plan')
    )
    expect(created).toMatchObject({ ok: true, action: 'created' })
    const updated = await upsertPlanComments(
      clientContext(),
      pr,
      GITHUB_ACTIONS_TOKEN,
      'abcdefabcdef',
      onePart('second plan')
    )
    expect(updated).toMatchObject({ ok: true, action: 'updated' })
    expect(
      github()
        .commentsOn(7)
        .map(c => [c.login, c.body.endsWith('second plan')])
    ).toEqual([[ACTIONS_BOT.login, true]])
    const methods = new Set(github().requests.map(r => r.method))
    expect([...methods].sort()).toEqual(['GET', 'PATCH', 'POST'])
    expect(github().requests.some(r => r.path.endsWith('/graphql'))).toBe(true)
    for (const request of github().requests) expectGitHubHeaders(request, GITHUB_ACTIONS_TOKEN)
  })

  it('sends no body and no Content-Type without json, and reads at most maxBodyBytes', async () => {
    github().script('GET /big', { status: 200, body: 'x'.repeat(4096) })
    const outcome = await gitHubRequest({
      method: 'GET',
      url: `${github().url}/big`,
      token: GITHUB_WRITER_TOKEN,
      timeoutMs: 5_000,
      clock: realClock,
      maxBodyBytes: 1024
    })
    expect(outcome).toMatchObject({ kind: 'response', status: 200, truncated: true })
    expect(outcome.kind === 'response' && outcome.body.length).toBe(1024)
    expectGitHubHeaders(github().requests[0], GITHUB_WRITER_TOKEN)
  })
})
