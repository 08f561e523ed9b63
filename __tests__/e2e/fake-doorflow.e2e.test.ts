/**
 * `npm run fake-doorflow -- --scenario NAME` as a user runs it: each scenario is started as its
 * own process on a free port and answers over a real socket the way its name says.
 */
import { readFileSync } from 'node:fs'
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { request } from 'node:http'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { DEFAULT_GROUPS, DEFAULT_ROLES } from '../../__fixtures__/fake-people.js'
import { ROOT, runAction } from '../../__fixtures__/run-action.js'
import { actionCommand, DEFAULT_PEOPLE, EXAMPLE_ROSTER, ROSTER_SCOPES, SCENARIOS } from '../../script/fake-doorflow.js'

interface Started {
  child: ChildProcessWithoutNullStreams
  output: () => string
  exit: Promise<number | null>
}

const children: ChildProcessWithoutNullStreams[] = []

function start(args: string[]): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'script', 'fake-doorflow.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '' }
  })
  children.push(child)
  let output = ''
  child.stdout.on('data', d => (output += d))
  child.stderr.on('data', d => (output += d))
  return { child, output: () => output, exit: new Promise(resolve => child.on('close', resolve)) }
}

/** The URL the fake prints once it listens. */
async function listening(run: Started): Promise<string> {
  for (let i = 0; i < 1200; i++) {
    const match = /^Fake DoorFlow listening on (http:\/\/127\.0\.0\.1:\d+) /m.exec(run.output())
    if (match && run.output().includes('Ctrl-C')) return match[1]
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  throw new Error(`the fake did not start:\n${run.output()}`)
}

interface Answer {
  status: number
  body: string
  headers: Record<string, string | string[] | undefined>
}

/** One request; rejects with 'timeout' when no answer comes within `timeoutMs`. */
function call(url: string, method: string, path: string, body = '', timeoutMs = 5000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        method,
        headers: {
          Authorization: `Bearer ${FAKE_TOKEN}`,
          ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {})
        }
      },
      res => {
        let text = ''
        res.on('data', d => (text += d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }))
      }
    )
    req.setTimeout(timeoutMs, () => {
      req.destroy()
      reject(new Error('timeout'))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const sync = (url: string) => call(url, 'POST', '/api/3/sync')
const account = async (url: string) =>
  (JSON.parse((await call(url, 'GET', '/api/3/account')).body) as { sync: { status: string; description: string } })
    .sync
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** Every scenario, started at once (each its own process), so the suite waits for one start-up. */
const started = new Map<string, { run: Started; url: Promise<string> }>()
beforeAll(() => {
  for (const name of Object.keys(SCENARIOS)) {
    const run = start(['--scenario', name, '--port', '0'])
    const url = listening(run)
    url.catch(() => {})
    started.set(name, { run, url })
  }
})
afterAll(async () => {
  for (const child of children) child.kill('SIGTERM')
  await Promise.all(children.map(c => (c.exitCode === null ? new Promise(r => c.on('close', r)) : Promise.resolve())))
})

const scenario = (name: string) => started.get(name)!

/** What each scenario must answer; a scenario without a check here fails the completeness test. */
const checks: Record<string, (url: string) => Promise<void>> = {
  ok: async url => {
    expect((await sync(url)).status).toBe(200)
    expect((await account(url)).status).toBe('pending')
    await sleep(3200)
    expect((await account(url)).status).toBe('complete')
  },
  'rate-limited': async url => {
    const answer = await sync(url)
    expect(answer.status).toBe(429)
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'rate_limited', retry_in: expect.any(Number) })
    expect((JSON.parse(answer.body) as { retry_in: number }).retry_in).toBe(10)
  },
  'expired-token': async url => {
    expect((await sync(url)).status).toBe(401)
    expect((await call(url, 'GET', '/api/3/account')).status).toBe(401)
  },
  'missing-scope': async url => {
    const answer = await sync(url)
    expect(answer.status).toBe(403)
    expect(answer.body).toContain('account.sync')
  },
  'server-error': async url => {
    for (let i = 0; i < 3; i++) expect((await sync(url)).status).toBe(500)
  },
  unavailable: async url => {
    expect([(await sync(url)).status, (await sync(url)).status, (await sync(url)).status]).toEqual([503, 503, 200])
  },
  hang: async url => {
    await expect(call(url, 'POST', '/api/3/sync', '', 1000)).rejects.toThrow('timeout')
    expect((await call(url, 'GET', '/api/3/account')).status).toBe(200)
  },
  'doors-failing': async url => {
    expect((await sync(url)).status).toBe(200)
    expect((await account(url)).status).toBe('syncing')
    await sleep(2200)
    expect(await account(url)).toMatchObject({ status: 'failing', description: '1 of 2 doors failed: Loading Dock' })
    // The doors agree with DoorFlow's words: only the Loading Dock fails.
    const doors = JSON.parse((await call(url, 'GET', '/api/3/channels')).body) as {
      name: string
      sync: { status: string }
    }[]
    expect(doors.map(d => [d.name, d.sync.status])).toEqual([
      ['Front Door', 'ok'],
      ['Loading Dock', 'fail']
    ])
  },
  'doors-offline': async url => {
    expect((await sync(url)).status).toBe(200)
    expect((await account(url)).status).toBe('pending')
    const doors = JSON.parse((await call(url, 'GET', '/api/3/channels')).body) as { name: string; status: string }[]
    expect(doors.find(d => d.name === 'Loading Dock')?.status).toBe('offline')
  },
  'refresh-token': async url => {
    const printed = /'INPUT_REFRESH-TOKEN=(dfr_\w+)'/.exec(scenario('refresh-token').run.output())?.[1]
    expect(printed).toBeDefined()
    const form = (token: string) =>
      new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: FAKE_CLIENT_ID,
        client_secret: FAKE_CLIENT_SECRET
      }).toString()
    const first = await call(url, 'POST', '/oauth/token', form(printed!))
    expect(first.status).toBe(200)
    expect((JSON.parse(first.body) as { refresh_token: string }).refresh_token).not.toBe(printed)
    expect((await call(url, 'POST', '/oauth/token', form(printed!))).status).toBe(400)
  },
  people: async url => {
    const page = await call(url, 'GET', '/api/3/people?per_page=100')
    expect(page.status).toBe(200)
    // The 4 people the example roster was written for, and DEFAULT_PEOPLE others.
    expect(page.headers['total']).toBe(String(DEFAULT_PEOPLE + 4))
    const people = JSON.parse(page.body) as { system_id: string | null }[]
    expect(people).toHaveLength(DEFAULT_PEOPLE + 4)
    expect(people.map(p => p.system_id)).toEqual(expect.arrayContaining(['EMP-1042', 'EMP-0999', 'STAFF-1']))
    const groups = JSON.parse((await call(url, 'GET', '/api/3/groups')).body) as { name: string }[]
    expect(groups.map(g => g.name)).toEqual(DEFAULT_GROUPS.map(g => g.name))
    const roles = JSON.parse((await call(url, 'GET', '/api/3/roles')).body) as { name: string }[]
    expect(roles.map(r => r.name)).toEqual(DEFAULT_ROLES.map(r => r.name))
    const info = JSON.parse((await call(url, 'GET', '/oauth/token/info')).body) as { scope: string[] }
    expect([...info.scope].sort()).toEqual([...ROSTER_SCOPES].sort())
  }
}

