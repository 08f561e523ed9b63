import type { DoorFlowPerson } from '../../src/doorflow/people.js'
import { revokes, type PlannedChange } from '../../src/roster/plan.js'
import { asciiLower, sameEmail } from '../../src/roster/email.js'
import { planRoster, sameValue } from '../../src/roster/planner.js'
import {
  didYouMean,
  editDistance,
  editDistanceWithin,
  managesMatcher,
  Suggester,
  type Roster,
  type RosterPerson
} from '../../src/roster/roster.js'

const groups = [
  { id: 1, name: 'Engineering' },
  { id: 2, name: 'Night Shift' },
  { id: 3, name: 'Loading Dock' }
]
const roles = [
  { id: 11, name: 'Office Staff' },
  { id: 12, name: 'Security' }
]
const at = (line: number) => ({ file: 'roster.yaml', line, col: 5 })

function person(id: string, over: Partial<RosterPerson> & { fields?: RosterPerson['fields'] } = {}): RosterPerson {
  const groupNames = over.groups ?? ['Engineering']
  return {
    id,
    groups: groupNames,
    roles: undefined,
    at: at(1),
    groupsAt: groupNames.map((_, i) => at(10 + i)),
    rolesAt: (over.roles ?? []).map((_, i) => at(20 + i)),
    ...over,
    fields: { first_name: 'Ada', last_name: 'Lovelace', enabled: true, ...over.fields }
  }
}

function existing(id: number, systemId: string | null, over: Partial<DoorFlowPerson> = {}): DoorFlowPerson {
  return {
    id,
    system_id: systemId,
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: null,
    enabled: true,
    valid_from: null,
    valid_to: null,
    groups: [1],
    roles: [],
    ...over
  }
}

const roster = (people: RosterPerson[], manages: string[] = ['EMP-*']): Roster => ({
  manages,
  people,
  files: ['roster.yaml']
})
const NOW = Date.parse('2026-12-05T12:00:00Z')
/** Plans, the guard's report with `maxRemovals` on the plan, as the run's plan step does (run.ts's planAgainstAccount). */
const plan = (
  r: Roster,
  people: DoorFlowPerson[],
  prune: 'disable' | 'delete' | 'off' = 'disable',
  maxRemovals?: number
) => {
  return planRoster(r, { people, groups, roles }, prune, { now: NOW, maxRemovals })
}
const kinds = (changes: readonly PlannedChange[]) => changes.map(c => `${c.kind} ${c.systemId}`)

