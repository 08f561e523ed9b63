/**
 * End to end, server text is data: hostile text in every field of every answer the action
 * reads (DoorFlow's sync, 429, 401/403/500, account, channels, token and token info; GitHub's
 * answers) goes through the real bundle, and the log, the outputs and the summary must show
 * it as one capped line of data that starts nothing and adds no markup. Each run puts the
 * hostile text into several fields at once, to keep the number of runs small.
 */
import {
  FakeDoorFlow,
  FAKE_CLIENT_ID,
  FAKE_CLIENT_SECRET,
  FAKE_TOKEN,
  type ScriptedAnswer
} from '../../__fixtures__/fake-doorflow.js'
import { FakeGitHub, GITHUB_READONLY_TOKEN, GITHUB_WRITER_TOKEN, REPOSITORY } from '../../__fixtures__/fake-github.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import { fakeEachTest } from '../helpers/each-test.js'

/** Every hostile piece carries INJ, so any trace of it is found. */
const HOSTILE = [
  '::stop-commands::INJ0',
  'ok\n::error::INJ1',
  '\r\n::add-mask::INJ2',
  '%0A::warning::INJ3',
  '\u2028::notice::INJ4 \u0085::group::INJ5',
  '\u001b[31mINJ6\u001b[0m \u001b]0;INJ7\u0007',
  '##[stop-commands]INJ8',
  '<h1>INJ9</h1>',
  '</td></tr></table>',
  '<img src=x onerror=alert("INJ10")>',
  '| INJ11 |'
].join(' ')
/** 1 MB of lines that would each be a command. */
const BIG = '\n::error::INJBIG'.repeat(65_536)
/** Invalid UTF-8 inside a JSON string, then an escaped newline and a command. */
const badUtf8Json = (field: string) =>
  Buffer.concat([Buffer.from(`{"${field}":"ok`), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('\\n::error::INJUTF"}')])
/** A header value may not hold a line break, but it can hold everything else. */
const HOSTILE_HEADER = '::stop-commands::INJH ##[add-mask]INJH <h1>INJH</h1>'
/** An HTML error page, as a proxy or a crashed server sends it. */
const HTML_PAGE = `<!DOCTYPE html><html><head><title>We're sorry <b>INJT</b>\n::error::INJT</title></head>
<body><h1>We're sorry, but something went wrong.</h1><img src=x onerror=alert(1)></body></html>`

const soon = () => new Date(Date.now() + 60_000).toISOString()
const json = (status: number, body: unknown, headers?: Record<string, string>): ScriptedAnswer => ({
  status,
  body,
  headers
})
const errorBody = (text: string) => ({ error: text, error_description: text, description: text, message: text })
const channels = (text: string) => [
  { id: 1, name: text, status: text, sync: { status: text, last_sync_completed_at: text } },
  { id: 2, name: 'R&D Lab <Level 2>', status: 'online', sync: { status: 'fail', last_sync_completed_at: null } }
]

const ALLOWED_COMMANDS = new Set(['add-mask', 'debug', 'error', 'warning', 'notice', 'group', 'endgroup'])

/** What the runner would make of the run's log, output and summary: nothing a server chose. */
function expectDataOnly(run: ActionRun, credentials: string[]): void {
  expect(leakedLines(run, credentials)).toEqual([])
  for (const line of run.lines) {
    expect(line.length).toBeLessThan(4096)
    // The older ##[name] form is read anywhere in a line.
    expect(line).not.toContain('##[')
    const text = line.trimStart()
    if (!text.startsWith('::')) {
      expect(text).not.toMatch(/^\W{0,3}INJ/)
      continue
    }
    const command = /^::([^\s:]+)[^:]*::(.*)$/.exec(text)
    expect(command && ALLOWED_COMMANDS.has(command[1]) ? 'an allowed command' : line).toBe('an allowed command')
    // The command's name and properties are the action's own; server text only ever stands in its data.
    expect(text.slice(0, text.indexOf('::', 2))).not.toContain('INJ')
    if (command![1] === 'add-mask') expect(credentials).toContain(command![2])
  }
  for (const [name, value] of Object.entries(run.outputs)) {
    expect([name, value.includes('\n') || value.length > 500]).toEqual([name, false])
  }
  expect(run.summary.length).toBeLessThan(64_000)
  expect(run.summary).not.toMatch(/<(h1|img|script|a)\b/i)
  expect(run.summary).not.toMatch(/<[^>]*INJ[^>]*>/)
  expect(run.summary.split('<table>').length).toBe(run.summary.split('</table>').length)
  expect(run.summary.split('\n')[0]).toMatch(/^<h3>[✅❌] /)
}

