/**
 * `npm run fake-doorflow -- [--scenario NAME] [--port 8080]`: the fake DoorFlow on its own, for
 * trying the action by hand, `npm run local-action`, and the CI job that runs the action with
 * `uses: ./`. Each scenario is a way DoorFlow can behave (expired token, missing scope, server
 * error, rate limit, hang, failing or offline doors, …), set up with the fake's own options; the
 * `people` scenario serves people, groups and roles for door access as code, with the groups
 * and roles a user's own roster names (--groups, --roles) and a write rate limit (--write-limit).
 * It prints the commands that run the action (or a roster plan and apply) against it, then
 * serves until stopped.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import {
  CHANNELS_SCOPE,
  FakeDoorFlow,
  FAKE_CLIENT_ID,
  FAKE_CLIENT_SECRET,
  FAKE_TOKEN,
  rateLimited,
  SYNC_SCOPE,
  type FakeOptions
} from '../__fixtures__/fake-doorflow.js'
import {
  examplePeople,
  generatePeople,
  GROUP_READ_SCOPE,
  PERSON_READ_SCOPE,
  PERSON_WRITE_SCOPE,
  ROLE_READ_SCOPE,
  type FakeGroup,
  type WriteLimit
} from '../__fixtures__/fake-people.js'
import { EVENTS_SCOPE } from '../__fixtures__/fake-events.js'
import { runDirectory } from './terminal.js'

/** The people scenario's token: read and write people, read groups and roles, sync, read the doors and their events. */
export const ROSTER_SCOPES = [
  PERSON_READ_SCOPE,
  PERSON_WRITE_SCOPE,
  GROUP_READ_SCOPE,
  ROLE_READ_SCOPE,
  SYNC_SCOPE,
  CHANNELS_SCOPE,
  EVENTS_SCOPE
]
/** The people scenario's door events: the last EVENT_DAYS days (UTC), about EVENTS_PER_DAY per person and door a day. */
export const EVENT_DAYS = 14
export const EVENTS_PER_DAY = 2
/** The roster the people scenario's commands plan and apply (relative to the repository root). */
export const EXAMPLE_ROSTER = 'examples/roster'
/** How many people the people scenario serves besides the example's four, unless --people says. */
export const DEFAULT_PEOPLE = 50
/** The system_id prefix of those people: examples/roster/ manages EMP-* and CON-*, not these. */
export const OTHER_PREFIX = 'STAFF-'

/** The people a --people N run serves: examplePeople() and N generated others the example does not manage. */
export function peopleScenarioPeople(n: number) {
  return [...examplePeople(), ...generatePeople(n, { prefix: OTHER_PREFIX, firstId: 1000 })]
}

export interface Scenario {
  /** What DoorFlow does, in one line. */
  summary: string
  /** What the action does against it. */
  expect: string
  options?: FakeOptions
  setup?: (fake: FakeDoorFlow, o: { windowSeconds: number; people: number }) => void
  /** Inputs for the suggested command, besides token and base-url. */
  inputs?: Record<string, string>
  /** Sign in with a refresh token instead of the access token. */
  refresh?: boolean
  /** A roster to plan and apply: the commands printed are a plan and an apply of it, not a sync. */
  roster?: string
}

/** The inputs that wait for the doors, polling every second. */
export const waiting = { 'wait-for-completion': 'true', 'poll-interval-seconds': '1' }

/** A sync that is pending for 1 s, then syncing for `syncingMs`, then complete. */
export const completesAfter = (syncingMs: number) => ({
  plan: {
    phases: [
      { status: 'pending' as const, ms: 1000 },
      { status: 'syncing' as const, ms: syncingMs }
    ],
    outcome: 'complete' as const
  }
})