describe('planRoster', () => {
  it('creates a person DoorFlow does not have, with group and role names resolved', () => {
    const { plan: p, problems } = plan(
      roster([person('EMP-1', { groups: ['Night Shift'], roles: ['Security'], fields: { email: 'ada@example.com' } })]),
      []
    )
    expect(problems).toEqual([])
    expect(p.changes).toEqual([
      {
        kind: 'create',
        systemId: 'EMP-1',
        name: 'Ada Lovelace',
        fields: { first_name: 'Ada', last_name: 'Lovelace', enabled: true, email: 'ada@example.com' },
        groups: [{ id: 2, name: 'Night Shift' }],
        roles: [{ id: 12, name: 'Security' }]
      }
    ])
    expect(p.unchanged).toBe(0)
  })

  it('counts a matching person as unchanged and leaves omitted fields alone', () => {
    const { plan: p } = plan(roster([person('EMP-1')]), [existing(5, 'EMP-1', { department: 'Ops', roles: [12] })])
    expect(p.changes).toEqual([])
    expect(p.unchanged).toBe(1)
    expect(p.managedCount).toBe(1)
  })

  it('updates field by field; null clears; groups gained and lost with the complete set', () => {
    const { plan: p } = plan(
      roster([person('EMP-1', { groups: ['Night Shift'], fields: { last_name: 'King', department: null } })]),
      [existing(5, 'EMP-1', { department: 'Ops', groups: [1, 3], roles: [11] })]
    )
    expect(p.changes).toEqual([
      {
        kind: 'update',
        systemId: 'EMP-1',
        name: 'Ada King',
        personId: 5,
        fields: [
          { field: 'last_name', from: 'Lovelace', to: 'King' },
          { field: 'department', from: 'Ops', to: null }
        ],
        memberships: {
          groupIds: [2],
          roleIds: [11],
          groupsGained: [{ id: 2, name: 'Night Shift' }],
          groupsLost: [
            { id: 1, name: 'Engineering' },
            { id: 3, name: 'Loading Dock' }
          ],
          rolesGained: [],
          rolesLost: []
        }
      }
    ])
  })

  it('roles given are the complete set; roles omitted are left as they are', () => {
    const withRoles = plan(roster([person('EMP-1', { roles: [] })]), [existing(5, 'EMP-1', { roles: [11] })])
    const change = withRoles.plan.changes[0] as Extract<PlannedChange, { kind: 'update' }>
    expect(change.memberships?.rolesLost).toEqual([{ id: 11, name: 'Office Staff' }])
    expect(change.memberships?.roleIds).toEqual([])
    const without = plan(roster([person('EMP-1')]), [existing(5, 'EMP-1', { roles: [11] })])
    expect(without.plan.changes).toEqual([])
  })

  it('compares dates as instants: no diff for the same instant in another notation', () => {
    const { plan: p } = plan(
      roster([person('EMP-1', { fields: { valid_from: '2026-12-01T00:00:00Z', valid_to: '2027-03-31T23:59:59Z' } })]),
      [existing(5, 'EMP-1', { valid_from: '2026-12-01T01:00:00.000+01:00', valid_to: '2027-03-31T23:59:59.000Z' })]
    )
    expect(p.changes).toEqual([])
    expect(sameValue('valid_to', '2027-03-31T23:59:59Z', '2027-04-01T00:00:00Z')).toBe(false)
    expect(sameValue('email', 'Ada@Example.com', 'ada@example.com')).toBe(true)
    expect(sameValue('notes', '', null)).toBe(true)
  })

  it('adopts a person without a system_id by exact email, case-insensitively', () => {
    const { plan: p } = plan(roster([person('EMP-1', { fields: { email: 'ada@example.com' } })]), [
      existing(5, null, { email: 'Ada@Example.com' }),
      existing(6, null, { email: 'ada@example.com.au' })
    ])
    expect(p.changes).toEqual([{ kind: 'adopt', systemId: 'EMP-1', name: 'Ada Lovelace', personId: 5, fields: [] }])
  })

  it('does not adopt someone who already has a system_id: the email clash is a problem', () => {
    const { problems } = plan(roster([person('EMP-1', { fields: { email: 'ada@example.com' } })]), [
      existing(5, 'CON-9', { email: 'ada@example.com' })
    ])
    expect(problems).toHaveLength(1)
    expect(problems[0].message).toContain('already belongs to DoorFlow person 5')
    expect(problems[0].at).toEqual(at(1))
  })

  it('removes managed people absent from the roster, by prune mode', () => {
    const people = [
      existing(5, 'EMP-1'),
      existing(6, 'EMP-2', { first_name: 'Grace', last_name: 'Hopper', groups: [3] }),
      existing(7, 'EMP-3', { enabled: false }),
      existing(8, 'CON-1')
    ]
    const disable = plan(roster([person('EMP-1')]), people, 'disable').plan
    expect(disable.changes).toEqual([
      {
        kind: 'remove',
        systemId: 'EMP-2',
        name: 'Grace Hopper',
        personId: 6,
        mode: 'disable',
        groups: [{ id: 3, name: 'Loading Dock' }]
      }
    ])
    expect(disable.managedCount).toBe(3)
    expect(kinds(plan(roster([person('EMP-1')]), people, 'delete').plan.changes)).toEqual([
      'remove EMP-2',
      'remove EMP-3'
    ])
    expect(plan(roster([person('EMP-1')]), people, 'off').plan.changes).toEqual([])
    // Without manages, nothing is ever removed.
    expect(plan(roster([person('EMP-1')], []), people, 'delete').plan.changes).toEqual([])
    // An id in except is never removed, nor counted as managed; the plan says which ids are excepted.
    const excepted = plan({ ...roster([person('EMP-1')]), except: ['EMP-3'] }, people, 'delete').plan
    expect(kinds(excepted.changes)).toEqual(['remove EMP-2'])
    expect(excepted.managedCount).toBe(2)
    expect(excepted.manages).toBe('EMP-* except EMP-3')
  })

  it("says manages' star patterns before its exact ids: a wide pattern never hides past the plan header's cap", () => {
    // A roster from a fork lists 300 exact ids, then '*': everyone in DoorFlow.
    const ids = Array.from({ length: 300 }, (_, i) => `EMP-${1000 + i}`)
    const p = plan(roster([person('EMP-1')], [...ids, 'EMP-1', '*']), [existing(5, 'EMP-1'), existing(9, 'CON-7')]).plan
    expect(kinds(p.changes)).toEqual(['remove CON-7'])
    expect(p.manages!.startsWith('*, EMP-1000, EMP-1001,')).toBe(true)
    // The exact ids are capped as except's are; the count says how many.
    expect(p.manages!.length).toBeLessThan(400)
    expect(p.manages).toContain('and 281 more exact ids')
  })

  it('orders revocations first: removals, then lost access, then grants and creates', () => {
    const { plan: p } = plan(
      roster([
        person('EMP-1', { groups: ['Engineering', 'Night Shift'] }),
        person('EMP-2', { groups: [] }),
        person('EMP-0')
      ]),
      [existing(5, 'EMP-1'), existing(6, 'EMP-2'), existing(7, 'EMP-9')]
    )
    expect(kinds(p.changes)).toEqual(['remove EMP-9', 'update EMP-2', 'create EMP-0', 'update EMP-1'])
    expect(p.changes.map(revokes)).toEqual([true, true, false, false])
  })

  it('names unknown groups and roles with a suggestion and the line', () => {
    const { problems } = plan(
      roster([person('EMP-1', { groups: ['Engineering', 'Nite Shift'], roles: ['Securty'] })]),
      []
    )
    expect(problems).toEqual([
      {
        message:
          "Unknown group 'Nite Shift': DoorFlow has no group of that name; did you mean 'Night Shift'? Groups are created in DoorFlow itself.",
        at: at(11)
      },
      {
        message:
          "Unknown role 'Securty': DoorFlow has no role of that name; did you mean 'Security'? Roles are created in DoorFlow itself.",
        at: at(20)
      }
    ])
  })

  it('refuses to guess between two DoorFlow people with the same system_id', () => {
    const { problems } = plan(roster([person('EMP-1')]), [existing(5, 'EMP-1'), existing(6, 'EMP-1')])
    expect(problems[0].message).toContain('more than one person with system_id EMP-1 (ids 5 and 6)')
  })
})