const doorflow = fakeEachTest(() => FakeDoorFlow.start())
const github = fakeEachTest(() => FakeGitHub.start())

interface Case {
  /** Scripts the fakes; returns extra inputs. */
  script: () => Record<string, string> | void
  /** Refresh-token mode (with the GitHub secrets API) instead of an access token. */
  refresh?: boolean
  code: 0 | 1
}

const cases: Record<string, Case> = {
  'sync 200 result, account status and description, channel names and statuses': {
    script: () => {
      doorflow().script('POST /api/3/sync', json(200, { result: HOSTILE }))
      doorflow().script(
        'GET /api/3/account',
        json(200, { sync: { status: HOSTILE, last_sync: soon(), description: HOSTILE } }),
        json(200, { sync: { status: 'failing', last_sync: soon(), description: HOSTILE } })
      )
      doorflow().script('GET /api/3/channels', json(200, channels(HOSTILE)))
      return { 'wait-for-completion': 'true', 'poll-interval-seconds': '1' }
    },
    code: 1
  },
  '429 body and headers, the coalescing account read (500), then a 200 with invalid UTF-8': {
    script: () => {
      doorflow().script(
        'POST /api/3/sync',
        json(429, { ...errorBody(HOSTILE), retry_in: 0 }, { 'Retry-After': HOSTILE_HEADER }),
        { status: 200, body: badUtf8Json('result') }
      )
      doorflow().script('GET /api/3/account', json(500, errorBody(HOSTILE)))
    },
    code: 0
  },
  '401 body': { script: () => void doorflow().script('POST /api/3/sync', json(401, errorBody(HOSTILE))), code: 1 },
  '403 body, then token info scopes': {
    script: () => {
      doorflow().script('POST /api/3/sync', json(403, errorBody(HOSTILE)))
      doorflow().script('GET /oauth/token/info', json(200, { scope: [HOSTILE, BIG] }))
    },
    code: 1
  },
  '500 HTML error page': { script: () => void doorflow().script('POST /api/3/sync', json(500, HTML_PAGE)), code: 1 },
  '500 of 1 MB text': { script: () => void doorflow().script('POST /api/3/sync', json(500, BIG)), code: 1 },
  '200 with a 1 MB result, then a 1 MB account description and 1 MB door names': {
    script: () => {
      doorflow().script('POST /api/3/sync', json(200, { result: BIG }))
      doorflow().script(
        'GET /api/3/account',
        json(200, { sync: { status: 'failing', last_sync: soon(), description: BIG } })
      )
      doorflow().script('GET /api/3/channels', json(200, channels(BIG)))
      return { 'wait-for-completion': 'true', 'poll-interval-seconds': '1' }
    },
    code: 1
  },
  'a redirect to a hostile Location': {
    script: () => void doorflow().script('POST /api/3/sync', json(301, '', { Location: HOSTILE_HEADER })),
    code: 1
  },
  'channels answering 500 with invalid UTF-8 after a complete sync': {
    script: () => {
      // The read before the sync, then this sync complete.
      doorflow().script(
        'GET /api/3/account',
        json(200, { sync: { status: 'complete', last_sync: new Date(Date.now() - 3_600_000).toISOString() } }),
        json(200, { sync: { status: 'complete', last_sync: soon() } })
      )
      doorflow().script('GET /api/3/channels', { status: 500, body: badUtf8Json('error') })
      return { 'wait-for-completion': 'true', 'poll-interval-seconds': '1' }
    },
    code: 0
  },
  'refresh: a 429 slow_down from /oauth/token, then tokens whose answer and token info are hostile': {
    refresh: true,
    script: () => {
      doorflow().script(
        'POST /oauth/token',
        json(429, { error: 'slow_down\n::stop-commands::INJSTOP', error_description: HOSTILE, retry_in: 0 }),
        { pass: true }
      )
      doorflow().script('GET /oauth/token/info', json(200, { scope: `account.sync ${HOSTILE}` }))
      doorflow().script('POST /api/3/sync', json(200, { result: HOSTILE }))
    },
    code: 0
  },
  'refresh: invalid_grant with a hostile description': {
    refresh: true,
    script: () =>
      void doorflow().script('POST /oauth/token', json(400, { ...errorBody(HOSTILE), error: 'invalid_grant' })),
    code: 1
  },
  "refresh: GitHub's public key answer 404 with a hostile message": {
    refresh: true,
    script: () =>
      void github().script(`GET /repos/${REPOSITORY}/actions/secrets/public-key`, json(404, { message: HOSTILE })),
    code: 1
  },
  "refresh: GitHub's public key is hostile text": {
    refresh: true,
    script: () =>
      void github().script(
        `GET /repos/${REPOSITORY}/actions/secrets/public-key`,
        json(200, { key_id: HOSTILE, key: HOSTILE })
      ),
    code: 1
  },
  "refresh: GitHub's write answers 422 with 1 MB": {
    refresh: true,
    script: () =>
      void github().script(
        `PUT /repos/${REPOSITORY}/actions/secrets/DOORFLOW_REFRESH_TOKEN_WRITE_CHECK`,
        json(422, { message: BIG, errors: [HOSTILE] })
      ),
    code: 1
  }
}

