import type { DoorFlowPerson } from '../src/roster/doorflow-people.js'
import { revokes, type PlannedChange } from '../src/roster/plan.js'
import { planRoster, sameValue } from '../src/roster/planner.js'
import { didYouMean, managesMatcher, type Roster, type RosterPerson } from '../src/roster/roster.js'

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
const plan = (r: Roster, people: DoorFlowPerson[], prune: 'disable' | 'delete' | 'off' = 'disable') =>
  planRoster(r, { people, groups, roles }, prune)
const kinds = (changes: PlannedChange[]) => changes.map(c => `${c.kind} ${c.systemId}`)

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
})