describe('manages and did-you-mean', () => {
  it('matches * as any run of characters over the whole id, other characters literally', () => {
    const m = managesMatcher(['EMP-*', 'C.N-?'])!
    expect(['EMP-1', 'EMP-', 'C.N-?'].map(m)).toEqual([true, true, true])
    expect(['XEMP-1', 'emp-1', 'CXN-?', 'C.N-1'].map(m)).toEqual([false, false, false, false])
    expect(managesMatcher([])).toBeUndefined()
  })

  it('suggests only near misses', () => {
    expect(didYouMean('gropus', ['groups', 'roles'])).toBe('groups')
    expect(didYouMean('xyz', ['groups', 'roles'])).toBeUndefined()
  })

  it('the banded distance is the full one when within the limit, and limit + 1 past it', () => {
    const words = ['', 'a', 'ab', 'ba', 'abc', 'kitten', 'sitting', 'Night Shift', 'nite shift', 'Loading Dock', 'xyz']
    for (const a of words)
      for (const b of words)
        for (const max of [0, 1, 2, 3]) {
          const full = editDistance(a, b)
          expect([a, b, max, editDistanceWithin(a, b, max)]).toEqual([a, b, max, full <= max ? full : max + 1])
        }
  })

  it('a Suggester answers as didYouMean did: the nearest, and of equally near ones the first listed', () => {
    const names = ['Night Shift', 'Engineering', 'Dock B', 'Dock A', 'Loading Dock', 'Loading Docks']
    const s = new Suggester(names)
    expect(s.guess('Nite Shift')).toBe('Night Shift')
    expect(s.guess('Dock C')).toBe('Dock B')
    expect(s.guess('loading dok')).toBe('Loading Dock')
    expect(s.guess('Loading Dockz')).toBe('Loading Dock')
    expect(s.guess('Visitors')).toBeUndefined()
    expect(s.guess('x'.repeat(1_000_000))).toBeUndefined()
  })

  it('a Suggester stops looking up after maxLookups different words, and answers repeats from memory', () => {
    const s = new Suggester(['Night Shift'], 2)
    expect(s.guess('Nite Shift')).toBe('Night Shift')
    expect(s.guess('Xyz')).toBeUndefined()
    expect(s.guess('Nite Shift')).toBe('Night Shift')
    // A third different word is not looked up: no guess, though one is near.
    expect(s.guess('Night Shiftt')).toBeUndefined()
  })
})