describe('hostile server text is shown as data', () => {
  it.each(Object.entries(cases))('%s', async (_name, c) => {
    const extra = c.script() ?? {}
    const initialRefresh = doorflow().issueRefreshToken()
    // The secret the workflow reads the refresh token from exists (checked before refreshing).
    if (c.refresh) github().setSecret('DOORFLOW_REFRESH_TOKEN', initialRefresh)
    const inputs: Record<string, string> = c.refresh
      ? {
          'client-id': FAKE_CLIENT_ID,
          'client-secret': FAKE_CLIENT_SECRET,
          'refresh-token': initialRefresh,
          'refresh-token-secret': 'DOORFLOW_REFRESH_TOKEN',
          'github-token': GITHUB_WRITER_TOKEN
        }
      : { token: FAKE_TOKEN }
    const run = await runAction(
      { 'base-url': doorflow().url, 'max-attempts': '3', 'timeout-seconds': '30', ...inputs, ...extra },
      { env: { GITHUB_API_URL: github().url, GITHUB_REPOSITORY: REPOSITORY, RUNNER_DEBUG: '1' } }
    )
    expect(run.code).toBe(c.code)
    expectDataOnly(run, [
      FAKE_TOKEN,
      FAKE_CLIENT_SECRET,
      GITHUB_WRITER_TOKEN,
      GITHUB_READONLY_TOKEN,
      ...doorflow().issued
    ])
    // The hostile text reached the action, and shows (flattened) where it belongs.
    expect(`${run.stdout}${run.summary}`).toContain('INJ')
    // Every credential the action holds is masked before the first line that shows server text.
    const firstServerText = run.lines.findIndex(l => l.includes('INJ'))
    for (const name of ['token', 'client-secret', 'refresh-token', 'github-token']) {
      const mask = inputs[name] ? run.lines.indexOf(`::add-mask::${inputs[name]}`) : -2
      if (mask !== -2)
        expect([name, mask >= 0 && (firstServerText < 0 || mask < firstServerText)]).toEqual([name, true])
    }
    if (c.refresh && c.code === 0) {
      // The rotated tokens are masked before any line that follows the token answer.
      const tokenAnswer = run.lines.map(l => l.includes('/oauth/token →')).lastIndexOf(true)
      const next = run.lines.slice(tokenAnswer + 1).findIndex(l => !l.startsWith('::debug::'))
      expect(run.lines[tokenAnswer + 1 + next]).toMatch(/^::add-mask::dfa_/)
    }
  })
})