export const SCENARIOS: Record<string, Scenario> = {
  ok: {
    summary: 'accepts every sync; the doors have it 3 s later (pending, syncing, complete)',
    expect: 'green; with wait-for-completion it polls until complete and lists the doors',
    options: completesAfter(2000),
    inputs: waiting
  },
  'rate-limited': {
    summary:
      'a sync just ran elsewhere: the first sync answers 429 with retry_in 10 s (--window-seconds), and so does any sync inside the window after one',
    expect: 'waits exactly retry_in, then green with 2 attempts',
    setup: (fake, { windowSeconds }) => {
      fake.windowMs = windowSeconds * 1000
      fake.script('POST /api/3/sync', rateLimited(windowSeconds))
    }
  },
  'expired-token': {
    summary: 'the access token is no longer valid: every call answers 401',
    expect: 'red at once: HTTP 401, and what to do about it',
    options: { tokens: {} }
  },
  'missing-scope': {
    summary: `the token lacks ${SYNC_SCOPE}: syncs answer 403`,
    expect: 'red at once: HTTP 403, re-authorize with the scope',
    options: { tokens: { [FAKE_TOKEN]: [] } }
  },
  'server-error': {
    summary: 'every sync answers 500 (internal_server_error)',
    expect: 'red at once: a 500 is not retried',
    setup: fake =>
      fake.always('POST /api/3/sync', {
        status: 500,
        body: { error: 'internal_server_error', error_description: 'An unexpected error occurred' }
      })
  },
  unavailable: {
    summary: 'the first two syncs answer 503, then DoorFlow accepts',
    expect: 'retries with backoff, then green with 3 attempts',
    setup: fake => fake.script('POST /api/3/sync', { status: 503, body: 'Service Unavailable' }, { status: 503 })
  },
  hang: {
    summary: 'sync requests are accepted but never answered',
    expect: 'each attempt ends at request-timeout-seconds; red when timeout-seconds runs out',
    setup: fake => fake.always('POST /api/3/sync', { hang: true }),
    inputs: { 'request-timeout-seconds': '3', 'timeout-seconds': '10' }
  },
  'doors-failing': {
    summary: "accepts the sync, then reports it failing: '1 of 2 doors failed: Loading Dock'",
    expect: 'with wait-for-completion: red, with the door table',
    options: {
      plan: {
        phases: [{ status: 'syncing', ms: 2000 }],
        outcome: 'failing',
        description: '1 of 2 doors failed: Loading Dock',
        failingDoors: ['Loading Dock']
      }
    },
    inputs: waiting
  },
  'doors-offline': {
    summary: 'the Loading Dock controller is offline, so the sync stays pending',
    expect: 'with wait-for-completion: red when timeout-seconds runs out, the offline door in the table',
    options: {
      channels: [
        { id: 1340, name: 'Front Door', status: 'online' },
        { id: 1341, name: 'Loading Dock', status: 'offline' }
      ]
    },
    inputs: { ...waiting, 'timeout-seconds': '15' }
  },
  'refresh-token': {
    summary: 'refresh-token mode: issues a refresh token to start with, and rotates it on every refresh',
    expect: 'green once; the same command again fails with invalid_grant (the token was rotated)',
    refresh: true
  },
  people: {
    summary: `door access as code: people, groups and roles (the 4 people ${EXAMPLE_ROSTER}/ was written for, and --people N others, ${OTHER_PREFIX}1 …, that it does not manage), and their door events of the last ${EVENT_DAYS} days (GET /api/3/events); the token has the people, group, role, sync and event scopes`,
    expect: `plans ${EXAMPLE_ROSTER}/ (1 create, 1 update, 1 adoption, 1 removal) reading only; the apply writes them (revocations first), then syncs; a plan after it has no changes`,
    options: { tokens: { [FAKE_TOKEN]: ROSTER_SCOPES } },
    setup: (fake, o) => {
      fake.people.load(peopleScenarioPeople(o.people))
      // Door events of every person at every door, the same each start (seeded), up to today.
      const today = Math.floor(Date.now() / 86_400_000) * 86_400_000
      const people = fake.people.live().slice(0, 1000)
      fake.seedEvents({
        seed: 27,
        people,
        from: today - (EVENT_DAYS - 1) * 86_400_000,
        days: EVENT_DAYS,
        perDay: EVENTS_PER_DAY
      })
    },
    roster: EXAMPLE_ROSTER
  }
}

