/**
 * `npm run fake-doorflow` for a user's own roster: the groups and roles it serves (--groups,
 * --roles) and its write rate limit (--write-limit), each flag checked with one clear line, and
 * the fake started as the flags say, answering over a real socket.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FAKE_TOKEN, type FakeDoorFlow } from '../../__fixtures__/fake-doorflow.js'
import { DEFAULT_GROUPS, DEFAULT_ROLES } from '../../__fixtures__/fake-people.js'
import {
  main,
  MAX_NAMES,
  namesOption,
  startScenario,
  withNames,
  writeLimitOption,
  writeLimitText
} from '../../script/fake-doorflow.js'

/** main() with `args`; its lines. Only for runs that stop at a flag: a started fake serves until stopped. */
async function refused(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = []
  const code = await main(args, line => lines.push(line))
  return { code, lines }
}

describe('--write-limit', () => {
  it('reads writes per second, minute or hour', () => {
    expect(writeLimitOption('60/min')).toEqual({ writes: 60, perMs: 60_000 })
    expect(writeLimitOption('10/s')).toEqual({ writes: 10, perMs: 1000 })
    expect(writeLimitOption('10/sec')).toEqual({ writes: 10, perMs: 1000 })
    expect(writeLimitOption(' 1000/h ')).toEqual({ writes: 1000, perMs: 3_600_000 })
    expect(writeLimitText({ writes: 60, perMs: 60_000 })).toBe('60 writes a minute')
    expect(writeLimitText({ writes: 1, perMs: 1000 })).toBe('1 write a second')
  })

  it.each(['60', '60/day', '0/min', '5 /s', '1.5/s', '100001/s', '/min', 'sixty/min'])(
    'refuses %p in one line naming the flag',
    async raw => {
      const { code, lines } = await refused(['--scenario', 'people', '--write-limit', raw])
      expect(code).toBe(2)
      expect(lines).toEqual([
        `Error: --write-limit must be writes per second, minute or hour, such as 60/min or 10/s (1 to 100000 writes), got '${raw}'. (npm run fake-doorflow -- --help lists the options)`
      ])
    }
  )

  it('goes with the people scenario only', async () => {
    const { code, lines } = await refused(['--scenario', 'ok', '--write-limit', '60/min'])
    expect(code).toBe(2)
    expect(lines).toEqual([expect.stringContaining('--write-limit goes with --scenario people')])
  })
})

describe('--groups and --roles', () => {
  it('reads comma-separated names, trimmed', () => {
    expect(namesOption('groups', 'Server Room, Lobby ,Loading Dock')).toEqual(['Server Room', 'Lobby', 'Loading Dock'])
  })

  it('reads @FILE: one name a line, blank lines and # comments skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-names-'))
    try {
      const file = join(dir, 'groups.txt')
      writeFileSync(file, '# our groups\nServer Room\r\n\nLobby, east wing\n')
      expect(namesOption('groups', `@${file}`)).toEqual(['Server Room', 'Lobby, east wing'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads a relative @FILE from the directory npm was run in (INIT_CWD), as plan and export do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-names-'))
    const before = process.env['INIT_CWD']
    try {
      writeFileSync(join(dir, 'groups.txt'), 'Roof\nBasement\n')
      process.env['INIT_CWD'] = dir
      expect(namesOption('groups', '@groups.txt')).toEqual(['Roof', 'Basement'])
      process.env['INIT_CWD'] = tmpdir()
      expect(() => namesOption('groups', '@groups.txt')).toThrow('--groups @groups.txt: cannot be read (ENOENT).')
    } finally {
      if (before === undefined) delete process.env['INIT_CWD']
      else process.env['INIT_CWD'] = before
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it.each([
    ['A,,B', '--groups has an empty name 2: give names such as "Server Room,Lobby".'],
    ['Lobby,Lobby', "--groups names 'Lobby' twice."],
    ['x'.repeat(101), '--groups: name 1 is longer than 100 characters.'],
    ['Lobby\u0007', '--groups: name 1 holds a control character.'],
    [Array.from({ length: MAX_NAMES + 1 }, (_, i) => `G${i}`).join(','), `--groups names 1001 groups; at most 1000.`]
  ])('refuses %p in one line', async (raw, message) => {
    const { code, lines } = await refused(['--scenario', 'people', '--groups', raw])
    expect(code).toBe(2)
    expect(lines).toEqual([`Error: ${message} (npm run fake-doorflow -- --help lists the options)`])
  })

  it('an @FILE that cannot be read is one line', async () => {
    const { code, lines } = await refused(['--scenario', 'people', '--roles', '@/no/such/file.txt'])
    expect(code).toBe(2)
    expect(lines).toEqual([
      'Error: --roles @/no/such/file.txt: cannot be read (ENOENT). (npm run fake-doorflow -- --help lists the options)'
    ])
  })

  it('adds the names not served yet, numbered on from the highest id', () => {
    expect(withNames(DEFAULT_GROUPS, ['Server Room', 'Loading Dock', 'Lobby']).slice(-3)).toEqual([
      { id: 5, name: 'Facilities' },
      { id: 6, name: 'Server Room' },
      { id: 7, name: 'Lobby' }
    ])
    expect(withNames(DEFAULT_ROLES, undefined)).toBe(DEFAULT_ROLES)
  })
})

describe('the people scenario with --groups, --roles and --write-limit', () => {
  let fake: FakeDoorFlow | undefined
  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${fake!.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${FAKE_TOKEN}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(async r => ({ status: r.status, json: await r.json() }))

  it('serves the named groups and roles besides the example’s, and answers writes over the limit with 429 and retry_in', async () => {
    ;({ fake } = await startScenario('people', {
      host: '127.0.0.1',
      port: 0,
      windowSeconds: undefined,
      rateLimitFirst: undefined,
      people: 0,
      groups: ['Server Room', 'Lobby'],
      roles: ['Guard'],
      writeLimit: { writes: 3, perMs: 60_000 }
    }))
    const groups = (await call('GET', '/api/3/groups')).json as { id: number; name: string }[]
    expect(groups.map(g => g.name)).toEqual([...DEFAULT_GROUPS.map(g => g.name), 'Server Room', 'Lobby'])
    const roles = (await call('GET', '/api/3/roles')).json as { name: string }[]
    expect(roles.map(r => r.name)).toEqual([...DEFAULT_ROLES.map(r => r.name), 'Guard'])

    const serverRoom = groups.find(g => g.name === 'Server Room')!.id
    const create = (n: number) =>
      call('POST', '/api/3/people', {
        first_name: 'New',
        last_name: String(n),
        system_id: `NEW-${n}`,
        group_ids: [serverRoom]
      })
    expect([(await create(1)).status, (await create(2)).status, (await create(3)).status]).toEqual([201, 201, 201])
    const limited = await create(4)
    expect(limited.status).toBe(429)
    expect(limited.json).toEqual({
      error: 'rate_limited',
      description: 'Rate limit exceeded. Please wait before trying again.',
      retry_in: expect.any(Number)
    })
    const retryIn = (limited.json as { retry_in: number }).retry_in
    expect(retryIn).toBeGreaterThanOrEqual(59)
    expect(retryIn).toBeLessThanOrEqual(60)
    // Reads are not writes: the limit leaves them alone.
    expect((await call('GET', '/api/3/people')).status).toBe(200)
    expect(fake.people.writesCarriedOut).toEqual(['create NEW-1', 'create NEW-2', 'create NEW-3'])
    expect(fake.people.bySystemId('NEW-1')[0].groups).toEqual([serverRoom])
    expect(fake.people.rateLimited).toBe(1)
  })
})
