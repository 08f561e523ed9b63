/**
 * What the terminal commands share (script/terminal.ts): the directory a command was run in,
 * paths from the command line as the action's readers take them, the command to run next, and
 * error lines made as the action's. The commands themselves, run from outside the clone:
 * terminal.e2e.test.ts.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../../__fixtures__/run-action.js'
import { authorize } from '../../script/authorize.js'
import { InputError } from '../../src/inputs.js'
import {
  ACTION_ROOT,
  asOption,
  errorLine,
  exportPath,
  npmRun,
  problemLines,
  rosterPath,
  runDirectory,
  shellWord
} from '../../script/terminal.js'

let dir: string
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'terminal-')))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

it('runs in the directory npm was run in (INIT_CWD), else in its own', () => {
  expect(runDirectory({ INIT_CWD: dir })).toBe(dir)
  expect(runDirectory({})).toBe(process.cwd())
  // Only an absolute INIT_CWD is npm's.
  expect(runDirectory({ INIT_CWD: 'relative/dir' })).toBe(process.cwd())
  expect(ACTION_ROOT).toBe(ROOT)
})

describe('rosterPath', () => {
  it('keeps a path inside the directory relative to it, as before', () => {
    const path = rosterPath('access', dir)
    expect(path).toMatchObject({ workspace: dir, path: 'access', target: join(dir, 'access') })
    expect(path.shown('access/team.yaml')).toBe('access/team.yaml')
    expect(rosterPath('.', dir).path).toBe('.')
  })

  it('reads a path elsewhere from its parent, and names its files as the path was given', () => {
    const absolute = rosterPath('/srv/config/access', dir)
    expect(absolute).toMatchObject({ workspace: '/srv/config', path: 'access' })
    expect(absolute.shown('access/team.yaml')).toBe('/srv/config/access/team.yaml')
    const relative = rosterPath('../other/roster.yaml', join(dir, 'here'))
    expect(relative).toMatchObject({ workspace: join(dir, 'other'), path: 'roster.yaml' })
    expect(relative.shown('roster.yaml')).toBe('../other/roster.yaml')
  })
})

describe('exportPath', () => {
  it('writes under the deepest directory that exists, creating the rest', () => {
    const path = exportPath('new/access', dir)
    expect(path).toMatchObject({ workspace: dir, path: 'new/access' })
    expect(path.shown('new/access/roster.yaml')).toBe('new/access/roster.yaml')
    const far = exportPath(join(dir, 'a', 'b'), join(dir, 'x'))
    expect(far).toMatchObject({ workspace: dir, path: 'a/b' })
    expect(far.shown('a/b/roster.yaml')).toBe(join(dir, 'a', 'b', 'roster.yaml'))
  })

  it('follows a link the person named to a directory that is there (the action refuses it)', () => {
    mkdirSync(join(dir, 'real'))
    symlinkSync(join(dir, 'real'), join(dir, 'link'))
    expect(exportPath('link', dir)).toMatchObject({ workspace: dir, path: 'real' })
  })
})

it('says how to run the next command the way this one was run', () => {
  expect(npmRun('plan', ROOT)).toBe('npm run plan')
  expect(npmRun('plan', join(ROOT, 'examples'))).toBe('npm run plan')
  expect(npmRun('plan', join(ROOT, '..', 'door-config'))).toBe(
    `npm --prefix ../${shellWord(ROOT.split('/').at(-1)!)} run plan`
  )
  // A long way round is said absolute.
  expect(npmRun('plan', join(ROOT, '..', 'a', 'b', 'c'))).toBe(`npm --prefix ${shellWord(ROOT)} run plan`)
  expect(shellWord('access')).toBe('access')
  expect(shellWord("it's here")).toBe(`'it'\\''s here'`)
})

it('names an input error as the option of the same name', () => {
  expect(asOption(new InputError('prune', "must be one of disable, delete, off, got 'x'."))).toBe(
    "--prune must be one of disable, delete, off, got 'x'."
  )
  expect(asOption(new Error('--roster is required.'))).toBe('--roster is required.')
})

it("says the action's advice in a terminal's words: DOORFLOW_TOKEN and DOORFLOW_BASE_URL, no secret or input", () => {
  expect(
    errorLine(
      'Reading people failed: HTTP 401. The access token is invalid or expired (DoorFlow access tokens last one hour): issue a new token and update the secret.'
    )
  ).toBe(
    'Reading people failed: HTTP 401. The access token is invalid or expired (DoorFlow access tokens last one hour): issue a new one (npm run authorize -- --access-token) and set DOORFLOW_TOKEN to it.'
  )
  expect(errorLine('No DNS name api.doorfow.com exists: check base-url for a typo.')).toBe(
    'No DNS name api.doorfow.com exists: check DOORFLOW_BASE_URL for a typo.'
  )
  // A roster's own words are left as they are.
  expect(errorLine("roster/base-url.yaml:1:1: Unknown key 'base-url'")).toBe(
    "roster/base-url.yaml:1:1: Unknown key 'base-url'"
  )
})

it('makes each error line one line of at most 2,000 characters, as the action does', () => {
  const long = `${'x'.repeat(139_000)}\n::error::forged`
  const line = errorLine(long)
  expect(line).toBe(`${'x'.repeat(2000)}… (139016 characters)`)
  expect(errorLine('a\nb\u001b[31mc')).toBe('a b c')
  const problems = Array.from({ length: 51 }, (_, i) => ({
    message: `problem ${i}`,
    at: { file: 'r.yaml', line: i + 1, col: 1 }
  }))
  expect(problemLines(problems, f => `dir/${f}`)).toEqual([
    ...problems.slice(0, 50).map((_, i) => `dir/r.yaml:${i + 1}:1: problem ${i}`),
    '…and 1 more (51 problems in all): fix these and run again.'
  ])
})

it('npm run authorize makes its error lines the same way: one line, capped', async () => {
  const lines: string[] = []
  const name = `${'X'.repeat(5000)}\n::error::forged`
  const code = await authorize(
    ['--secret-name', name],
    { DOORFLOW_CLIENT_ID: 'id', DOORFLOW_CLIENT_SECRET: 'secret' },
    l => lines.push(l)
  )
  expect(code).toBe(2)
  const [error, usage] = lines
  expect(error).toMatch(/^Error: --secret-name must be a secret name, got 'X+… \(5067 characters\)\n$/)
  expect(error.length).toBeLessThan(2100)
  expect(usage).toMatch(/^Usage: npm run authorize/)
})
