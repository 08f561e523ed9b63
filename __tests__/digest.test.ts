import {
  canonicalJson,
  changeHash,
  hiddenDigestLine,
  planDigest,
  reviewedDigest,
  unreviewedChanges
} from '../src/roster/digest.js'
import type { PlannedChange } from '../src/roster/plan.js'

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

  it('round-trips through the hidden line, and names the changes that were not reviewed', () => {
    const line = hiddenDigestLine({ changes: [ada] })
    expect(line).toMatch(/^<!-- doorflow-plan-digest [0-9a-f]{12} changes [0-9a-f]{12} -->$/)
    const reviewed = reviewedDigest(`text\n${line}\nmore`)!
    expect(reviewed.digest).toBe(planDigest({ changes: [ada] }))
    expect(unreviewedChanges({ changes: [ada, alan] }, reviewed.changes!)).toEqual([alan])
  })

  it('carries the digest alone past the limit, and reads no malformed line', () => {
    const big = reviewedDigest(hiddenDigestLine({ changes: [ada, alan] }, 1))!
    expect(big.changes).toBeUndefined()
    expect(big.digest).toBe(planDigest({ changes: [ada, alan] }))
    expect(reviewedDigest('<!-- doorflow-plan-digest XYZ changes - -->')).toBeUndefined()
    expect(reviewedDigest('no digest here')).toBeUndefined()
  })
})
