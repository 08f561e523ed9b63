import type { DoorFlowPerson } from '../../src/doorflow/people.js'
import {
  accessReview,
  canEnter,
  DAY_MS,
  grantKey,
  HOUR_MS,
  REVIEW_DEFAULTS,
  type ApplyTimes,
  type GrantCommit,
  type PullFacts,
  type ReviewInput,
  type Usage,
  leaverRecordKey
} from '../../src/review/review.js'
import { GrantHistory, type SnapshotPerson } from '../../src/review/history.js'

const NOW = Date.parse('2026-12-07T06:00:00Z')
const OPTIONS = { asOf: NOW, ...REVIEW_DEFAULTS }

const person = (id: number, fields: Partial<DoorFlowPerson> = {}): DoorFlowPerson => ({
  id,
  first_name: `First${id}`,
  last_name: `Last${id}`,
  enabled: true,
  system_id: `EMP-${id}`,
  groups: [1],
  roles: [],
  valid_from: null,
  valid_to: null,
  ...fields
})

const GROUPS = [
  { id: 1, name: 'Engineering' },
  { id: 2, name: 'Server Room' }
]

const fullUsage = (lastUsed: [number, number][] = []): Usage => ({
  lastUsed: new Map(lastUsed),
  coveredFrom: NOW - 90 * DAY_MS,
  complete: true,
  events: lastUsed.length,
  pages: 1
})

function input(fields: Partial<ReviewInput> = {}): ReviewInput {
  return {
    people: [],
    groups: GROUPS,
    roster: {
      managed: id => id.startsWith('EMP-'),
      grants: new Map([
        ['EMP-1', new Set(['Engineering', 'Server Room'])],
        ['EMP-2', new Set(['Engineering'])]
      ])
    },
    usage: fullUsage(),
    grants: new Map(),
    pulls: new Map(),
    leavers: [],
    records: new Map(),
    historyNotes: [],
    ...fields
  }
}

describe('canEnter', () => {
  it('takes enabled people inside the validity window, ends included', () => {
    expect(canEnter(person(1), NOW)).toBe(true)
    expect(canEnter(person(1, { enabled: false }), NOW)).toBe(false)
    expect(canEnter(person(1, { valid_from: '2026-12-08T00:00:00Z' }), NOW)).toBe(false)
    expect(canEnter(person(1, { valid_to: '2026-12-07T05:59:59Z' }), NOW)).toBe(false)
    expect(canEnter(person(1, { valid_to: '2026-12-07T06:00:00Z' }), NOW)).toBe(true)
    expect(canEnter(person(1, { valid_from: '2026-01-01T00:00:00Z', valid_to: '2027-01-01T00:00:00Z' }), NOW)).toBe(
      true
    )
  })
})

