/**
 * The runner's context, read once: which values of the event payload are kept (only those of the
 * expected shape: the payload is data), the one cap on the event file, the one rule for API roots,
 * and "inside the workspace" with links resolved.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { ROOT } from '../__fixtures__/run-action.js'
import { apiRoot, EVENT_MAX_BYTES, insideWorkspace, pushToDefaultBranch, readRunner } from '../src/runner.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runner-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function runnerOf(event: string, payload: unknown, vars: Record<string, string> = {}) {
  const path = join(dir, 'event.json')
  writeFileSync(path, typeof payload === 'string' ? payload : JSON.stringify(payload))
  const env: Record<string, string> = { GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: path, ...vars }
  return readRunner(name => env[name])
}

describe('readRunner', () => {
  it("links this run's page only when server, repository and run id are well formed", () => {
    const vars = {
      GITHUB_SERVER_URL: 'https://github.com/',
      GITHUB_REPOSITORY: 'acme/door-config',
      GITHUB_RUN_ID: '42'
    }
    expect(runnerOf('push', {}, vars).runUrl).toBe('https://github.com/acme/door-config/actions/runs/42')
    expect(runnerOf('push', {}, { ...vars, GITHUB_RUN_ID: '42)](javascript:x' }).runUrl).toBeUndefined()
    expect(runnerOf('push', {}, { ...vars, GITHUB_SERVER_URL: 'https://x.example/<b>' }).runUrl).toBeUndefined()
    expect(runnerOf('push', {}, { GITHUB_REPOSITORY: 'acme/door-config' }).runUrl).toBeUndefined()
  })

  it('reads a pull request: number, head, both repositories, and whether it comes from a fork', () => {
    const pr = (head: unknown) =>
      runnerOf('pull_request', {
        pull_request: { number: 9, head: { sha: 'A'.repeat(40), repo: head }, base: { repo: { full_name: 'acme/x' } } },
        repository: { default_branch: 'main', private: true }
      })
    const own = pr({ full_name: 'acme/x' })
    expect(own.pullRequest).toEqual({
      number: 9,
      headSha: 'A'.repeat(40),
      headRepo: 'acme/x',
      baseRepo: 'acme/x',
      fromFork: false
    })
    expect(own).toMatchObject({ defaultBranch: 'main', private: true })
    expect(pr({ full_name: 'ACME/X' }).pullRequest?.fromFork).toBe(false)
    expect(pr({ full_name: 'someone/x' }).pullRequest?.fromFork).toBe(true)
    expect(pr(null).pullRequest?.fromFork).toBe(true)
    // No head.repo at all: not told, so not taken for a fork.
    expect(pr(undefined).pullRequest?.fromFork).toBe(false)
  })

  it('keeps only values of the expected shape from the payload and the variables', () => {
    const r = runnerOf(
      'pull_request',
      {
        pull_request: { number: 9, head: { sha: '[x](https://evil.example)', repo: { full_name: 'a b/c' } } },
        repository: { default_branch: 'main\n::error::x', private: 'yes' }
      },
      { GITHUB_SHA: 'not a sha', GITHUB_REPOSITORY: 'no-slash', GITHUB_REF: 'main' }
    )
    expect(r).toMatchObject({ sha: undefined, repository: undefined, ref: undefined, defaultBranch: undefined })
    expect(r.private).toBeUndefined()
    expect(r.pullRequest).toMatchObject({ number: 9, headSha: undefined, headRepo: undefined })
    expect(runnerOf('pull_request', { pull_request: { number: 0 } }).pullRequest).toBeUndefined()
    // A pull request in the payload of another event is not this run's.
    expect(runnerOf('push', { pull_request: { number: 9 } }).pullRequest).toBeUndefined()
  })

  it('reads a push: its ref (GITHUB_REF first), before and after; and whether it is to the default branch', () => {
    const push = {
      ref: 'refs/heads/main',
      before: 'b'.repeat(40),
      after: 'c'.repeat(40),
      repository: { default_branch: 'main' }
    }
    const r = runnerOf('push', push)
    expect(r.push).toEqual({ ref: 'refs/heads/main', before: 'b'.repeat(40), after: 'c'.repeat(40), commits: [] })
    // The pushed commits, as listed (oldest first), SHAs only, lower case; anything else is left out.
    const listed = runnerOf('push', {
      ...push,
      commits: [{ id: 'D'.repeat(40) }, { id: 'x' }, null, { id: 'e'.repeat(40) }]
    })
    expect(listed.push?.commits).toEqual(['d'.repeat(40), 'e'.repeat(40)])
    expect(pushToDefaultBranch(r)).toBe(true)
    expect(pushToDefaultBranch(runnerOf('push', push, { GITHUB_REF: 'refs/heads/other' }))).toBe(false)
    expect(pushToDefaultBranch(runnerOf('push', { ...push, repository: {} }))).toBe(false)
    // A default branch in any script is still the default branch.
    const unicode = { ...push, ref: 'refs/heads/hauptzweig-ü', repository: { default_branch: 'hauptzweig-ü' } }
    expect(pushToDefaultBranch(runnerOf('push', unicode))).toBe(true)
    expect(pushToDefaultBranch(runnerOf('workflow_dispatch', push, { GITHUB_REF: 'refs/heads/main' }))).toBe(false)
  })

  it('reads the event file once within one cap, and says why it did not', () => {
    expect(runnerOf('push', 'not json').payloadProblem).toMatch(/^the event file could not be read \(/)
    writeFileSync(join(dir, 'big.json'), Buffer.alloc(EVENT_MAX_BYTES + 1, 0x20))
    const big = readRunner(name => ({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: join(dir, 'big.json') })[name])
    expect(big.payload).toBeUndefined()
    expect(big.payloadProblem).toBe(`the event file is ${EVENT_MAX_BYTES + 1} bytes, more than GitHub ever sends`)
    expect(readRunner(() => undefined)).toMatchObject({ event: '', payload: undefined, payloadProblem: undefined })
  })
})

describe('apiRoot: the one rule for where credentials go', () => {
  it('https anywhere; plain http only to loopback', () => {
    expect(apiRoot('https://ghe.example.com/api/v3/', '')).toEqual({ ok: true, url: 'https://ghe.example.com/api/v3' })
    for (const local of ['http://127.0.0.1:8080', 'http://127.9.9.9', 'http://localhost:1', 'http://[::1]:3000'])
      expect(apiRoot(local, '').ok).toBe(true)
    expect(apiRoot('http://ghe.example.com', '')).toEqual({
      ok: false,
      why: 'uses plain http:// to ghe.example.com: credentials would cross the network in clear text. Use https://.'
    })
    expect(apiRoot('http://127.0.0.1.evil.example', '').ok).toBe(false)
    expect(apiRoot('ftp://x', '').ok).toBe(false)
    expect(apiRoot('https://u:p@x', '').ok).toBe(false)
  })
})

describe('insideWorkspace', () => {
  it('is inside for a path under the workspace, existing or not; outside for .. and for a link that leads out', () => {
    const ws = join(dir, 'ws')
    const outside = join(dir, 'outside')
    mkdirSync(join(ws, 'access'), { recursive: true })
    mkdirSync(outside)
    symlinkSync(outside, join(ws, 'out'))
    symlinkSync(join(ws, 'access'), join(ws, 'in'))
    symlinkSync(join(dir, 'nowhere'), join(ws, 'dangling'))
    expect(insideWorkspace('access', ws)).toBe(true)
    expect(insideWorkspace('access/new/deeper', ws)).toBe(true)
    expect(insideWorkspace('in/new', ws)).toBe(true)
    expect(insideWorkspace('.', ws)).toBe(true)
    expect(insideWorkspace('../outside', ws)).toBe(false)
    expect(insideWorkspace('out', ws)).toBe(false)
    expect(insideWorkspace('out/new', ws)).toBe(false)
    expect(insideWorkspace('dangling/new', ws)).toBe(false)
    expect(insideWorkspace('x', join(dir, 'no-workspace'))).toBe(false)
  })
})

describe('the one reader of the runner context', () => {
  it('keeps the proxy variables that are set, and the environment a child process inherits', () => {
    const vars: Record<string, string> = { HTTPS_PROXY: 'http://proxy.corp:3128', http_proxy: '', GITHUB_SHA: 'x' }
    const runner = readRunner(name => vars[name], { PATH: '/usr/bin', HOME: '/home/runner' })
    expect(runner.proxy).toEqual({ HTTPS_PROXY: 'http://proxy.corp:3128' })
    expect(runner.childEnv).toEqual({ PATH: '/usr/bin', HOME: '/home/runner' })
  })

  it('is runner.ts alone: no other file of src/ reads process.env (so none finds the event file)', () => {
    const src = join(ROOT, 'src')
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.ts'))
    const reads = /\bprocess\s*(?:\.\s*env\b|\[\s*['"`]env['"`]\s*\])|\bfrom\s+'(?:node:)?process'/g
    const readers = Object.fromEntries(
      files.map(f => [f.split(sep).join('/'), readFileSync(join(src, f), 'utf8').match(reads)?.length ?? 0])
    )
    // The pattern finds what it is for: runner.ts's own reads (its default readers).
    expect(readers['runner.ts']).toBeGreaterThan(0)
    expect(Object.entries(readers).filter(([f, n]) => n > 0 && f !== 'runner.ts')).toEqual([])
  })
})
