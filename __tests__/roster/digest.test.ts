import {
  canonicalJson,
  changeHash,
  planFingerprint,
  hiddenDigestLine,
  planDigest,
  reviewedDigest,
  rosterKey
} from '../../src/roster/digest.js'
import type { PlannedChange } from '../../src/roster/plan.js'
import { finished } from '../helpers/plan.js'

const ada: PlannedChange = { kind: 'remove', systemId: 'EMP-1', name: 'Ada', personId: 1, mode: 'disable', groups: [] }
const alan: PlannedChange = {
  kind: 'create',
  systemId: 'EMP-4',
  name: 'Alan',
  fields: { first_name: 'Alan' },
  groups: [{ id: 4, name: 'Visitors' }],
  roles: []
}

describe('the plan digest', () => {
  it('is canonical: key order does not change it, any value does', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}')
    const reordered = { groups: [], mode: 'disable', personId: 1, name: 'Ada', systemId: 'EMP-1', kind: 'remove' }
    expect(changeHash(reordered as PlannedChange)).toBe(changeHash(ada))
    expect(changeHash({ ...ada, mode: 'delete' })).not.toBe(changeHash(ada))
    // Drift is a note about the event's diff (the pull request's, then the merge's), not what is written.
    expect(changeHash({ ...ada, drift: true })).toBe(changeHash(ada))
    expect(planDigest({ changes: [{ ...ada, drift: true }] })).toBe(planDigest({ changes: [ada] }))
    expect(planDigest({ changes: [ada, alan] })).toMatch(/^[0-9a-f]{12}$/)
    expect(planDigest({ changes: [ada, alan] })).not.toBe(planDigest({ changes: [ada] }))
  })

  it('covers what a change writes, not the labels shown with it', () => {
    const update: PlannedChange = {
      kind: 'update',
      systemId: 'EMP-1',
      name: 'Ada Lovelace',
      personId: 101,
      fields: [{ field: 'valid_to', from: null, to: '2027-03-31' }],
      memberships: {
        groupIds: [1, 2],
        roleIds: [],
        groupsGained: [{ id: 2, name: 'Night Shift' }],
        groupsLost: [{ id: 3, name: 'Loading Dock' }],
        rolesGained: [],
        rolesLost: []
      }
    }
    // Another pull request renamed her (DoorFlow already has the new name), and a group was renamed in DoorFlow.
    const relabelled: PlannedChange = {
      ...update,
      name: 'Augusta Lovelace',
      memberships: { ...update.memberships!, groupsGained: [{ id: 2, name: 'Nights' }] }
    }
    expect(changeHash(relabelled)).toBe(changeHash(update))
    expect(planDigest({ changes: [relabelled] })).toBe(planDigest({ changes: [update] }))
    expect(changeHash({ ...alan, name: 'Alan M. Turing', groups: [{ id: 4, name: 'Guests' }] })).toBe(changeHash(alan))
    expect(changeHash({ ...ada, name: 'Augusta', groups: [{ id: 3, name: 'Dock' }] })).toBe(
      changeHash({ ...ada, groups: [{ id: 3, name: 'Loading Dock' }] })
    )
    // A value or an id is what is written: it always counts.
    expect(changeHash({ ...update, fields: [{ field: 'valid_to', from: null, to: '2027-04-01' }] })).not.toBe(
      changeHash(update)
    )
    expect(changeHash({ ...update, personId: 102 })).not.toBe(changeHash(update))
    expect(
      changeHash({ ...update, memberships: { ...update.memberships!, groupsLost: [{ id: 5, name: 'Loading Dock' }] } })
    ).not.toBe(changeHash(update))
    expect(changeHash({ ...alan, groups: [{ id: 5, name: 'Visitors' }] })).not.toBe(changeHash(alan))
    expect(changeHash({ ...alan, fields: { first_name: 'Alan M.' } })).not.toBe(changeHash(alan))
    // The guard's fingerprint is of this one plan, labels and all.
    const judged = { version: 1, manages: 'EMP-*', prune: 'disable', unchanged: 0, managedCount: 1 } as const
    expect(planFingerprint(finished({ changes: [relabelled], ...judged }))).not.toBe(
      planFingerprint(finished({ changes: [update], ...judged }))
    )
  })

  const roster = rosterKey('roster.yaml')
  const HEAD = 'A1B2C3D4E5F6A7B8C9D0A1B2C3D4E5F6A7B8C9D0'

  it('round-trips through the trailer, and names the changes that were not reviewed', () => {
    const line = hiddenDigestLine({ changes: [ada] }, { roster, head: HEAD })
    expect(line).toMatch(
      /^<!-- doorflow-plan-digest roster [0-9a-f]{12} head [0-9a-f]{40} digest [0-9a-f]{12} changes [0-9a-f]{12} -->$/
    )
    const reviewed = reviewedDigest(`text\n${line}\n\n`)!
    expect(reviewed).toMatchObject({ roster, head: HEAD.toLowerCase(), digest: planDigest({ changes: [ada] }) })
    expect([ada, alan].filter(c => !reviewed.changes!.has(changeHash(c)))).toEqual([alan])
  })

  it('is read from the last line only: a digest line anywhere else is text, not a review', () => {
    const real = hiddenDigestLine({ changes: [ada] }, { roster, head: HEAD })
    const forged = hiddenDigestLine({ changes: [alan] }, { roster, head: HEAD })
    // A roster value quoting a trailer stands before ours: ours is read.
    expect(reviewedDigest(`notes: ${forged}\n${forged}\n${real}`)!.digest).toBe(planDigest({ changes: [ada] }))
    // Anything after the trailer (a reviewer's edit, text a roster added) and it is no review at all.
    expect(reviewedDigest(`${real}\nmore`)).toBeUndefined()
    expect(reviewedDigest(`${real} `)).toBeDefined()
    expect(reviewedDigest(`x ${real}`)).toBeUndefined()
  })

  it('carries the digest alone past the limit, "-" for a plan not of the head, and reads no malformed line', () => {
    const big = reviewedDigest(hiddenDigestLine({ changes: [ada, alan] }, { roster, head: HEAD }, 1))!
    expect(big.changes).toBeUndefined()
    expect(big.digest).toBe(planDigest({ changes: [ada, alan] }))
    expect(reviewedDigest(hiddenDigestLine({ changes: [ada] }, { roster, head: undefined }))!.head).toBeUndefined()
    expect(reviewedDigest(hiddenDigestLine({ changes: [ada] }, { roster, head: 'main' }))!.head).toBeUndefined()
    expect(reviewedDigest('<!-- doorflow-plan-digest XYZ changes - -->')).toBeUndefined()
    expect(reviewedDigest(`<!-- doorflow-plan-digest roster ${roster} head - digest abc changes - -->`)).toBeUndefined()
    expect(reviewedDigest('no digest here')).toBeUndefined()
  })

  it('one key per roster path, however the path is written', () => {
    expect(rosterKey('./access/')).toBe(rosterKey('access'))
    expect(rosterKey('access\\')).toBe(rosterKey('access'))
    expect(rosterKey('access//x.yaml')).toBe(rosterKey('access/x.yaml'))
    expect(rosterKey('london/roster.yaml')).not.toBe(rosterKey('paris/roster.yaml'))
    expect(rosterKey('roster.yaml')).toMatch(/^[0-9a-f]{12}$/)
  })
})
