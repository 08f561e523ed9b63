import type { Context } from '../../src/net/context.js'
import {
  applyPlan,
  syncReserveInBudgetMs,
  validationText,
  writeFor,
  type ApplyOptions,
  type PersonWriter
} from '../../src/roster/writes.js'
import { pace } from '../../src/roster/progress.js'
import type { Memberships, Plan, PlannedChange } from '../../src/roster/plan.js'
import type { Named } from '../../src/doorflow/people.js'
import { guard, lockOutLabel } from '../../src/roster/guard.js'
import { describeChange } from '../../src/roster/render.js'
import { FakeWriter } from '../helpers/fake-writer.js'
import { VirtualClock } from '../helpers/virtual-clock.js'
import { finished, type DraftPlan } from '../helpers/plan.js'
import type { Outcome } from '../../src/net/http.js'

describe('apply', () => {
  /**
   * The apply engine against an in-memory people API on a virtual clock: every kind of change,
   * revocations before grants, the pool's bound, the shared rate-limit gate, lost answers on a
   * create, partial failure. No test sleeps: a minute of rate-limit waits passes in no time.
   */

  const STAFF: Named = { id: 1, name: 'Staff' }

  const NIGHT: Named = { id: 2, name: 'Night Shift' }

  const DOCK: Named = { id: 3, name: 'Loading Dock' }

  const GUARD: Named = { id: 7, name: 'Guard' }

  const planOf = (changes: PlannedChange[], over: Partial<DraftPlan> = {}): Plan =>
    finished({
      version: 1,
      manages: 'EMP-*',
      prune: 'disable',
      changes,
      unchanged: 0,
      managedCount: 100,
      ...over
    })

  const creating = (n: number): PlannedChange => ({
    kind: 'create',
    systemId: `EMP-${n}`,
    name: `Person ${n}`,
    fields: { first_name: 'Person', last_name: String(n), email: `p${n}@example.com` },
    groups: [STAFF, NIGHT],
    roles: [GUARD]
  })

  /** Moved from the Loading Dock to the Night Shift (groups Staff and Night Shift after), losing `rolesLost`. */
  const dockToNight = (rolesLost: Named[] = []): Memberships => ({
    groupIds: [1, 2],
    roleIds: [],
    groupsGained: [NIGHT],
    groupsLost: [DOCK],
    rolesGained: [],
    rolesLost
  })

  function setup(options: Partial<{ chance: number; budgetMs: number; maxAttempts: number }> = {}) {
    const clock = new VirtualClock(options.chance ?? 0)
    const writer = new FakeWriter(clock)
    const lines: string[] = []
    const ctx: Context = {
      budget: {
        maxAttempts: options.maxAttempts ?? 5,
        timeoutMs: options.budgetMs ?? 600_000,
        requestTimeoutMs: 30_000,
        startedAt: clock.now()
      },
      clock,
      log: line => lines.push(line)
    }
    const apply = (plan: Plan, opts: Partial<ApplyOptions> = {}) =>
      clock.run(applyPlan(ctx, plan, writer, { concurrency: 4, ...opts }))
    return { clock, writer, lines, apply }
  }

  describe('writeFor: the request each change comes to', () => {
    it('create: POST with the fields, system_id, group_ids and role_ids', () => {
      expect(writeFor(creating(1))).toEqual({
        method: 'POST',
        body: {
          first_name: 'Person',
          last_name: '1',
          email: 'p1@example.com',
          system_id: 'EMP-1',
          group_ids: [1, 2],
          role_ids: [7]
        }
      })
    })

    it('update: PUT with the changed fields only, and the complete sets when a membership changed', () => {
      const fieldsOnly: PlannedChange = {
        kind: 'update',
        systemId: 'EMP-2',
        name: 'B',
        personId: 12,
        fields: [{ field: 'valid_to', from: null, to: '2027-03-31' }]
      }
      expect(writeFor(fieldsOnly)).toEqual({ method: 'PUT', personId: 12, body: { valid_to: '2027-03-31' } })
      const withGroups: PlannedChange = {
        ...fieldsOnly,
        fields: [],
        memberships: dockToNight([GUARD])
      }
      expect(writeFor(withGroups)).toEqual({ method: 'PUT', personId: 12, body: { group_ids: [1, 2], role_ids: [] } })
    })

    it('adopt: PUT system_id on the matched person, plus its changes', () => {
      const adopt: PlannedChange = {
        kind: 'adopt',
        systemId: 'EMP-3',
        name: 'C',
        personId: 13,
        fields: [{ field: 'job_title', from: 'Intern', to: 'Engineer' }]
      }
      expect(writeFor(adopt)).toEqual({
        method: 'PUT',
        personId: 13,
        body: { system_id: 'EMP-3', job_title: 'Engineer' }
      })
    })

    it('remove: disable is PUT enabled false, delete is DELETE', () => {
      const remove = (mode: 'disable' | 'delete'): PlannedChange => ({
        kind: 'remove',
        systemId: 'EMP-4',
        name: 'D',
        personId: 14,
        mode,
        groups: [STAFF]
      })
      expect(writeFor(remove('disable'))).toEqual({ method: 'PUT', personId: 14, body: { enabled: false } })
      expect(writeFor(remove('delete'))).toEqual({ method: 'DELETE', personId: 14 })
    })
  })

  describe('applyPlan', () => {
    it('applies a plan of every kind and counts each', async () => {
      const { writer, apply } = setup()
      const bob = writer.add({ system_id: 'EMP-2', first_name: 'Bob', group_ids: [1, 3], role_ids: [] })
      const cyd = writer.add({ system_id: null, email: 'cyd@example.com', group_ids: [] })
      const dan = writer.add({ system_id: 'EMP-4', group_ids: [1] })
      const eve = writer.add({ system_id: 'EMP-5', group_ids: [1] })
      const plan = planOf([
        { kind: 'remove', systemId: 'EMP-4', name: 'Dan', personId: dan, mode: 'disable', groups: [STAFF] },
        { kind: 'remove', systemId: 'EMP-5', name: 'Eve', personId: eve, mode: 'delete', groups: [STAFF] },
        {
          kind: 'update',
          systemId: 'EMP-2',
          name: 'Bob',
          personId: bob,
          fields: [{ field: 'first_name', from: 'Bob', to: 'Robert' }],
          memberships: dockToNight()
        },
        { kind: 'adopt', systemId: 'EMP-3', name: 'Cyd', personId: cyd, fields: [] },
        creating(1)
      ])
      const result = await apply(plan)
      expect(result.counts).toEqual({ created: 1, updated: 1, removed: 2, adopted: 1, failed: 0, notAttempted: 0 })
      expect(result.results.map(r => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied'])
      expect(writer.people.get(dan)).toMatchObject({ enabled: false })
      expect(writer.people.has(eve)).toBe(false)
      expect(writer.people.get(bob)).toMatchObject({ first_name: 'Robert', group_ids: [1, 2], role_ids: [] })
      expect(writer.people.get(cyd)).toMatchObject({ system_id: 'EMP-3' })
      expect(writer.bySystemId('EMP-1')).toEqual([expect.objectContaining({ group_ids: [1, 2], role_ids: [7] })])
      expect(result.results[4].personId).toBe(writer.bySystemId('EMP-1')[0]['id'])
      expect(result.requests).toBe(5)
    })

    it('answers every revocation before the first grant starts, whatever the plan order', async () => {
      const { writer, apply } = setup()
      const changes: PlannedChange[] = []
      for (let n = 0; n < 6; n++) changes.push(creating(n))
      for (let n = 0; n < 7; n++) {
        const id = writer.add({ system_id: `EMP-R${n}` })
        changes.push({
          kind: 'remove',
          systemId: `EMP-R${n}`,
          name: `R${n}`,
          personId: id,
          mode: 'disable',
          groups: []
        })
      }
      writer.latencyMs = 30
      await apply(planOf(changes))
      const revocations = writer.requests.filter(r => r.method === 'PUT')
      const grants = writer.requests.filter(r => r.method === 'POST')
      expect(revocations).toHaveLength(7)
      expect(grants).toHaveLength(6)
      const lastRevocationAnswered = Math.max(...revocations.map(r => r.endedAt!))
      expect(Math.min(...grants.map(r => r.startedAt))).toBeGreaterThanOrEqual(lastRevocationAnswered)
    })

    it('keeps at most write-concurrency writes in flight, and uses them all', async () => {
      for (const concurrency of [1, 3, 8]) {
        const { writer, apply } = setup()
        await apply(planOf(Array.from({ length: 20 }, (_, n) => creating(n))), { concurrency })
        expect(writer.maxInFlight).toBe(concurrency)
        expect(writer.writes()).toHaveLength(20)
      }
    })

    it('a 429 storm: the whole pool waits what DoorFlow named; no write lost or doubled', async () => {
      const { writer, apply, clock, lines } = setup({ chance: 0.5 })
      writer.perSecond = 5
      const started = clock.now()
      const result = await apply(planOf(Array.from({ length: 60 }, (_, n) => creating(n))))
      expect(result.counts).toMatchObject({ created: 60, failed: 0, notAttempted: 0 })
      for (let n = 0; n < 60; n++) expect(writer.bySystemId(`EMP-${n}`)).toHaveLength(1)
      const limited = writer.requests.filter(r => r.status === 429)
      expect(result.rateLimited).toBe(limited.length)
      expect(limited.length).toBeGreaterThan(0)
      // Once a 429 is answered, no request of the pool starts before its retry_in has passed.
      for (const r of limited) {
        const early = writer.requests.filter(
          q => q.startedAt > r.endedAt! && q.startedAt < r.endedAt! + r.retryIn! * 1000
        )
        expect(early).toEqual([])
      }
      // 60 writes at 5 per second: the first second is free, so 11 s is the floor.
      expect(clock.now() - started).toBeLessThanOrEqual(1.1 * (60 / 5) * 1000)
      expect(lines.filter(l => l.startsWith('Applying:'))[0]).toMatch(
        /^Applying: \d+ applied, 0 failed, \d+ remaining(; [\d.]+ writes\/s, about \d+ s to go)?; \d+ rate-limit answers since the last line, [\d.]+ s waited\.$/
      )
    })

    it('a write answered 429 goes again exactly retry_in later: no spread on top, no sleep of its own past the gate', async () => {
      // chance 0.99: any random spread would add 99 ms to the wait.
      const { writer, apply } = setup({ chance: 0.99 })
      writer.perSecond = 1
      const result = await apply(planOf([creating(1), creating(2), creating(3)]), { concurrency: 1 })
      expect(result.counts).toMatchObject({ created: 3, failed: 0 })
      const limited = writer.requests.filter(r => r.status === 429)
      expect(limited.length).toBeGreaterThan(0)
      for (const r of limited) {
        // The same write goes again the moment its retry_in has passed, not a millisecond later.
        const next = writer.requests.find(q => q.startedAt >= r.endedAt! && q.target === r.target)!
        expect(next.startedAt - r.endedAt!).toBe(r.retryIn! * 1000)
      }
      const said = result.results.flatMap(r => r.log).filter(l => l.includes('HTTP 429'))
      expect(said.map(l => l.slice(l.indexOf('DoorFlow asked')))).toEqual(
        limited.map(r => `DoorFlow asked to wait ${r.retryIn} s (retry_in), retrying in ${r.retryIn} s.`)
      )
    })

    it('a pool under a write limit keeps the limit’s pace: each window’s writes go the moment DoorFlow said', async () => {
      const { writer, apply, clock } = setup({ chance: 0.99 })
      writer.perSecond = 5
      writer.latencyMs = 2
      const started = clock.now()
      const result = await apply(planOf(Array.from({ length: 50 }, (_, n) => creating(n))))
      expect(result.counts).toMatchObject({ created: 50, failed: 0, notAttempted: 0 })
      const accepted = writer.requests.filter(r => r.status === 201)
      // 50 writes at 5 a second: 9 waits of a second after the first five, and the requests' own time.
      const span = accepted.at(-1)!.startedAt - accepted[0].startedAt
      expect(span).toBeLessThan(9 * 1000 + 9 * 30)
      expect(clock.now() - started).toBeLessThan(10 * 1000)
    })

    it('a create whose answer is lost: looks the person up and does not POST again', async () => {
      const { writer, apply } = setup()
      writer.loseAnswer.add('EMP-1')
      const result = await apply(planOf([creating(1), creating(2)]))
      expect(result.counts).toMatchObject({ created: 2, failed: 0 })
      expect(writer.bySystemId('EMP-1')).toHaveLength(1)
      expect(writer.requests.filter(r => r.target === 'EMP-1').map(r => r.method)).toEqual(['POST', 'GET'])
      expect(result.results[0].personId).toBe(writer.bySystemId('EMP-1')[0]['id'])
      expect(result.results[0].log.join('\n')).toMatch(
        /DoorFlow has person \d+ with system_id EMP-1: created, not sent again/
      )
    })

    it('a create lost before DoorFlow saw it: the look-up finds nobody, so it is sent again, once', async () => {
      const { writer, apply } = setup()
      writer.dropBefore.add('EMP-1')
      const result = await apply(planOf([creating(1)]))
      expect(result.counts).toMatchObject({ created: 1, failed: 0 })
      expect(writer.bySystemId('EMP-1')).toHaveLength(1)
      expect(writer.requests.map(r => r.method)).toEqual(['POST', 'GET', 'POST'])
    })

    it('a 422 on one person fails that change with DoorFlow’s words; the others are applied', async () => {
      const { writer, apply } = setup()
      writer.invalid.add('EMP-2')
      const result = await apply(planOf([creating(1), creating(2), creating(3)]))
      expect(result.counts).toMatchObject({ created: 2, failed: 1, notAttempted: 0 })
      expect(result.results[1]).toMatchObject({
        status: 'failed',
        httpStatus: 422,
        message:
          'Creating Person 2 (EMP-2) failed: DoorFlow rejected the data (HTTP 422: Validation failed; email: is invalid). Fix the person in the roster and run again.'
      })
      expect(writer.requests.filter(r => r.target === 'EMP-2')).toHaveLength(1)
    })

    it('a refused token stops the apply: the rest are not attempted', async () => {
      const { writer, apply } = setup()
      writer.refuseAll = 403
      const result = await apply(planOf(Array.from({ length: 10 }, (_, n) => creating(n))), { concurrency: 2 })
      expect(result.counts.failed).toBe(2)
      expect(result.counts.notAttempted).toBe(8)
      expect(result.stopped).toMatch(/HTTP 403 .*account\.person/)
      expect(writer.requests).toHaveLength(2)
    })

    it('a stop() (the job cancelled) starts no more writes; those under way finish', async () => {
      const { writer, apply } = setup()
      let cancelled: string | undefined
      const original = writer.createPerson.bind(writer)
      writer.createPerson = async body => {
        const outcome = await original(body)
        cancelled = 'the job was cancelled (SIGINT)'
        return outcome
      }
      const result = await apply(planOf(Array.from({ length: 10 }, (_, n) => creating(n))), {
        concurrency: 3,
        stop: () => cancelled
      })
      expect(result.counts).toMatchObject({ created: 3, failed: 0, notAttempted: 7 })
      expect(result.stopped).toBe('the job was cancelled (SIGINT)')
      expect(result.results[9].log).toEqual(['Not attempted: the job was cancelled (SIGINT).'])
    })

    it('a DELETE repeated after its answer was lost finds the person gone: applied', async () => {
      const { writer, apply } = setup()
      const id = writer.add({ system_id: 'EMP-9' })
      const original = writer.deletePerson.bind(writer)
      let first = true
      writer.deletePerson = async (personId: number) => {
        const outcome = await original(personId)
        if (!first) return outcome
        first = false
        return { kind: 'error', reason: 'timeout', detail: 'no answer' }
      }
      const result = await apply(
        planOf([{ kind: 'remove', systemId: 'EMP-9', name: 'Gone', personId: id, mode: 'delete', groups: [] }])
      )
      expect(result.counts).toMatchObject({ removed: 1, failed: 0 })
      expect(writer.requests.map(r => [r.method, r.status])).toEqual([
        ['DELETE', 200],
        ['DELETE', 404]
      ])
    })

    it('stops when the time budget runs out; what was not sent is listed as not attempted', async () => {
      const { writer, apply } = setup({ budgetMs: 2500 })
      writer.perSecond = 2
      const result = await apply(planOf(Array.from({ length: 12 }, (_, n) => creating(n))), { concurrency: 1 })
      expect(result.counts.created).toBeGreaterThan(0)
      expect(result.counts.created + result.counts.failed + result.counts.notAttempted).toBe(12)
      expect(result.counts.notAttempted).toBeGreaterThan(0)
      expect(result.stopped).toMatch(/timeout-seconds/)
    })

    it('says at once when DoorFlow names a long wait', async () => {
      const { writer, apply, lines } = setup()
      const original = writer.createPerson.bind(writer)
      let first = true
      writer.createPerson = async body => {
        if (!first) return original(body)
        first = false
        return {
          kind: 'response',
          status: 429,
          headers: {},
          body: JSON.stringify({ error: 'rate_limited', description: 'Slow down.', retry_in: 20 })
        }
      }
      await apply(planOf([creating(1), creating(2)]))
      expect(lines[0]).toBe(
        'Applying: 0 applied, 0 failed, 2 remaining; DoorFlow is rate limiting writes: every write waits 20 s (retry_in).'
      )
      expect(writer.bySystemId('EMP-1')).toHaveLength(1)
    })

    it('logs progress at most every few seconds, with the counts and any wait', async () => {
      const { writer, apply, lines } = setup()
      writer.perSecond = 4
      await apply(planOf(Array.from({ length: 40 }, (_, n) => creating(n))), { progressEveryMs: 3000 })
      const progress = lines.filter(l => l.startsWith('Applying:'))
      expect(progress.length).toBeGreaterThanOrEqual(2)
      expect(progress.length).toBeLessThanOrEqual(5)
      expect(progress[0]).toMatch(/^Applying: \d+ applied, 0 failed, \d+ remaining/)
      expect(lines.at(-1)).toMatch(
        /^Applied 40 of 40 changes in [\d.]+ s \(40 created, 0 updated, 0 adopted, 0 removed; 0 failed\); \d+ rate-limit answers, [\d.]+ s waited for them\.$/
      )
    })
  })

  const removing = (n: number): PlannedChange => ({
    kind: 'remove',
    systemId: `EMP-R${n}`,
    name: `Leaver ${n}`,
    personId: 900 + n,
    mode: 'disable',
    groups: [STAFF]
  })

  describe('the sync reserve and whether the plan fits', () => {
    it('keeps 10 s back, or a third of a short budget', () => {
      expect(syncReserveInBudgetMs(300_000)).toBe(10_000)
      expect(syncReserveInBudgetMs(30_000)).toBe(10_000)
      expect(syncReserveInBudgetMs(15_000)).toBe(5000)
      expect(syncReserveInBudgetMs(1000)).toBe(333)
    })

    it('pace: says nothing before 10 writes and 2 s, then the rate, the time to go and whether it fits', () => {
      const base = { remaining: 100, leftMs: 60_000, stepElapsedMs: 5000, reserveMs: 10_000 }
      expect(pace({ ...base, done: 9, applyingMs: 10_000 })).toBeUndefined()
      expect(pace({ ...base, done: 40, applyingMs: 1999 })).toBeUndefined()
      expect(pace({ ...base, done: 40, applyingMs: 2000 })).toEqual({ perSecond: 20, etaMs: 5000, fits: true })
      // 9,960 left at 20 writes/s need 498 s: with 5 s gone, a quarter spare and the 10 s reserve, 12 minutes.
      expect(pace({ ...base, remaining: 9960, done: 40, applyingMs: 2000, leftMs: 280_000 })).toEqual({
        perSecond: 20,
        etaMs: 498_000,
        fits: false,
        timeoutSeconds: 660
      })
      // Exactly the time left fits.
      expect(pace({ ...base, remaining: 100, done: 20, applyingMs: 2000, leftMs: 10_000 })?.fits).toBe(true)
    })

    it('a first import that cannot fit: revocations first, grants until the reserve, warned early with the timeout to set', async () => {
      const { writer, apply, clock, lines } = setup({ budgetMs: 60_000 })
      writer.perSecond = 4
      const started = clock.now()
      const warnings: { at: number; line: string }[] = []
      const plan = planOf([...Array.from({ length: 400 }, (_, n) => creating(n)), removing(1), removing(2)])
      for (const n of [1, 2]) writer.people.set(900 + n, { id: 900 + n, system_id: `EMP-R${n}`, enabled: true })
      const result = await apply(plan, {
        concurrency: 2,
        warn: line => warnings.push({ at: clock.now() - started, line })
      })
      // The two revocations were the first writes.
      expect(
        writer
          .writes()
          .slice(0, 2)
          .map(w => w.target)
      ).toEqual(expect.arrayContaining(['901', '902']))
      expect(result.counts.removed).toBe(2)
      // Writes ended at the reserve (50 s of the 60 s budget), leaving it for the sync.
      expect(result.reserveMs).toBe(10_000)
      expect(clock.now() - started).toBeLessThanOrEqual(50_000)
      expect(clock.now() - started).toBeGreaterThan(45_000)
      expect(result.counts.notAttempted).toBeGreaterThan(150)
      expect(result.counts.created + result.counts.notAttempted + result.counts.failed).toBe(400)
      expect(result.stopped).toMatch(
        /writes stop 10 s before timeout-seconds runs out, keeping that time for the sync that carries them to the doors\)?$/
      )
      expect(result.wrote).toBe(true)
      // One warning, early, naming the timeout-seconds that fits the plan at the pace measured.
      expect(warnings).toHaveLength(1)
      expect(warnings[0].at).toBeLessThan(5000)
      expect(warnings[0].line).toMatch(
        /^At [\d.]+ writes\/s, the \d+ changes left need about \d+ min \d+ s, but \d+ s are left for writes in timeout-seconds: the rest will be left for a re-run\. To apply this plan in one run, set timeout-seconds: \d+\.$/
      )
      // Progress every 10 s by default, with the pace.
      const progress = lines.filter(l => l.startsWith('Applying:'))
      expect(progress.length).toBeGreaterThanOrEqual(3)
      expect(progress.length).toBeLessThanOrEqual(6)
      expect(progress[0]).toMatch(/; [\d.]+ writes\/s, about \d+ (min \d+ )?s to go/)
    })

    it('a plan that fits is not warned about', async () => {
      const { writer, apply } = setup({ budgetMs: 60_000 })
      writer.perSecond = 20
      const warnings: string[] = []
      const result = await apply(planOf(Array.from({ length: 100 }, (_, n) => creating(n))), {
        warn: line => warnings.push(line)
      })
      expect(result.counts.created).toBe(100)
      expect(warnings).toEqual([])
    })
  })

  describe('validationText', () => {
    it('joins DoorFlow’s error with each field’s errors', () => {
      expect(
        validationText(
          JSON.stringify({ error: 'Validation failed', errors: { email: ['is taken', 'is odd'], mobile: 'bad' } })
        )
      ).toBe('Validation failed; email: is taken, is odd; mobile: bad')
      expect(validationText(JSON.stringify({ error: 'unprocessable', error_description: 'Email is taken' }))).toBe(
        'unprocessable: Email is taken'
      )
      expect(validationText('')).toBe('no reason given')
    })
  })

  describe('server text in a 422', () => {
    it('is one line, with no workflow command, however DoorFlow words it', () => {
      const text = validationText(
        JSON.stringify({ error: 'bad\n::error::forged', errors: { 'email\r\n::warning::x': ['is\ninvalid'] } })
      )
      expect(text).not.toMatch(/[\r\n]/)
      expect(text).toBe('bad ::error::forged; email ::warning::x: is invalid')
    })
  })

  describe('a roster id in the apply log', () => {
    it('is gated in every line of a create whose answer was lost: no workflow command, whatever the id says', async () => {
      const { writer, apply } = setup()
      const lost = { ...creating(1), systemId: 'EMP-##[warning]lost' }
      const dropped = { ...creating(2), systemId: 'EMP-##[add-mask]dropped' }
      writer.loseAnswer.add(lost.systemId)
      writer.dropBefore.add(dropped.systemId)
      const result = await apply(planOf([lost, dropped]))
      expect(result.counts).toMatchObject({ created: 2, failed: 0 })
      const lines = result.results.flatMap(r => r.log)
      expect(lines.filter(l => l.includes('looking up') || l.includes('system_id '))).toHaveLength(4)
      expect(lines.filter(l => l.includes('##['))).toEqual([])
    })
  })

  describe('a person without a name', () => {
    it('is named by the system_id in the apply log and its failure, as the plan and the guard name them', async () => {
      const { writer, apply } = setup()
      const nameless: PlannedChange = { ...creating(8), name: '' }
      writer.invalid.add('EMP-9')
      const result = await apply(planOf([nameless, { ...creating(9), name: '' }]))
      expect(result.results[0].log).toContain('✓ Creating EMP-8: POST /api/3/people done (person 500).')
      expect(result.results[1].message).toMatch(/^Creating EMP-9 failed: DoorFlow rejected the data/)
      // The same words everywhere else a person is named.
      expect(describeChange(nameless)).toMatch(/^EMP-8 is created: /)
      const leaving: PlannedChange = {
        kind: 'remove',
        systemId: 'EMP-8',
        name: '',
        personId: 14,
        mode: 'disable',
        groups: []
      }
      expect(guard(planOf([leaving]), 5).reason).toContain('remove or disable 1 person: EMP-8.')
      expect(lockOutLabel({ systemId: 'EMP-8', name: '', personId: 14, how: 'removed' })).toBe('EMP-8 (removed)')
    })
  })
})

describe('apply-gate', () => {
  /**
   * The apply's shared rate-limit gate under the step's budget, on a virtual clock (no test
   * sleeps): a 429 naming a wait past the budget fails the writes at once instead of keeping
   * them at the gate until the runner kills the step.
   */

  const limited = (retryIn: number): Outcome => ({
    kind: 'response',
    status: 429,
    headers: {},
    body: JSON.stringify({ error: 'rate_limited', description: 'Slow down.', retry_in: retryIn })
  })

  /** Creates answered 429: the first with retry_in 1, every later one with `laterRetryIn`; each takes 10 ms. */
  function writer(clock: VirtualClock, laterRetryIn: number): PersonWriter & { sent: number } {
    const w = {
      sent: 0,
      async createPerson(): Promise<Outcome> {
        await clock.sleep(10)
        return limited(w.sent++ === 0 ? 1 : laterRetryIn)
      },
      updatePerson: () => Promise.reject(new Error('no update planned')),
      deletePerson: () => Promise.reject(new Error('no delete planned')),
      findBySystemId: () => Promise.reject(new Error('no look-up expected'))
    }
    return w
  }

  const creating = (n: number): PlannedChange => ({
    kind: 'create',
    systemId: `NEW-${n}`,
    name: `P ${n}`,
    fields: { first_name: 'P', last_name: String(n) },
    groups: [],
    roles: []
  })

  const plan: Plan = finished({
    version: 1,
    manages: 'NEW-*',
    prune: 'disable',
    changes: Array.from({ length: 8 }, (_, i) => creating(i)),
    unchanged: 0,
    managedCount: 0
  })

  async function applyUnder(budgetMs: number, laterRetryIn: number) {
    const clock = new VirtualClock()
    const w = writer(clock, laterRetryIn)
    const ctx: Context = {
      budget: { maxAttempts: 5, timeoutMs: budgetMs, requestTimeoutMs: 10_000, startedAt: clock.now() },
      clock,
      log: () => {}
    }
    const t0 = clock.now()
    const result = await clock.run(applyPlan(ctx, plan, w, { concurrency: 4 }))
    return { result, clock, elapsed: clock.now() - t0, sent: w.sent }
  }

  describe('the write gate under the budget', () => {
    it.each([3000, 10_000_000])(
      'retry_in %i s under a 20 s budget: the write retried after 1 s fails at the gate at once, naming the wait',
      async retryIn => {
        const { result, clock, elapsed, sent } = await applyUnder(20_000, retryIn)
        // The 1 s wait of the first 429 is waited; nothing longer is ever slept.
        expect(Math.max(...clock.sleeps)).toBeLessThan(2000)
        expect(elapsed).toBeLessThan(2000)
        expect(sent).toBe(4)
        expect(result.counts).toMatchObject({ created: 0, failed: 4, notAttempted: 4 })
        const retried = result.results.find(r => r.change.systemId === 'NEW-0')!
        expect(retried.message).toContain(`DoorFlow asked to wait ${retryIn} s, but only 19 s of the budget is left`)
        expect(retried.message).toContain('timeout-seconds is 20 s')
      }
    )

    it('the same 3000 s with a budget that holds it: the gate waits it out', async () => {
      const { clock } = await applyUnder(4_000_000, 3000)
      expect(clock.sleeps.filter(ms => ms >= 2_999_000).length).toBeGreaterThan(0)
    })
  })
})