const USAGE = `Usage: npm run fake-doorflow -- [--scenario NAME] [--port N] [options]

A fake DoorFlow API on your machine. It keeps this terminal busy until Ctrl-C; run the
action against it from a second terminal (the command is printed when it starts).

  --scenario NAME         how DoorFlow behaves (default ok), one of:
${Object.entries(SCENARIOS)
  .map(([name, s]) => `      ${name.padEnd(16)}${s.summary}`)
  .join('\n')}
  --port N                port on --host (default 8080; 0 picks a free one)
  --host ADDR             address to listen on (default 127.0.0.1)
  --window-seconds W      sync rate-limit window after each sync (default 0; rate-limited: 10)
  --rate-limit-first S    answer the first sync with 429 and retry_in S
  --people N              people: how many people besides the example's 4 (default ${DEFAULT_PEOPLE}, at most 10000)
  --groups NAMES          people: groups to serve besides the example's, for your own roster:
                          "Server Room,Lobby" (comma-separated), or @FILE with one name a line
  --roles NAMES           people: roles to serve besides the example's, likewise
  --write-limit N/UNIT    people: at most N writes (POST, PUT, DELETE of people) in any second,
                          minute or hour (UNIT s, min or h), e.g. 60/min; a write over it answers
                          429 {"error": "rate_limited", "description", "retry_in"} (whole seconds)
  --help                  this text`

class UsageError extends Error {}

interface Options {
  scenario: string
  host: string
  port: number
  windowSeconds: number | undefined
  rateLimitFirst: number | undefined
  people: number | undefined
  groups: string[] | undefined
  roles: string[] | undefined
  writeLimit: WriteLimit | undefined
}

/** The most names --groups or --roles may give, the longest a name may be, and the largest @FILE read. */
export const MAX_NAMES = 1000
export const MAX_NAME_LENGTH = 100
const MAX_NAMES_FILE_BYTES = 1024 * 1024

const UNITS: Record<string, number> = { s: 1000, sec: 1000, min: 60_000, h: 3_600_000 }

/** `60/min` → 60 writes in any 60,000 ms; a UsageError naming the flag otherwise. */
export function writeLimitOption(raw: string): WriteLimit {
  const m = /^(\d{1,6})\/(s|sec|min|h)$/.exec(raw.trim())
  const writes = Number(m?.[1])
  if (!m || writes < 1 || writes > 100_000)
    throw new UsageError(
      `--write-limit must be writes per second, minute or hour, such as 60/min or 10/s (1 to 100000 writes), got '${raw}'.`
    )
  return { writes, perMs: UNITS[m[2]] }
}

/**
 * The names --groups or --roles gives: comma-separated, or `@FILE` with one name a line (blank
 * lines and lines starting with # skipped). Each is trimmed; none may be empty, longer than
 * MAX_NAME_LENGTH, hold a control character, or come twice; at most MAX_NAMES.
 */
export function namesOption(flag: 'groups' | 'roles', raw: string, read = readNamesFile): string[] {
  const fromFile = raw.startsWith('@')
  const items = fromFile
    ? read(flag, raw.slice(1))
        .split(/\r?\n/)
        .filter(line => line.trim() && !line.trim().startsWith('#'))
    : raw.split(',')
  const names: string[] = []
  const seen = new Set<string>()
  for (const [i, item] of items.entries()) {
    const name = item.trim()
    const which = fromFile ? `name ${i + 1} of ${raw}` : `name ${i + 1}`
    if (!name) throw new UsageError(`--${flag} has an empty ${which}: give names such as "Server Room,Lobby".`)
    if (name.length > MAX_NAME_LENGTH)
      throw new UsageError(`--${flag}: ${which} is longer than ${MAX_NAME_LENGTH} characters.`)
    // eslint-disable-next-line no-control-regex -- control characters are what this pattern is for
    if (/[\u0000-\u001f\u007f-\u009f]/.test(name))
      throw new UsageError(`--${flag}: ${which} holds a control character.`)
    if (seen.has(name)) throw new UsageError(`--${flag} names '${name}' twice.`)
    seen.add(name)
    names.push(name)
  }
  if (!names.length) throw new UsageError(`--${flag} names no ${flag}: give names such as "Server Room,Lobby".`)
  if (names.length > MAX_NAMES) throw new UsageError(`--${flag} names ${names.length} ${flag}; at most ${MAX_NAMES}.`)
  return names
}

/**
 * The text of an @FILE for --groups or --roles: a regular file of at most MAX_NAMES_FILE_BYTES.
 * A relative path is read from the directory npm was run in (runDirectory), as `npm run plan` and
 * `npm run export` read theirs: with `npm --prefix <clone>` from a roster repository, @groups.txt
 * is that repository's file, not the clone's.
 */