describe('checks that stay linear', () => {
  it('a person with 5,000 of DoorFlow’s groups: each resolved once, in the roster’s order', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ id: 100 + i, name: `Group ${i}` }))
    const names = many.map(g => g.name).reverse()
    const { plan: p, problems } = planRoster(
      roster([person('EMP-1', { groups: names })]),
      { people: [existing(5, 'EMP-1', { groups: [100, 101] })], groups: many, roles },
      'disable',
      { now: NOW }
    )
    expect(problems).toEqual([])
    const change = p.changes[0]
    expect(change.kind === 'update' && change.memberships?.groupIds).toEqual(many.map(g => g.id).reverse())
    expect(change.kind === 'update' && change.memberships?.groupsGained).toHaveLength(4998)
  })

  it('DoorFlow’s groups of one name, many times: ambiguous, naming every id and the roster line', () => {
    const twins = Array.from({ length: 3 }, (_, i) => ({ id: 50 + i, name: 'Lobby' }))
    const { problems } = planRoster(
      roster([person('EMP-1', { groups: ['Engineering', 'Lobby'] })]),
      { people: [], groups: [...groups, ...twins], roles },
      'disable',
      { now: NOW }
    )
    expect(problems).toEqual([
      {
        message:
          "DoorFlow has 3 groups named 'Lobby' (ids 50, 51, 52), so the name is ambiguous: rename one in DoorFlow.",
        at: at(11)
      }
    ])
  })

  it('2,000 entries named as 500 DoorFlow records without system_id or email: each warned on its line, naming them all', () => {
    const visitors = Array.from({ length: 500 }, (_, i) =>
      existing(900 + i, null, { first_name: 'Visitor', last_name: 'Guest' })
    )
    const entries = Array.from({ length: 2000 }, (_, i) =>
      person(`EMP-${i}`, { at: at(100 + i), fields: { first_name: 'Visitor', last_name: 'Guest' } })
    )
    const { problems } = plan(roster(entries), visitors)
    expect(problems).toHaveLength(2000)
    const ids = visitors.map(v => v.id).join(', ')
    expect(problems[1999]).toEqual({
      message: `EMP-1999: DoorFlow already has Visitor Guest without a system_id or an email (DoorFlow person ${ids}), who would keep their door access beside the person this creates. If that is this person, adopt the right one with \`doorflow_id: N\` in this entry (N one of ${ids}), then plan again; if it is someone else, give them their own email in DoorFlow.`,
      at: at(2099)
    })
  })

  it('20,000 unknown group names: each on its own line, worded alike past the guesses', () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `Nite Shift ${i}`)
    const { problems } = plan(roster([person('EMP-1', { groups: ['Nite Shift', ...names] })]), [])
    expect(problems).toHaveLength(20_001)
    expect(problems[0]).toEqual({
      message:
        "Unknown group 'Nite Shift': DoorFlow has no group of that name; did you mean 'Night Shift'? Groups are created in DoorFlow itself.",
      at: at(10)
    })
    expect(problems[20_000]).toEqual({
      message:
        "Unknown group 'Nite Shift 19999': DoorFlow has no group of that name (it has 3: Engineering, Night Shift, Loading Dock). Groups are created in DoorFlow itself.",
      at: at(20_010)
    })
  })
})