describe("GitHub's failures are explained as GitHub's, never with DoorFlow advice", () => {
  const PROBE = `PUT /repos/${REPOSITORY}/actions/secrets/DOORFLOW_REFRESH_TOKEN_WRITE_CHECK`
  const KEY = `GET /repos/${REPOSITORY}/actions/secrets/public-key`
  it.each<[string, () => { token?: string; repository?: string }, RegExp]>([
    [
      '401',
      () => ({ token: 'ghp_not_a_token_at_all' }),
      /GitHub refused github-token \(HTTP 401: Bad credentials\)\. github-token is invalid or expired/
    ],
    [
      '403',
      () => ({ token: GITHUB_READONLY_TOKEN }),
      /HTTP 403 .*github-token may not write Actions secrets of acme\/door-config: it lacks the "Secrets" repository permission/
    ],
    [
      '404',
      () => ({ repository: 'acme/no-such-repo' }),
      /HTTP 404 \(Not Found\)\. GitHub has no repository acme\/no-such-repo, or github-token cannot see it/
    ],
    [
      '422',
      () => {
        github().script(PROBE, json(422, { message: 'Invalid request: key_id does not match' }))
        return {}
      },
      /HTTP 422 .*GitHub rejected the request as unprocessable: Invalid request: key_id does not match\./
    ],
    [
      'malformed public key',
      () => {
        github().script(KEY, json(200, { key_id: 'k1', key: 'bm90IGEga2V5' }))
        return {}
      },
      /GitHub's public key for acme\/door-config is malformed \(not 32 bytes of base64: 'bm90IGEga2V5'\)/
    ]
  ])('%s', async (_name, arrange, expected) => {
    const { token = GITHUB_WRITER_TOKEN, repository = REPOSITORY } = arrange()
    const refreshToken = doorflow().issueRefreshToken()
    github().setSecret('DOORFLOW_REFRESH_TOKEN', refreshToken)
    const run = await runAction(
      {
        'base-url': doorflow().url,
        'client-id': FAKE_CLIENT_ID,
        'client-secret': FAKE_CLIENT_SECRET,
        'refresh-token': refreshToken,
        'refresh-token-secret': 'DOORFLOW_REFRESH_TOKEN',
        'github-token': token,
        'max-attempts': '2'
      },
      { env: { GITHUB_API_URL: github().url, GITHUB_REPOSITORY: repository } }
    )
    expect(run.code).toBe(1)
    expect(leakedLines(run, [token, FAKE_CLIENT_SECRET, refreshToken])).toEqual([])
    const error = run.lines.find(l => l.startsWith('::error::'))!
    expect(error).toMatch(expected)
    expect(error).toMatch(/github-token|GitHub/)
    expect(error).not.toMatch(/DoorFlow|base-url|one hour/)
    // Nothing was sent to DoorFlow: the refresh token is still valid.
    expect(doorflow().requestsTo('POST /oauth/token')).toHaveLength(0)
    expect(run.summary.split('\n')[0]).toMatch(
      /^<h3>❌ Cannot (store a rotated refresh token: Writing|check the secret to store the refresh token in: Checking) the repository secret/
    )
  })
})