function readNamesFile(flag: string, path: string): string {
  let fd: number
  try {
    fd = openSync(resolve(runDirectory(process.env), path), 'r')
  } catch (err) {
    throw new UsageError(`--${flag} @${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`)
  }
  try {
    const info = fstatSync(fd)
    if (!info.isFile()) throw new UsageError(`--${flag} @${path}: not a regular file.`)
    if (info.size > MAX_NAMES_FILE_BYTES) throw new UsageError(`--${flag} @${path}: larger than 1 MiB.`)
    const buffer = Buffer.alloc(MAX_NAMES_FILE_BYTES + 1)
    const n = readSync(fd, buffer, 0, buffer.length, 0)
    return buffer.subarray(0, Math.min(n, MAX_NAMES_FILE_BYTES)).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

/** `served` with the names it lacks added, numbered on from its highest id. */
export function withNames(served: FakeGroup[], names: string[] | undefined): FakeGroup[] {
  if (!names) return served
  const have = new Set(served.map(g => g.name))
  let next = Math.max(0, ...served.map(g => g.id)) + 1
  return [...served, ...names.filter(n => !have.has(n)).map(name => ({ id: next++, name }))]
}

function wholeNumber(name: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || n > max)
    throw new UsageError(`--${name} must be a whole number from 0 to ${max}, got '${raw}'.`)
  return n
}

function options(argv: string[]): Options | undefined {
  let values
  try {
    values = parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string', default: 'ok' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8080' },
        'rate-limit-first': { type: 'string' },
        'window-seconds': { type: 'string' },
        people: { type: 'string' },
        groups: { type: 'string' },
        roles: { type: 'string' },
        'write-limit': { type: 'string' },
        help: { type: 'boolean' }
      }
    }).values
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0])
  }
  if (values.help) return undefined
  if (!Object.hasOwn(SCENARIOS, values.scenario))
    throw new UsageError(`unknown scenario '${values.scenario}'; pick one of: ${Object.keys(SCENARIOS).join(', ')}.`)
  for (const flag of ['people', 'groups', 'roles', 'write-limit'] as const)
    if (values[flag] !== undefined && !SCENARIOS[values.scenario].roster)
      throw new UsageError(`--${flag} goes with --scenario people (the ${values.scenario} scenario serves no people).`)
  return {
    scenario: values.scenario,
    host: values.host,
    port: wholeNumber('port', values.port, 65535)!,
    windowSeconds: wholeNumber('window-seconds', values['window-seconds'], 3600),
    rateLimitFirst: wholeNumber('rate-limit-first', values['rate-limit-first'], 3600),
    people: wholeNumber('people', values.people, 10000),
    groups: values.groups === undefined ? undefined : namesOption('groups', values.groups),
    roles: values.roles === undefined ? undefined : namesOption('roles', values.roles),
    writeLimit: values['write-limit'] === undefined ? undefined : writeLimitOption(values['write-limit'])
  }
}

/** Names served, the first 20 of them. */
function listed(items: FakeGroup[]): string {
  const names = items.slice(0, 20).map(g => g.name)
  return `${names.join(', ')}${items.length > 20 ? `, … (${items.length} in all)` : ''}`
}

/** A write limit in words: "60 writes a minute". */
export function writeLimitText(limit: WriteLimit): string {
  const unit = { 1000: 'second', 60_000: 'minute', 3_600_000: 'hour' }[limit.perMs] ?? `${limit.perMs} ms`
  return `${limit.writes} write${limit.writes === 1 ? '' : 's'} a ${unit}`
}

/** The command that runs the bundled action against the fake, as a user types it. */
export function actionCommand(url: string, inputs: Record<string, string>): string {
  const words = Object.entries({ ...inputs, 'base-url': url }).map(([k, v]) => {
    const word = `INPUT_${k.toUpperCase()}=${v}`
    return /^[\w=:/.@]+$/.test(word) ? word : `'${word}'`
  })
  return `env ${words.join(' ')} node dist/index.js`
}

/** The command that plans a roster from a terminal (`npm run plan`) against the fake. */
export function planCommand(url: string, roster: string): string {
  return `env DOORFLOW_TOKEN=${FAKE_TOKEN} DOORFLOW_BASE_URL=${url} npm run plan -- --roster ${roster}`
}

/** A command to type, and what it does (printed above it as a shell comment). */
export interface Command {
  what: string
  command: string
}