it('has a check for every scenario --help lists', async () => {
  const help = start(['--help'])
  expect(await help.exit).toBe(0)
  const listed = [...help.output().matchAll(/^ {6}([a-z-]+) {2,}\S/gm)].map(m => m[1])
  expect(listed).toEqual(Object.keys(SCENARIOS))
  expect(Object.keys(checks).sort()).toEqual(Object.keys(SCENARIOS).sort())
  expect(help.output()).toContain('keeps this terminal busy until Ctrl-C')
})

describe.each(Object.keys(SCENARIOS))('--scenario %s', name => {
  it('starts, prints the command to run against it, and answers as named', async () => {
    const { run, url } = scenario(name)
    const base = await url
    expect(run.output()).toContain(`Scenario ${name}: ${SCENARIOS[name].summary}.`)
    expect(run.output()).toContain(`'INPUT_BASE-URL=${base}'`)
    expect(run.output()).toMatch(/^ {2}env '?INPUT_.* node dist\/index\.js$/m)
    await checks[name](base)
  })
})

it('the printed command runs the action against the fake (expired-token: red with HTTP 401)', async () => {
  const base = await scenario('expired-token').url
  const command = /^ {2}env (.*) node dist\/index\.js$/m.exec(scenario('expired-token').run.output())![1]
  const env = Object.fromEntries(
    [...command.matchAll(/'([^']*)'|(\S+)/g)].map(m => {
      const word = m[1] ?? m[2]
      return [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]
    })
  )
  expect(env['INPUT_BASE-URL']).toBe(base)
  // Through the launcher, as every end-to-end run, so that this run counts towards coverage.
  const run = await runAction({}, { env })
  expect(run.code).toBe(1)
  expect(run.stdout).toMatch(/^::error::.*HTTP 401/m)
})

it('a busy port is one clear line, without a stack trace', async () => {
  const taken: Server = createServer()
  await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve))
  const port = (taken.address() as { port: number }).port
  try {
    const run = start(['--port', String(port)])
    expect(await run.exit).toBe(1)
    expect(run.output()).toBe(
      `Error: port ${port} on 127.0.0.1 is in use (another fake-doorflow?): stop that one, or pass --port with a free port.\n`
    )
  } finally {
    taken.close()
  }
})