describe('accessReview', () => {
  const granted: GrantCommit = { commit: 'a'.repeat(40), at: NOW - 40 * DAY_MS }
  const pull: PullFacts = { number: 12, mergedAt: NOW - 40 * DAY_MS, approvers: ['octocat'] }

  it('traces a roster grant to the pull request that last granted it, with its approving reviewers', () => {
    const review = accessReview(
      input({
        people: [person(1, { groups: [1, 2] })],
        usage: fullUsage([[1, NOW - DAY_MS]]),
        grants: new Map([
          [grantKey('EMP-1', 'Engineering'), granted],
          [grantKey('EMP-1', 'Server Room'), { commit: 'b'.repeat(40), at: NOW - 5 * DAY_MS }]
        ]),
        pulls: new Map<string, PullFacts | string>([
          [granted.commit, pull],
          ['b'.repeat(40), { number: 15, mergedAt: NOW - 5 * DAY_MS, approvers: [] }]
        ])
      }),
      OPTIONS
    )
    const [eng, server] = review.groups
    expect(eng.name).toBe('Engineering')
    expect(eng.members).toEqual([
      expect.objectContaining({ doorflowId: 1, source: 'roster', grant: { ...granted, pull }, flags: [] })
    ])
    // Merged without an approving review: flagged.
    expect(server.members[0].grant?.pull?.number).toBe(15)
    expect(server.members[0].flags).toEqual(['no-approval'])
    expect(review.counts).toMatchObject({ groups: 2, people: 1, grants: 2 })
    expect(review.counts.flagged['no-approval']).toBe(1)
  })

  it('flags access no roster manages, access the roster does not grant, and access ending within the window', () => {
    const review = accessReview(
      input({
        people: [
          person(2, { groups: [1, 2], valid_to: new Date(NOW + 10 * DAY_MS).toISOString() }),
          person(3, { system_id: 'CON-3', groups: [2], valid_to: new Date(NOW + 31 * DAY_MS).toISOString() }),
          person(4, { system_id: null, groups: [2] }),
          person(5, { enabled: false, groups: [1, 2] }),
          person(6, { valid_to: '2026-01-01T00:00:00Z' })
        ],
        usage: fullUsage([
          [2, NOW],
          [3, NOW],
          [4, NOW]
        ])
      }),
      OPTIONS
    )
    const server = review.groups.find(g => g.name === 'Server Room')!
    expect(server.members.map(m => [m.doorflowId, m.source, m.flags])).toEqual([
      [2, 'not-granted', ['not-granted', 'ending']],
      [3, 'unmanaged', ['unmanaged']],
      [4, 'unmanaged', ['unmanaged']]
    ])
    // Disabled (5) and expired (6) people cannot enter: not in the review.
    expect(review.counts.people).toBe(3)
    expect(review.groups.find(g => g.name === 'Engineering')!.members.map(m => m.doorflowId)).toEqual([2])
  })

  it('finds access not used in the window from the events read whole', () => {
    const review = accessReview(
      input({
        people: [person(1), person(2), person(7, { system_id: null })],
        usage: fullUsage([
          [1, NOW - 89 * DAY_MS],
          [2, NOW - 91 * DAY_MS]
        ])
      }),
      OPTIONS
    )
    const flags = Object.fromEntries(review.groups[0].members.map(m => [m.doorflowId, m.flags]))
    expect(flags[1]).not.toContain('unused')
    expect(flags[2]).toContain('unused')
    expect(flags[7]).toContain('unused')
    expect(review.counts.flagged.unused).toBe(2)
    expect(review.counts.flagged['use-unknown']).toBe(0)
  })

  it('never calls access unused when the events read stopped early: use unknown, and a note says how far it read', () => {
    const review = accessReview(
      input({
        people: [person(1, { system_id: 'CON-1' }), person(2, { system_id: 'CON-2' })],
        usage: {
          lastUsed: new Map([[1, NOW - DAY_MS]]),
          coveredFrom: NOW - 3 * DAY_MS,
          complete: false,
          stoppedWhy: 'the budget of 300 s ran out after 40 pages',
          events: 40_000,
          pages: 40
        }
      }),
      OPTIONS
    )
    const flags = Object.fromEntries(review.groups[0].members.map(m => [m.doorflowId, m.flags]))
    expect(flags[1]).toEqual(['unmanaged'])
    expect(flags[2]).toEqual(['unmanaged', 'use-unknown'])
    expect(review.counts.flagged.unused).toBe(0)
    expect(review.notes.join(' ')).toContain(
      `read back to ${new Date(NOW - 3 * DAY_MS).toISOString()} only, not to the window's start`
    )
    expect(review.notes.join(' ')).toContain('the budget of 300 s ran out after 40 pages')
  })

  it('says where a roster grant has no known pull request', () => {
    const review = accessReview(
      input({
        people: [person(2)],
        usage: fullUsage([[2, NOW]]),
        grants: new Map([[grantKey('EMP-2', 'Engineering'), granted]]),
        pulls: new Map([[granted.commit, 'GitHub lists no pull request for this commit (pushed directly)']])
      }),
      OPTIONS
    )
    const m = review.groups[0].members[0]
    expect(m.grant?.why).toBe('GitHub lists no pull request for this commit (pushed directly)')
    expect(m.flags).toEqual(['no-approval'])
  })
})