describe('lock-outs and the guard in the plan', () => {
  const fifty = (over: (n: number) => Partial<DoorFlowPerson> = () => ({})) =>
    Array.from({ length: 50 }, (_, i) =>
      existing(100 + i, `EMP-${i + 1}`, { email: `p${i + 1}@x.com`, ...over(i + 1) })
    )
  const listed = (over: Partial<RosterPerson> & { fields?: RosterPerson['fields'] }) =>
    roster(
      Array.from({ length: 50 }, (_, i) =>
        person(`EMP-${i + 1}`, { ...over, fields: { email: `p${i + 1}@x.com`, ...over.fields } })
      )
    )

  it.each([
    ['every group taken away', { groups: [] }, 'no-groups'],
    ['disabled', { fields: { enabled: false } }, 'disabled'],
    ['valid_to in the past', { fields: { valid_to: '2000-01-01T23:59:59Z' } }, 'valid-to'],
    ['valid_to ten minutes from now', { fields: { valid_to: '2026-12-05T12:10:00Z' } }, 'valid-to'],
    ['valid_to the end of today', { fields: { valid_to: '2026-12-05T23:59:59Z' } }, 'valid-to'],
    ['valid_from in the future', { fields: { valid_from: '2099-01-01T00:00:00Z' } }, 'valid-from']
  ] as const)('counts 50 people %s as 50 lock-outs, refused at the default limit', (_, over, how) => {
    const { plan: p, problems } = plan(listed(over as Partial<RosterPerson>), fifty())
    expect(problems).toEqual([])
    expect(p.changes).toHaveLength(50)
    expect(p.lockOuts).toHaveLength(50)
    const fields = (over as { fields?: Record<string, string> }).fields ?? {}
    const date = fields.valid_to ?? fields.valid_from
    expect(p.lockOuts?.[0]).toEqual({
      systemId: 'EMP-1',
      name: 'Ada Lovelace',
      personId: 100,
      how,
      ...(date && { date })
    })
    expect(p.guard).toMatchObject({ lockOuts: 50, limit: 5, limitSource: 'default', refused: true })
    expect(p.guard?.reason).toContain('the plan locks 50 people out of every door, now or in the next 14 days')
    expect(plan(listed(over as Partial<RosterPerson>), fifty(), 'disable', 50).plan.guard).toMatchObject({
      refused: false,
      limit: 50,
      limitSource: 'max-removals'
    })
  })

  it('counts removals, and only of people who could open a door', () => {
    const people = [
      ...fifty(),
      existing(200, 'EMP-90'),
      existing(201, 'EMP-91', { groups: [] }),
      existing(202, 'EMP-92', { valid_to: '2001-01-01T00:00:00Z' })
    ]
    const { plan: p } = plan(listed({}), people, 'delete')
    expect(kinds(p.changes)).toEqual(['remove EMP-90', 'remove EMP-91', 'remove EMP-92'])
    expect(p.lockOuts).toEqual([{ systemId: 'EMP-90', name: 'Ada Lovelace', personId: 200, how: 'removed' }])
    expect(p.guard).toMatchObject({ lockOuts: 1, refused: false })
  })

  it('does not count group moves, other fields, creates, or people who had no access', () => {
    const moved = plan(listed({ groups: ['Night Shift'], fields: { job_title: 'Engineer' } }), fifty())
    expect(moved.plan.changes).toHaveLength(50)
    expect(moved.plan.lockOuts).toEqual([])
    expect(moved.plan.guard).toMatchObject({ lockOuts: 0, refused: false })
    const disabledAlready = plan(
      listed({ groups: [] }),
      fifty(() => ({ enabled: false }))
    )
    expect(disabledAlready.plan.changes).toHaveLength(50)
    expect(disabledAlready.plan.lockOuts).toEqual([])
    const created = plan(listed({ groups: [], fields: { enabled: false } }), [])
    expect(created.plan.changes).toHaveLength(50)
    expect(created.plan.lockOuts).toEqual([])
  })

  it('judges the window at the now it is given, 14 days ahead', () => {
    const r = roster([person('EMP-1', { fields: { valid_to: '2026-12-19T12:00:00Z' } })])
    const at = (now: number) => planRoster(r, { people: [existing(5, 'EMP-1')], groups, roles }, 'disable', { now })
    // Exactly 14 days before the new valid_to: the horizon ends where access ends, nothing is taken inside it.
    expect(at(NOW - 1000).plan.lockOuts).toHaveLength(0)
    expect(at(NOW).plan.lockOuts).toHaveLength(0)
    expect(at(NOW + 1000).plan.lockOuts).toMatchObject([{ how: 'valid-to', date: '2026-12-19T12:00:00Z' }])
  })

  it('lists a window extended or reopened as no revocation, after the revocations', () => {
    const { plan: p } = plan(
      roster([
        person('EMP-1', { fields: { valid_to: null } }),
        person('EMP-2', { fields: { valid_from: '2026-01-01T00:00:00Z' } }),
        person('EMP-3', { fields: { valid_to: '2026-12-01T00:00:00Z' } })
      ]),
      [
        existing(5, 'EMP-1', { valid_to: '2000-01-01T00:00:00Z' }),
        existing(6, 'EMP-2', { valid_from: '2099-01-01T00:00:00Z' }),
        existing(7, 'EMP-3')
      ]
    )
    expect(kinds(p.changes)).toEqual(['update EMP-3', 'update EMP-1', 'update EMP-2'])
    expect(p.changes.map(revokes)).toEqual([true, false, false])
    expect(p.lockOuts).toMatchObject([{ systemId: 'EMP-3', how: 'valid-to' }])
  })
})