it('an unknown scenario is one line that lists the names', async () => {
  const run = start(['--scenario', 'nope'])
  expect(await run.exit).toBe(2)
  expect(run.output().trim().split('\n')).toHaveLength(1)
  expect(run.output()).toContain(`unknown scenario 'nope'; pick one of: ${Object.keys(SCENARIOS).join(', ')}.`)
})

it('the README names every scenario', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const line = /^Scenarios: ([\s\S]*?)\. In a second terminal/m.exec(readme)?.[1]
  expect(line?.match(/`[a-z-]+`/g)?.map(n => n.slice(1, -1))).toEqual(Object.keys(SCENARIOS))
})

it('actionCommand quotes the words a shell would split or misread', () => {
  expect(actionCommand('http://127.0.0.1:8080', { token: 't', 'wait-for-completion': 'true' })).toBe(
    "env INPUT_TOKEN=t 'INPUT_WAIT-FOR-COMPLETION=true' 'INPUT_BASE-URL=http://127.0.0.1:8080' node dist/index.js"
  )
})

/** Runs a printed command line in a shell from the repository root, as a user pastes it. */
function shell(command: string): Promise<{ code: number | null; out: string }> {
  const child = spawn('sh', ['-c', command], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '' } })
  let out = ''
  child.stdout.on('data', d => (out += d))
  child.stderr.on('data', d => (out += d))
  return new Promise(resolve => child.on('close', code => resolve({ code, out })))
}

/** The request lines the fake has printed so far (it prints them every 200 ms). */
async function requestsLogged(run: Started): Promise<string[]> {
  await sleep(400)
  return [...run.output().matchAll(/^\d\d:\d\d:\d\d (\w+ \S+)$/gm)].map(m => m[1])
}

describe('--scenario people --people 120', () => {
  it('serves 124 people; the printed commands plan examples/roster/ (reading only), apply it, and plan it clean', async () => {
    const run = start(['--scenario', 'people', '--people', '120', '--port', '0'])
    const base = await listening(run)
    expect(run.output()).toContain('DoorFlow holds 124 people.')
    const commands = [...run.output().matchAll(/^ {2}# (.*)\n {2}(env .*)$/gm)].map(m => ({ what: m[1], line: m[2] }))
    expect(commands.map(c => c.what)).toEqual([
      expect.stringContaining('the plan, from a terminal'),
      expect.stringContaining('the plan, as the action shows it on a pull request'),
      expect.stringContaining('the apply')
    ])
    const [plan, dryRun, apply] = commands.map(c => c.line)
    expect(plan).toBe(
      `env DOORFLOW_TOKEN=${FAKE_TOKEN} DOORFLOW_BASE_URL=${base} npm run plan -- --roster ${EXAMPLE_ROSTER}`
    )
    expect(dryRun).toContain("'INPUT_DRY-RUN=true'")
    // Outside a push to the default branch, dry-run auto only plans: the apply says false.
    expect(apply).toContain("'INPUT_DRY-RUN=false'")

    const planned = await shell(plan)
    expect(planned.code).toBe(0)
    expect(planned.out).toContain('Plan: 1 create, 1 update, 1 adoption, 1 removal (disable); 1 unchanged.')
    expect(planned.out).toContain('(4 in the roster, 124 in DoorFlow; 3 requests')

    const dry = await shell(dryRun)
    expect(dry.code).toBe(0)
    expect(dry.out).toMatch(/^::set-output name=changes::4$/m)
    expect(dry.out).toContain('Dry run: nothing was written and no sync was sent.')
    const read = await requestsLogged(run)
    expect(read).toHaveLength(6)
    expect(read.every(r => r.startsWith('GET '))).toBe(true)

    const applied = await shell(apply)
    expect(applied.code).toBe(0)
    expect(applied.out).toContain('Applied 4 of 4 changes')
    expect(applied.out).toMatch(/^DoorFlow accepted the sync \(HTTP 200/m)
    const written = (await requestsLogged(run)).slice(read.length)
    expect(written.filter(r => !r.startsWith('GET ')).sort()).toEqual([
      'POST /api/3/people',
      'POST /api/3/sync',
      'PUT /api/3/people/201',
      'PUT /api/3/people/202',
      'PUT /api/3/people/204'
    ])

    const again = await shell(plan)
    expect(again.code).toBe(0)
    expect(again.out).toContain('Plan: no changes; 4 unchanged.')
    expect(again.out).toContain('(4 in the roster, 125 in DoorFlow;')
  })

  it('--people is a whole number up to 10000, and only for the people scenario', async () => {
    const tooMany = start(['--scenario', 'people', '--people', '10001'])
    expect(await tooMany.exit).toBe(2)
    expect(tooMany.output()).toContain("--people must be a whole number from 0 to 10000, got '10001'.")
    const elsewhere = start(['--scenario', 'ok', '--people', '5'])
    expect(await elsewhere.exit).toBe(2)
    expect(elsewhere.output().trim().split('\n')).toHaveLength(1)
    expect(elsewhere.output()).toContain('--people goes with --scenario people')
  })
})