describe('leavers', () => {
  const commit = 'c'.repeat(40)
  const merged = NOW - 10 * DAY_MS
  const leaver = { systemId: 'EMP-9', name: 'Nine Person', change: 'removed' as const, commit, at: merged }
  const pulls = new Map<string, PullFacts | string>([[commit, { number: 30, mergedAt: merged, approvers: ['lead'] }]])

  it('computes the delay from the merge to the doors from the apply record, and flags one over 24 h', () => {
    const record: ApplyTimes = {
      merged,
      applied: merged + 2 * 60_000,
      synced: merged + 3 * 60_000,
      confirmed: merged + 5 * 60_000
    }
    const ok = accessReview(
      input({ leavers: [leaver], pulls, records: new Map([[leaverRecordKey(commit, 'EMP-9'), record]]) }),
      OPTIONS
    )
    expect(ok.leavers).toEqual([
      expect.objectContaining({
        systemId: 'EMP-9',
        merged,
        applied: record.applied,
        synced: record.synced,
        confirmed: record.confirmed,
        delayMs: 5 * 60_000,
        stillHasAccess: false,
        flags: []
      })
    ])
    const late = { merged, applied: merged + 30 * HOUR_MS, synced: merged + 30 * HOUR_MS + 60_000 }
    const slow = accessReview(
      input({ leavers: [leaver], pulls, records: new Map([[leaverRecordKey(commit, 'EMP-9'), late]]) }),
      OPTIONS
    )
    expect(slow.leavers[0].delayMs).toBe(30 * HOUR_MS + 60_000)
    expect(slow.leavers[0].flags).toEqual(['delay over 24 h'])
    expect(slow.counts.leaversFlagged).toBe(1)
  })

  it('flags a leaver without an apply record, and one who can still enter', () => {
    const review = accessReview(
      input({ leavers: [leaver], pulls, people: [person(9, { system_id: 'EMP-9' })] }),
      OPTIONS
    )
    expect(review.leavers[0].stillHasAccess).toBe(true)
    expect(review.leavers[0].delayMs).toBeUndefined()
    expect(review.leavers[0].flags).toEqual(['still has access in DoorFlow', 'no apply record found'])
  })

  it('lists only the period, and the latest change of each person', () => {
    const old = { ...leaver, commit: 'd'.repeat(40), at: NOW - 100 * DAY_MS, systemId: 'EMP-8' }
    const first = { ...leaver, change: 'disabled' as const, commit: 'e'.repeat(40), at: merged - DAY_MS }
    const review = accessReview(input({ leavers: [old, first, leaver], pulls }), OPTIONS)
    expect(review.leavers.map(l => [l.systemId, l.change])).toEqual([['EMP-9', 'removed']])
  })
})

describe('GrantHistory', () => {
  const snap = (people: [string, SnapshotPerson][]) => new Map(people)
  const p = (groups: string[], enabled = true): SnapshotPerson => ({ name: 'Ada', enabled, groups })

  it('keeps the commit that last granted each group, after a removal and a re-grant', () => {
    const h = new GrantHistory()
    h.add({ commit: 'c1', at: 1, people: snap([['EMP-1', p(['A'])]]) })
    h.add({ commit: 'c2', at: 2, people: snap([['EMP-1', p(['A', 'B'])]]) })
    h.add({ commit: 'c3', at: 3, people: snap([['EMP-1', p(['B'])]]) })
    h.add({ commit: 'c4', at: 4, people: snap([['EMP-1', p(['A', 'B'])]]) })
    expect(h.grants.get(grantKey('EMP-1', 'A'))).toEqual({ commit: 'c4', at: 4 })
    expect(h.grants.get(grantKey('EMP-1', 'B'))).toEqual({ commit: 'c2', at: 2 })
    expect(h.leavers).toEqual([])
  })

  it('finds people disabled and removed, and re-enabling grants afresh', () => {
    const h = new GrantHistory()
    h.add({
      commit: 'c1',
      at: 1,
      people: snap([
        ['EMP-1', p(['A'])],
        ['EMP-2', p(['A'])]
      ])
    })
    h.add({ commit: 'c2', at: 2, people: snap([['EMP-1', p(['A'], false)]]) })
    h.add({ commit: 'c3', at: 3, people: undefined })
    h.add({ commit: 'c4', at: 4, people: snap([['EMP-1', p(['A'])]]) })
    expect(h.leavers).toEqual([
      { systemId: 'EMP-1', name: 'Ada', change: 'disabled', commit: 'c2', at: 2 },
      { systemId: 'EMP-2', name: 'Ada', change: 'removed', commit: 'c2', at: 2 }
    ])
    expect(h.grants.get(grantKey('EMP-1', 'A'))).toEqual({ commit: 'c4', at: 4 })
    expect(h.unreadable).toEqual(['c3'])
    expect(h.commitsToLookUp([grantKey('EMP-1', 'A')], 2)).toEqual(['c4', 'c2'])
    expect(h.commitsToLookUp([grantKey('EMP-1', 'A')], 3)).toEqual(['c4'])
  })
})
