import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError, type InputReader } from '../src/inputs.js'
import { readRunner, type EnvReader } from '../src/runner.js'
import { parseSettings as parseWith } from '../src/settings.js'

/** The settings from these inputs, over a runner's context read from `env` alone (never this process's variables). */
const parseSettings = (read: InputReader, env: EnvReader = () => undefined) => parseWith(read, readRunner(env, {}))

const reader =
  (inputs: Record<string, string>) =>
  (name: string): string =>
    inputs[name] ?? ''

function errorFor(inputs: Record<string, string>): InputError {
  try {
    parseSettings(reader({ token: 'abc123', ...inputs }))
  } catch (err) {
    if (err instanceof InputError) return err
    throw err
  }
  throw new Error('expected an InputError')
}

describe('parseSettings', () => {
  it('falls back to the defaults when only the token is set', () => {
    expect(parseSettings(reader({ token: 'abc123' }))).toEqual({
      auth: { mode: 'token', token: 'abc123' },
      baseUrl: 'https://api.doorflow.com',
      maxAttempts: 5,
      timeoutMs: 300_000,
      requestTimeoutMs: 30_000,
      waitForCompletion: false,
      pollIntervalMs: 5_000,
      coalesce: true,
      maxRemovals: undefined,
      writeConcurrency: 4,
      runner: expect.objectContaining({ api: { ok: true, url: expect.any(String) } })
    })
  })

  it('reads every input and drops a trailing slash from base-url', () => {
    const s = parseSettings(
      reader({
        token: 'abc123',
        'base-url': 'https://proxy.example.com/doorflow/',
        'max-attempts': '2',
        'timeout-seconds': '60',
        'request-timeout-seconds': '7',
        'wait-for-completion': 'TRUE',
        'poll-interval-seconds': '30',
        coalesce: 'false',
        'max-removals': '25',
        'write-concurrency': '8'
      })
    )
    expect(s).toMatchObject({
      baseUrl: 'https://proxy.example.com/doorflow',
      maxAttempts: 2,
      timeoutMs: 60_000,
      requestTimeoutMs: 7_000,
      waitForCompletion: true,
      pollIntervalMs: 30_000,
      coalesce: false,
      maxRemovals: 25,
      writeConcurrency: 8
    })
    expect(parseSettings(reader({ token: 'a', 'max-removals': '0' })).maxRemovals).toBe(0)
  })

  it('accepts plain http to loopback only', () => {
    expect(parseSettings(reader({ token: 'a', 'base-url': 'http://127.0.0.1:8080' })).baseUrl).toBe(
      'http://127.0.0.1:8080'
    )
    expect(parseSettings(reader({ token: 'a', 'base-url': 'http://localhost:1' })).baseUrl).toBe('http://localhost:1')
    expect(parseSettings(reader({ token: 'a', 'base-url': 'http://[::1]:1' })).baseUrl).toBe('http://[::1]:1')
  })

  it.each([
    [{ token: '' }, 'token', /empty.*forks/],
    [{ token: 'abc\ndef' }, 'token', /whitespace or control/],
    [{ token: 'abc def' }, 'token', /whitespace or control/],
    [{ token: 'abc\u0007def' }, 'token', /whitespace or control/],
    [{ 'max-attempts': '0' }, 'max-attempts', /whole number from 1 to 100, got '0'/],
    [{ 'max-attempts': '-1' }, 'max-attempts', /got '-1'/],
    [{ 'max-attempts': '2.5' }, 'max-attempts', /got '2.5'/],
    [{ 'timeout-seconds': 'ten' }, 'timeout-seconds', /got 'ten'/],
    [{ 'request-timeout-seconds': '1e3' }, 'request-timeout-seconds', /got '1e3'/],
    [{ 'poll-interval-seconds': '31' }, 'poll-interval-seconds', /from 1 to 30, got '31'/],
    [{ 'wait-for-completion': 'yes' }, 'wait-for-completion', /must be true or false, got 'yes'/],
    [{ coalesce: '1' }, 'coalesce', /must be true or false/],
    [{ 'max-removals': '-3' }, 'max-removals', /whole number from 0 to 1000000 \(or empty for the default.*got '-3'/],
    [{ 'max-removals': '10%' }, 'max-removals', /got '10%'/],
    [{ 'write-concurrency': '0' }, 'write-concurrency', /whole number from 1 to 16, got '0'/],
    [{ 'write-concurrency': '17' }, 'write-concurrency', /got '17'/],
    [{ 'base-url': 'api.doorflow.com' }, 'base-url', /is not a URL/],
    [{ 'base-url': 'ftp://api.doorflow.com' }, 'base-url', /https/],
    [{ 'base-url': 'http://api.doorflow.com' }, 'base-url', /clear text/],
    [{ 'base-url': 'http://10.0.0.5' }, 'base-url', /clear text/],
    [{ 'base-url': 'https://user:pw@api.doorflow.com' }, 'base-url', /user name or password/],
    [{ 'base-url': 'https://api.doorflow.com/?x=1' }, 'base-url', /query/]
  ])('rejects %j naming the input', (inputs, input, pattern) => {
    const err = errorFor(inputs)
    expect(err.input).toBe(input)
    expect(err.message).toMatch(new RegExp(`^Input '${input}' `))
    expect(err.message).toMatch(pattern)
    expect(err.message).not.toContain('\n')
  })

  describe('refresh-token mode', () => {
    const refresh = { 'client-id': 'cid', 'client-secret': 'csecret', 'refresh-token': 'dfr_1' }
    const env = (vars: Record<string, string>) => (name: string) => vars[name]

    it('reads the three refresh inputs, without a secret store only when refresh-token-output-only is true', () => {
      expect(parseSettings(reader({ ...refresh, 'refresh-token-output-only': 'true' }), env({})).auth).toEqual({
        mode: 'refresh',
        clientId: 'cid',
        clientSecret: 'csecret',
        refreshToken: 'dfr_1',
        store: undefined
      })
    })

    it('reads the secret store from the inputs and the runner variables', () => {
      const s = parseSettings(
        reader({
          ...refresh,
          'refresh-token-secret': 'DOORFLOW_RT',
          'github-token': 'ghp_x',
          'refresh-token-secret-environment': 'prod'
        }),
        env({ GITHUB_REPOSITORY: 'acme/doors', GITHUB_API_URL: 'https://ghe.example.com/api/v3/' })
      )
      expect(s.auth).toMatchObject({
        store: {
          name: 'DOORFLOW_RT',
          environment: 'prod',
          githubToken: 'ghp_x',
          apiUrl: 'https://ghe.example.com/api/v3',
          repository: 'acme/doors'
        }
      })
    })

    it('defaults GITHUB_API_URL to api.github.com', () => {
      const s = parseSettings(
        reader({ ...refresh, 'refresh-token-secret': 'RT', 'github-token': 'g' }),
        env({ GITHUB_REPOSITORY: 'a/b' })
      )
      expect(s.auth.mode === 'refresh' && s.auth.store?.apiUrl).toBe('https://api.github.com')
    })

    const fails = (inputs: Record<string, string>, vars: Record<string, string> = { GITHUB_REPOSITORY: 'a/b' }) => {
      try {
        parseSettings(reader(inputs), env(vars))
      } catch (err) {
        return (err as Error).message
      }
      throw new Error('expected an error')
    }

    it.each([
      [{ ...refresh, token: 'abc' }, /^Input 'token' and 'client-id' are both set/],
      [{ 'client-id': 'cid' }, /^Input 'client-secret' is empty: refresh-token mode needs/],
      [{ ...refresh, 'refresh-token': 'dfr 1' }, /^Input 'refresh-token' contains whitespace/],
      [{ token: 'abc', 'refresh-token-secret': 'RT' }, /^Input 'refresh-token-secret' only applies with refresh-token/],
      [{ ...refresh, 'refresh-token-secret': 'RT' }, /^Input 'github-token' is empty/],
      [{ ...refresh, 'github-token': 'g' }, /^Input 'github-token' is set but refresh-token-secret is empty/],
      [
        refresh,
        /^Input 'refresh-token-secret' is empty: DoorFlow rotates the refresh token on every run.* set refresh-token-output-only: true and store the refresh-token output in a later step of this job\.$/
      ],
      [
        { ...refresh, 'refresh-token-secret': 'RT', 'github-token': 'g', 'refresh-token-output-only': 'true' },
        /^Input 'refresh-token-output-only' is true but refresh-token-secret is set: choose one place/
      ],
      [{ ...refresh, 'refresh-token-output-only': 'yes' }, /^Input 'refresh-token-output-only' must be true or false/],
      [
        { token: 'abc', 'refresh-token-output-only': 'true' },
        /^Input 'refresh-token-output-only' only applies with refresh-token/
      ],
      [
        { ...refresh, 'refresh-token-secret-environment': 'prod' },
        /^Input 'refresh-token-secret-environment' is set but refresh-token-secret is empty/
      ],
      [
        { ...refresh, 'refresh-token-secret': '1ST', 'github-token': 'g' },
        /^Input 'refresh-token-secret' must be a secret name/
      ],
      [
        { ...refresh, 'refresh-token-secret': 'github_x', 'github-token': 'g' },
        /^Input 'refresh-token-secret' must be a secret name/
      ]
    ])('rejects %j', (inputs, pattern) => {
      expect(fails(inputs)).toMatch(pattern)
    })

    it('needs GITHUB_REPOSITORY, and https for GITHUB_API_URL', () => {
      const store = { ...refresh, 'refresh-token-secret': 'RT', 'github-token': 'g' }
      expect(fails(store, {})).toMatch(/^Environment variable 'GITHUB_REPOSITORY' must be owner\/name/)
      expect(fails(store, { GITHUB_REPOSITORY: 'a/b', GITHUB_API_URL: 'http://ghe.example.com' })).toMatch(
        /^Environment variable 'GITHUB_API_URL' uses plain http:\/\/ to ghe\.example\.com/
      )
    })
  })

  it('never repeats the token in its own error', () => {
    expect(errorFor({ token: 'secret value' }).message).not.toContain('secret value')
  })

  describe('characters a header cannot carry', () => {
    const refresh = { 'client-id': 'cid', 'client-secret': 'csecret', 'refresh-token': 'dfr_1' }
    const store = { ...refresh, 'refresh-token-secret': 'RT', 'github-token': 'ghp_ok' }
    const env = () => (name: string) => ({ GITHUB_REPOSITORY: 'a/b' })[name]
    it.each([
      ['token', { token: 'abc€def' }],
      ['token', { token: 'abc\u200bdef' }],
      ['token', { token: 'abc\r\ndef' }],
      ['token', { token: 'café' }],
      ['client-id', { ...refresh, token: '', 'client-id': 'c\u00a0id' }],
      ['client-secret', { ...refresh, token: '', 'client-secret': '“csecret”' }],
      ['refresh-token', { ...refresh, token: '', 'refresh-token': 'dfr_\u200b1' }],
      ['github-token', { ...store, token: '', 'github-token': 'ghp_€' }]
    ])('refuses %s with %j before any request, without echoing it', (input, inputs) => {
      let message = ''
      try {
        parseSettings(reader(inputs), env())
      } catch (err) {
        message = (err as Error).message
      }
      expect(message).toMatch(
        new RegExp(`^Input '${input}' contains (a character that cannot be sent in an HTTP header|whitespace)`)
      )
      const value = (inputs as Record<string, string>)[input]
      expect(message).not.toContain(value)
      expect(message).not.toContain(value.slice(0, 3))
      expect(message).not.toContain('\n')
    })

    it('accepts every printable ASCII character', () => {
      const token = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join('')
      expect(parseSettings(reader({ token })).auth).toEqual({ mode: 'token', token })
    })
  })

  describe('proxy variables', () => {
    const env = (vars: Record<string, string>) => (name: string) => vars[name]
    const parse = (vars: Record<string, string>, inputs: Record<string, string> = {}) =>
      parseSettings(reader({ token: 'abc123', ...inputs }), env(vars))
    const refusal = (vars: Record<string, string>): string => {
      try {
        parse(vars)
      } catch (err) {
        return (err as Error).message
      }
      return 'accepted'
    }

    it.each([
      [{ HTTPS_PROXY: 'http://proxy.example:99999' }, 'HTTPS_PROXY'],
      [{ https_proxy: 'http://[bad' }, 'https_proxy'],
      [{ HTTPS_PROXY: 'socks5://user:hunter2@proxy.example:1080' }, 'HTTPS_PROXY']
    ])('refuses %j naming the variable, never its value', (vars, variable) => {
      const message = refusal(vars)
      expect(message).toMatch(new RegExp(`^Environment variable '${variable}' `))
      expect(message).not.toContain('hunter2')
      expect(message).not.toContain('proxy.example')
    })

    it('accepts a proxy URL with or without a scheme, and ignores the plain-HTTP variable for https', () => {
      expect(refusal({ HTTPS_PROXY: 'http://user:p%40ss@proxy.example:3128' })).toBe('accepted')
      expect(refusal({ HTTPS_PROXY: 'proxy.example:3128' })).toBe('accepted')
      expect(refusal({ HTTP_PROXY: 'http://[bad' })).toBe('accepted')
    })

    it('does not check a proxy that loopback never uses', () => {
      expect(() => parse({ HTTPS_PROXY: 'http://[bad' }, { 'base-url': 'https://127.0.0.1:8443' })).not.toThrow()
    })
  })

  it('accepts a bracketed IPv6 loopback base-url', () => {
    expect(parseSettings(reader({ token: 'a', 'base-url': 'http://[::1]:8080/' })).baseUrl).toBe('http://[::1]:8080')
  })
})

describe('roster inputs', () => {
  it('are undefined without a roster, and read with one (workspace from GITHUB_WORKSPACE)', () => {
    expect(parseSettings(reader({ token: 'abc123' })).roster).toBeUndefined()
    const s = parseSettings(
      reader({ token: 'abc123', roster: 'access/', 'dry-run': 'true', prune: 'delete', 'pr-comment-token': 'ghs_x' }),
      name => ({ GITHUB_WORKSPACE: '/home/runner/work/repo/repo' })[name]
    )
    expect(s.roster).toEqual({
      path: 'access/',
      workspace: '/home/runner/work/repo/repo',
      dryRun: true,
      dryRunWhy: 'dry-run true: planning only.',
      sync: 'auto',
      prune: 'delete',
      commentToken: 'ghs_x',
      unmanaged: 'report',
      unreviewedChanges: 'warn',
      personalData: 'auto'
    })
  })

  it('reads unmanaged (ignore, report, fail) and names a bad one', () => {
    const mode = (unmanaged: string) =>
      parseSettings(reader({ token: 'abc123', roster: 'r.yaml', unmanaged })).roster?.unmanaged
    expect(mode('')).toBe('report')
    expect(mode('fail')).toBe('fail')
    expect(mode(' ignore ')).toBe('ignore')
    expect(errorFor({ roster: 'r.yaml', unmanaged: 'warn' }).message).toBe(
      "Input 'unmanaged' must be one of ignore, report, fail, got 'warn'."
    )
  })

  it('reads unreviewed-changes: warn or fail, and names anything else', () => {
    expect(
      parseSettings(reader({ token: 'a', roster: 'r.yaml', 'unreviewed-changes': 'fail' })).roster?.unreviewedChanges
    ).toBe('fail')
    expect(errorFor({ roster: 'r.yaml', 'unreviewed-changes': 'ignore' }).message).toBe(
      "Input 'unreviewed-changes' must be warn or fail, got 'ignore'."
    )
  })

  it('reads personal-data: auto, show or hide, and names anything else', () => {
    const mode = (value: string) =>
      parseSettings(reader({ token: 'a', roster: 'r.yaml', 'personal-data': value })).roster?.personalData
    expect([mode(''), mode('show'), mode('hide'), mode(' auto ')]).toEqual(['auto', 'show', 'hide', 'auto'])
    expect(errorFor({ roster: 'r.yaml', 'personal-data': 'public' }).message).toBe(
      "Input 'personal-data' must be auto, show or hide, got 'public'."
    )
  })

  it('names a bad prune, and a dry run without a roster', () => {
    expect(errorFor({ roster: 'r.yaml', prune: 'remove' }).message).toBe(
      "Input 'prune' must be one of disable, delete, off, got 'remove'."
    )
    expect(errorFor({ 'dry-run': 'true' }).message).toBe(
      "Input 'dry-run' is true but roster is empty: a dry run plans a roster; name the file or directory."
    )
    expect(errorFor({ roster: 'r.yaml', 'dry-run': 'yes' }).message).toBe(
      "Input 'dry-run' must be auto, true or false, got 'yes'."
    )
    expect(errorFor({ 'dry-run': 'yes' }).message).toBe("Input 'dry-run' must be auto, true or false, got 'yes'.")
  })
})

describe('dry-run by event', () => {
  const settle = (inputs: Record<string, string>, event: string | undefined) =>
    parseSettings(reader({ token: 'abc123', roster: 'access', ...inputs }), name =>
      name === 'GITHUB_EVENT_NAME' ? event : undefined
    ).roster!
  const refusal = (inputs: Record<string, string>, event: string | undefined): InputError => {
    try {
      settle(inputs, event)
    } catch (err) {
      if (err instanceof InputError) return err
      throw err
    }
    throw new Error('expected an InputError')
  }

  const PULL_REQUESTS = [
    'pull_request',
    'pull_request_target',
    'pull_request_review',
    'pull_request_review_comment',
    'merge_group'
  ]
  const OTHERS = ['push', 'schedule', 'workflow_dispatch', 'workflow_run', 'issue_comment', 'release', undefined, '']

  // Every event × every dry-run value: '' is the default, auto.
  describe.each(PULL_REQUESTS)('on %s', event => {
    it.each(['', 'auto'])('dry-run %j plans, and the log line says why', value => {
      expect(settle({ 'dry-run': value }, event)).toMatchObject({
        dryRun: true,
        dryRunWhy: `dry-run auto: planning only on a ${event} event.`
      })
    })

    it.each(['true', 'True', 'TRUE'])('dry-run %s plans', value => {
      expect(settle({ 'dry-run': value }, event)).toMatchObject({
        dryRun: true,
        dryRunWhy: 'dry-run true: planning only.'
      })
    })

    it.each(['false', 'False', 'FALSE'])('dry-run %s is refused, naming the input and why', value => {
      const err = refusal({ 'dry-run': value }, event)
      expect(err.input).toBe('dry-run')
      expect(err.message).toMatch(new RegExp(`^Input 'dry-run' is false on a ${event} event: `))
      expect(err.message).toMatch(/would write (it|the roster) to DoorFlow/)
      expect(err.message).toMatch(/apply on a push to the default branch/)
      expect(err.message).not.toContain('\n')
    })

    it('dry-run yes is not a value', () => {
      expect(refusal({ 'dry-run': 'yes' }, event).message).toBe(
        "Input 'dry-run' must be auto, true or false, got 'yes'."
      )
    })
  })

  it('names the secrets when pull_request_target is refused', () => {
    expect(refusal({ 'dry-run': 'false' }, 'pull_request_target').message).toBe(
      "Input 'dry-run' is false on a pull_request_target event: that workflow runs with the repository's secrets on a pull request's code, " +
        'so anyone who opens a pull request would write the roster to DoorFlow. ' +
        'Plan on pull requests (leave dry-run empty for auto, or set it true) and apply on a push to the default branch (docs/roster.md).'
    )
  })

  // GitHub Docs, "Events that trigger workflows"
  // (https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows):
  // schedule, workflow_dispatch, workflow_run, issue_comment and the rest run on the default branch
  // (or a chosen one) without being a merge; only a push to the default branch is one.
  describe.each(OTHERS)('on %j', event => {
    const named = event ? `a ${event} event` : 'a run without GITHUB_EVENT_NAME (not a pull request)'

    it.each(['', 'auto'])('dry-run %j plans, and the log line says why', value => {
      const got = settle({ 'dry-run': value }, event)
      expect(got.dryRun).toBe(true)
      expect(got.dryRunWhy).toMatch(/^dry-run auto: planning only /)
      expect(got.dryRunWhy).toMatch(
        /; auto applies only on a push to the default branch \(set dry-run: false to apply here\)\.$/
      )
    })

    it('dry-run true plans; false applies', () => {
      expect(settle({ 'dry-run': 'true' }, event)).toMatchObject({ dryRun: true })
      expect(settle({ 'dry-run': 'false' }, event)).toMatchObject({
        dryRun: false,
        dryRunWhy: `dry-run false: applying on ${named}.`
      })
    })
  })

  describe('a push applies only to the default branch, as its event payload names it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'push-event-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))
    const pushTo = (ref: string | undefined, payload: unknown) => {
      const path = join(dir, 'event.json')
      writeFileSync(path, JSON.stringify(payload))
      const vars: Record<string, string | undefined> = {
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: path,
        GITHUB_REF: ref
      }
      return parseSettings(reader({ token: 'abc123', roster: 'access' }), name => vars[name]).roster!
    }
    const main = { ref: 'refs/heads/main', repository: { default_branch: 'main' } }

    it('a push to refs/heads/<default_branch> applies', () => {
      expect(pushTo('refs/heads/main', main)).toMatchObject({
        dryRun: false,
        dryRunWhy: 'dry-run auto: applying on a push to the default branch, main.'
      })
      // GITHUB_REF unset: the payload's ref.
      expect(pushTo(undefined, main).dryRun).toBe(false)
    })

    it('a push to a feature branch or a tag, or one whose payload names no default branch, plans', () => {
      expect(pushTo('refs/heads/feature', { ...main, ref: 'refs/heads/feature' })).toMatchObject({
        dryRun: true,
        dryRunWhy:
          'dry-run auto: planning only on a push to refs/heads/feature, not to the default branch main; auto applies only on a push to the default branch (set dry-run: false to apply here).'
      })
      expect(pushTo('refs/tags/main', main).dryRun).toBe(true)
      expect(pushTo('refs/heads/main', { ref: 'refs/heads/main' })).toMatchObject({
        dryRun: true,
        dryRunWhy: expect.stringContaining('whose event payload does not name the default branch')
      })
      expect(pushTo('refs/heads/main', { repository: { default_branch: 'ma in' } }).dryRun).toBe(true)
    })
  })

  it('without a roster, dry-run decides nothing: auto and false are accepted on any event, true is refused', () => {
    const plain = (inputs: Record<string, string>, event: string) =>
      parseSettings(reader({ token: 'abc123', ...inputs }), name => (name === 'GITHUB_EVENT_NAME' ? event : undefined))
    for (const event of ['pull_request', 'pull_request_target', 'push']) {
      expect(plain({}, event).roster).toBeUndefined()
      expect(plain({ 'dry-run': 'auto' }, event).roster).toBeUndefined()
      expect(plain({ 'dry-run': 'false' }, event).roster).toBeUndefined()
      expect(() => plain({ 'dry-run': 'true' }, event)).toThrow("Input 'dry-run' is true but roster is empty")
    }
  })
})

describe('sync', () => {
  it('is auto by default, always when asked, and a bad value is named with or without a roster', () => {
    expect(parseSettings(reader({ token: 'a', roster: 'r.yaml' })).roster!.sync).toBe('auto')
    expect(parseSettings(reader({ token: 'a', roster: 'r.yaml', sync: 'auto' })).roster!.sync).toBe('auto')
    expect(parseSettings(reader({ token: 'a', roster: 'r.yaml', sync: 'always' })).roster!.sync).toBe('always')
    expect(parseSettings(reader({ token: 'a', sync: 'always' })).roster).toBeUndefined()
    expect(errorFor({ roster: 'r.yaml', sync: 'never' }).message).toBe(
      "Input 'sync' must be auto or always, got 'never'."
    )
    expect(errorFor({ sync: 'true' }).message).toBe("Input 'sync' must be auto or always, got 'true'.")
  })
})