describe('matching emails', () => {
  it('folds ASCII case only', () => {
    expect(asciiLower('Bob.SMITH@Corp.COM')).toBe('bob.smith@corp.com')
    expect(asciiLower('\u212Aate@corp.com')).toBe('\u212Aate@corp.com')
    expect(sameEmail('Kate@corp.com', 'kate@corp.com')).toBe(true)
    expect(sameEmail('\u212Aate@corp.com', 'kate@corp.com')).toBe(false)
    expect(sameValue('email', '\u212Aate@corp.com', 'kate@corp.com')).toBe(false)
    expect(sameValue('email', '\u0130nes@corp.com', 'i\u0307nes@corp.com')).toBe(false)
  })

  it('adopts the exact match over one that differs in case (Bob@ and bob@)', () => {
    const people = [
      existing(202, null, { first_name: 'Bob', last_name: 'Visitor', email: 'Bob@corp.com' }),
      existing(203, null, { first_name: 'Bob', last_name: 'Employee', email: 'bob@corp.com' })
    ]
    for (const order of [people, [...people].reverse()]) {
      const { plan: p, problems } = plan(roster([person('EMP-1', { fields: { email: 'bob@corp.com' } })]), order)
      expect(problems).toEqual([])
      expect(p.changes).toMatchObject([{ kind: 'adopt', personId: 203 }])
    }
    const upper = plan(roster([person('EMP-1', { fields: { email: 'Bob@corp.com' } })]), people)
    expect(upper.plan.changes).toMatchObject([{ kind: 'adopt', personId: 202 }])
  })

  it('names every candidate when two differ from the roster only in case', () => {
    const { plan: p, problems } = plan(roster([person('EMP-1', { fields: { email: 'bob@corp.com' } })]), [
      existing(202, null, { first_name: 'Bob', last_name: 'Visitor', email: 'Bob@corp.com' }),
      existing(203, null, { first_name: 'Bob', last_name: 'Employee', email: 'BOB@corp.com' })
    ])
    expect(p.changes).toEqual([])
    expect(problems).toEqual([
      {
        message:
          'EMP-1: email bob@corp.com matches 2 DoorFlow people (202 (Bob Visitor); 203 (Bob Employee)), so which one to adopt is ambiguous. ' +
          'Give each their own email in DoorFlow, or give the right one system_id EMP-1, then plan again.',
        at: at(1)
      }
    ])
  })

  it('names both people who share one email, and adopts neither', () => {
    const { plan: p, problems } = plan(roster([person('EMP-1', { fields: { email: 'sam@corp.com' } })]), [
      existing(301, null, { first_name: 'Sam', last_name: 'One', email: 'sam@corp.com' }),
      existing(302, 'CON-7', { first_name: 'Sam', last_name: 'Two', email: 'sam@corp.com' })
    ])
    expect(p.changes).toEqual([])
    expect(problems).toHaveLength(1)
    expect(problems[0].message).toContain('matches 2 DoorFlow people (301 (Sam One); 302 (Sam Two, system_id CON-7))')
  })

  it('does not adopt a look-alike address (KELVIN SIGN): a create', () => {
    const { plan: p, problems } = plan(roster([person('EMP-1', { fields: { email: 'kate@corp.com' } })]), [
      existing(401, null, { first_name: 'Kate', last_name: 'Other', email: '\u212Aate@corp.com' })
    ])
    expect(problems).toEqual([])
    expect(kinds(p.changes)).toEqual(['create EMP-1'])
  })

  it('checks "already belongs to" ignoring ASCII case, only when the email is written', () => {
    const clash = plan(roster([person('EMP-1', { fields: { email: 'ada@corp.com' } })]), [
      existing(5, 'CON-9', { email: 'ADA@corp.com' })
    ])
    expect(clash.problems[0].message).toContain('already belongs to DoorFlow person 5 (Ada Lovelace, system_id CON-9)')
    // Matched by system_id with the address already (in another case): nothing is written, no clash.
    const kept = plan(roster([person('EMP-1', { fields: { email: 'ada@corp.com' } })]), [
      existing(5, 'EMP-1', { email: 'Ada@corp.com' }),
      existing(6, 'CON-9', { email: 'ada@corp.com' })
    ])
    expect(kept.problems).toEqual([])
    // An address the roster moves away from its owner is free; one it leaves out stays taken.
    const moved = plan(
      roster([
        person('EMP-1', { fields: { email: 'ada@corp.com' } }),
        person('EMP-2', { fields: { first_name: 'Grace', email: 'grace@corp.com' } })
      ]),
      [existing(5, 'EMP-1', { email: 'old@corp.com' }), existing(6, 'EMP-2', { email: 'Ada@corp.com' })]
    )
    expect(moved.problems).toEqual([])
    const omitted = plan(roster([person('EMP-1', { fields: { email: 'ada@corp.com' } }), person('EMP-2')]), [
      existing(5, 'EMP-1', { email: 'old@corp.com' }),
      existing(6, 'EMP-2', { email: 'ada@corp.com' })
    ])
    expect(omitted.problems[0].message).toContain('already belongs to DoorFlow person 6')
  })

  describe('doorflow_id', () => {
    const dfAt = { file: 'roster.yaml', line: 3, col: 18 }
    const withId = (id: string, doorflowId: number, over: Partial<RosterPerson> = {}) =>
      person(id, { doorflowId, doorflowIdAt: dfAt, ...over })

    it('adopts exactly that DoorFlow person: PUT system_id and the changes, matched by doorflow_id', () => {
      const people = [
        existing(700, null, { first_name: 'Ada', last_name: 'Lovelace', email: null, groups: [1] }),
        // Same name, no email: never a guess, the id decides.
        existing(701, null, { first_name: 'Ada', last_name: 'Lovelace', email: null, groups: [2] })
      ]
      const { plan: p, problems } = plan(roster([withId('EMP-1', 701, { groups: ['Engineering'] })]), people)
      expect(problems).toEqual([])
      expect(p.changes).toEqual([
        {
          kind: 'adopt',
          systemId: 'EMP-1',
          name: 'Ada Lovelace',
          personId: 701,
          matchedBy: 'doorflow_id',
          fields: [],
          memberships: expect.objectContaining({ groupIds: [1], groupsGained: [groups[0]], groupsLost: [groups[1]] })
        }
      ])
    })

    it('once adopted (the system_id is set), the entry is unchanged: no second adoption', () => {
      const { plan: p, problems } = plan(roster([withId('EMP-1', 700)]), [existing(700, 'EMP-1')])
      expect(problems).toEqual([])
      expect(p.changes).toEqual([])
      expect(p.unchanged).toBe(1)
    })

    it('is a problem when that DoorFlow person already has another system_id', () => {
      const { plan: p, problems } = plan(roster([withId('EMP-1', 700)]), [existing(700, 'CON-9')])
      expect(p.changes).toEqual([])
      expect(problems).toEqual([
        {
          message:
            'EMP-1: doorflow_id 700 names 700 (Ada Lovelace, system_id CON-9), who already has system_id CON-9; adopting would take them from that id. Use id CON-9 in this entry and remove doorflow_id, or fix doorflow_id.',
          at: dfAt
        }
      ])
    })

    it('is a problem when no DoorFlow person has that id', () => {
      const { plan: p, problems } = plan(roster([withId('EMP-1', 999)]), [existing(700, null)])
      expect(p.changes).toEqual([])
      expect(problems.map(x => x.message)).toEqual([
        'EMP-1: doorflow_id 999: DoorFlow has no person with that id (deleted, or a typo). Remove doorflow_id to create the person, or give the id of the DoorFlow person to adopt.'
      ])
      expect(problems[0].at).toBe(dfAt)
    })

    it('is a problem when the system_id already belongs to another DoorFlow person than doorflow_id names', () => {
      const { problems } = plan(roster([withId('EMP-1', 700)]), [existing(700, null), existing(800, 'EMP-1')])
      expect(problems.map(x => x.message)).toEqual([
        'EMP-1: doorflow_id 700 names another DoorFlow person than the one with system_id EMP-1 (800 (Ada Lovelace, system_id EMP-1)). Remove doorflow_id (this entry already matches by its id), or fix it.'
      ])
    })

    it('wins over an email, and no other entry adopts the same person by email', () => {
      const people = [existing(700, null, { email: 'ada@corp.com' }), existing(701, null, { email: 'other@corp.com' })]
      const byId = plan(roster([withId('EMP-1', 701, { fields: { email: 'ada@corp.com' } })]), people)
      // 701 is adopted and given ada@corp.com, which 700 still holds: DoorFlow would refuse it.
      expect(byId.problems.map(x => x.message)).toEqual([
        'EMP-1: email ada@corp.com already belongs to DoorFlow person 700 (Ada Lovelace); DoorFlow keeps emails unique. Fix the email, or give that person this id.'
      ])
      const twice = plan(roster([withId('EMP-1', 700), person('EMP-2', { fields: { email: 'ada@corp.com' } })]), [
        people[0]
      ])
      expect(twice.problems.map(x => x.message)).toEqual([
        'EMP-2: email ada@corp.com matches DoorFlow person 700 (Ada Lovelace), whom EMP-1 adopts by doorflow_id. Give one of them another email, or fix doorflow_id.'
      ])
    })
  })

  it('refuses to create a second record beside a same-name person with no system_id and no email', () => {
    const people = [
      existing(501, null, { first_name: 'Grace', last_name: 'Hopper', email: null, groups: [1, 2] }),
      existing(502, null, { first_name: 'grace ', last_name: 'HOPPER', email: null })
    ]
    const withEmail = plan(
      roster([person('EMP-1', { fields: { first_name: 'Grace', last_name: 'Hopper', email: 'grace@corp.com' } })]),
      people
    )
    expect(withEmail.problems).toEqual([
      {
        message:
          'EMP-1: DoorFlow already has Grace Hopper without a system_id or an email (DoorFlow person 501, 502), who would keep their door access beside the person this creates. ' +
          'If that is this person, adopt the right one with `doorflow_id: N` in this entry (N one of 501, 502), then plan again; if it is someone else, give them their own email in DoorFlow.',
        at: at(1)
      }
    ])
    const noEmail = plan(roster([person('EMP-1', { fields: { first_name: 'Grace', last_name: 'Hopper' } })]), [
      people[0]
    ])
    expect(noEmail.problems[0].message).toContain(
      'If that is this person, adopt them with `doorflow_id: 501` in this entry'
    )
    // Following the advice adopts DoorFlow person 501 and creates nobody.
    const adopted = plan(
      roster([
        person('EMP-1', {
          doorflowId: 501,
          fields: { first_name: 'Grace', last_name: 'Hopper' },
          groups: ['Engineering']
        })
      ]),
      [people[0]]
    )
    expect(adopted.problems).toEqual([])
    expect(adopted.plan.changes.map(c => [c.kind, c.kind === 'adopt' ? c.personId : 0])).toEqual([['adopt', 501]])
    // With an email, or a system_id, the DoorFlow person is not a silent twin.
    const reachable = plan(roster([person('EMP-1', { fields: { first_name: 'Grace', last_name: 'Hopper' } })]), [
      existing(501, null, { first_name: 'Grace', last_name: 'Hopper', email: 'g@corp.com' }),
      existing(502, 'CON-1', { first_name: 'Grace', last_name: 'Hopper' })
    ])
    expect(reachable.problems).toEqual([])
    // A different name is someone else.
    expect(
      plan(roster([person('EMP-1', { fields: { first_name: 'Grace', last_name: 'Kelly' } })]), [people[0]]).problems
    ).toEqual([])
  })
})