/** Starts the fake as the scenario says; returns it with the commands to run against it. */
export async function startScenario(
  name: string,
  o: Pick<Options, 'host' | 'port' | 'windowSeconds' | 'rateLimitFirst' | 'people'> &
    Partial<Pick<Options, 'groups' | 'roles' | 'writeLimit'>>
): Promise<{ fake: FakeDoorFlow; commands: Command[] }> {
  const scenario = SCENARIOS[name]
  const fake = await FakeDoorFlow.start({ ...scenario.options, host: o.host, port: o.port })
  if (o.windowSeconds !== undefined) fake.windowMs = o.windowSeconds * 1000
  scenario.setup?.(fake, { windowSeconds: o.windowSeconds ?? 10, people: o.people ?? DEFAULT_PEOPLE })
  fake.people.groups = withNames(fake.people.groups, o.groups)
  fake.people.roles = withNames(fake.people.roles, o.roles)
  if (o.writeLimit) fake.people.writeLimit = o.writeLimit
  if (o.rateLimitFirst !== undefined) fake.script('POST /api/3/sync', rateLimited(o.rateLimitFirst))
  const auth: Record<string, string> = scenario.refresh
    ? { 'client-id': FAKE_CLIENT_ID, 'client-secret': FAKE_CLIENT_SECRET, 'refresh-token': fake.issueRefreshToken() }
    : { token: FAKE_TOKEN }
  const inputs = { ...auth, ...scenario.inputs }
  if (!scenario.roster) return { fake, commands: [{ what: 'the action', command: actionCommand(fake.url, inputs) }] }
  const roster = { ...inputs, roster: scenario.roster }
  return {
    fake,
    commands: [
      { what: 'the plan, from a terminal (reads only)', command: planCommand(fake.url, scenario.roster) },
      {
        what: 'the plan, as the action shows it on a pull request (dry-run: reads only)',
        command: actionCommand(fake.url, { ...roster, 'dry-run': 'true' })
      },
      {
        what: 'the apply (dry-run: false; auto applies only on a push to the default branch): writes the people, then one sync',
        command: actionCommand(fake.url, { ...roster, 'dry-run': 'false' })
      }
    ]
  }
}

export async function main(argv: string[], out: (line: string) => void): Promise<number> {
  let o: Options | undefined
  try {
    o = options(argv)
  } catch (err) {
    out(`Error: ${(err as Error).message} (npm run fake-doorflow -- --help lists the options)`)
    return 2
  }
  if (!o) {
    out(USAGE)
    return 0
  }
  let started: Awaited<ReturnType<typeof startScenario>>
  try {
    started = await startScenario(o.scenario, o)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    out(
      code === 'EADDRINUSE'
        ? `Error: port ${o.port} on ${o.host} is in use (another fake-doorflow?): stop that one, or pass --port with a free port.`
        : `Error: cannot listen on ${o.host}:${o.port} (${code ?? (err as Error).message}): pass another --host or --port.`
    )
    return 1
  }
  const { fake, commands } = started
  const scenario = SCENARIOS[o.scenario]
  out(`Fake DoorFlow listening on ${fake.url} (token: ${FAKE_TOKEN})`)
  out(`Scenario ${o.scenario}: ${scenario.summary}.`)
  if (scenario.roster) out(`DoorFlow holds ${fake.people.live().length} people.`)
  if (o.writeLimit)
    out(
      `Writes to people are limited to ${writeLimitText(o.writeLimit)}; beyond that DoorFlow answers 429 with retry_in.`
    )
  out(`The action: ${scenario.expect}.`)
  out('\nIn a second terminal, from this directory:\n')
  for (const c of commands) out(`${commands.length > 1 ? `  # ${c.what}\n` : ''}  ${c.command}\n`)
  if (scenario.roster)
    out(
      `Edit ${scenario.roster}/*.yaml (or write your own roster: groups ${listed(fake.people.groups)}; roles ${listed(fake.people.roles)}) and plan again.\n`
    )
  out('Requests appear below; Ctrl-C stops the fake.')
  let shown = 0
  const tick = setInterval(() => {
    for (const r of fake.requests.slice(shown))
      out(`${new Date(r.at).toISOString().slice(11, 19)} ${r.method} ${r.path}`)
    shown = fake.requests.length
  }, 200)
  const stop = () => {
    clearInterval(tick)
    void fake.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await main(process.argv.slice(2), line => console.log(line))
  if (code !== 0) process.exit(code)
}
