import { hiddenDigestLine, rosterKey } from '../../src/roster/digest.js'
import type { Plan, PlannedChange } from '../../src/roster/plan.js'
import { compareWithReviewed, type FoundReview } from '../../src/roster/reviewed-plan.js'
import { finished } from '../helpers/plan.js'

describe('review-union', () => {
  /**
   * The apply's comparison with the plans reviewed on the pull requests a push merged: one for a
   * merge commit, a squash or a rebase, several for a merge queue. Pure: the plans are given.
   */
  const roster = rosterKey('roster.yaml')

  const head = (n: number) => String(n).repeat(40).slice(0, 40)

  const ada: PlannedChange = {
    kind: 'remove',
    systemId: 'EMP-1',
    name: 'Ada',
    personId: 1,
    mode: 'disable',
    groups: []
  }

  const alan: PlannedChange = {
    kind: 'create',
    systemId: 'EMP-4',
    name: 'Alan Turing',
    fields: { first_name: 'Alan' },
    groups: [{ id: 4, name: 'Visitors' }],
    roles: []
  }

  const grace: PlannedChange = { ...ada, systemId: 'EMP-2', name: 'Grace', personId: 2 }

  const plan = (...changes: PlannedChange[]): Plan =>
    finished({ version: 1, manages: 'EMP-*', prune: 'disable', changes, unchanged: 0, managedCount: 3 })

  /** Pull request `pr`'s comment with the plan of `changes`, planned at its final head (unless `at` says another). */
  const review = (pr: number, changes: PlannedChange[], opts: { at?: string; max?: number; key?: string } = {}) =>
    ({
      pr,
      headSha: head(pr),
      body: `plan\n${hiddenDigestLine({ changes }, { roster: opts.key ?? roster, head: opts.at ?? head(pr) }, opts.max)}`
    }) satisfies FoundReview

  describe('compareWithReviewed', () => {
    it('one pull request whose plan is this one: the same', () => {
      const check = compareWithReviewed(plan(ada, alan), roster, [review(7, [ada, alan])], '')
      expect(check.same).toBe(true)
      expect(check.line).toMatch(/^This plan \(digest [0-9a-f]{12}\) is the one reviewed on pull request #7\.$/)
    })

    it('a merge queue: the union of the plans reviewed, each change named with the pull request that reviewed it', () => {
      const check = compareWithReviewed(plan(ada, alan), roster, [review(9, [alan]), review(8, [ada])], '')
      expect(check.same).toBe(true)
      expect(check.line).toMatch(/was reviewed: 1 on pull request #9, 1 on pull request #8\.$/)
      expect(check.summary).toContain('- Ada (EMP&#45;1) is disabled (not in the roster) (pull request #8)')
      expect(check.summary.some(l => l.startsWith('- Alan Turing') && l.endsWith('(pull request #9)'))).toBe(true)
    })

    it('a change in no reviewed plan is unreviewed, named; the pull requests compared are named', () => {
      const check = compareWithReviewed(plan(ada, alan, grace), roster, [review(9, [alan]), review(8, [ada])], '')
      expect(check.same).toBe(false)
      expect(check.unreviewed).toEqual([grace])
      expect(check.line).toMatch(
        /^This plan \(digest \w+\) is not the one reviewed on any of pull request #9 \(digest \w+\), pull request #8 \(digest \w+\): 1 change not in any reviewed plan\./
      )
    })

    it('a plan written with fewer changes than reviewed is reviewed, and says how many are no longer planned', () => {
      const check = compareWithReviewed(plan(alan), roster, [review(7, [ada, alan])], '')
      expect(check.same).toBe(true)
      expect(check.line).toMatch(/was reviewed: 1 on pull request #7\. 1 reviewed change is no longer planned\.$/)
    })

    it('a plan too large to carry its hashes counts only when this plan is exactly it', () => {
      expect(compareWithReviewed(plan(ada, alan), roster, [review(8, [ada, alan], { max: 1 })], '').same).toBe(true)
      const check = compareWithReviewed(plan(ada, alan), roster, [review(8, [ada], { max: 0 }), review(9, [alan])], '')
      expect(check.same).toBe(false)
      expect(check.unreviewed).toEqual([ada])
      expect(check.line).toContain(
        'the plan reviewed on pull request #8 was too large to list its changes, so it counts only when this plan is exactly it'
      )
      const alone = compareWithReviewed(plan(ada, alan), roster, [review(8, [ada], { max: 0 })], '')
      expect(alone.line).toContain('is not the one reviewed on pull request #8 (digest')
      expect(alone.unreviewed).toEqual([])
    })

    it('a plan not of its pull request’s final head, or of another roster, is no review of it, and says so', () => {
      const stale = review(8, [ada], { at: head(6) })
      const check = compareWithReviewed(plan(ada, alan), roster, [review(9, [alan]), stale], '')
      expect(check.same).toBe(false)
      expect(check.unreviewed).toEqual([ada])
      expect(check.line).toContain(
        "The plan comment on pull request #8 is of commit 666666666666, not of the pull request's final head commit 888888888888"
      )
      const other = compareWithReviewed(plan(ada), roster, [review(8, [ada], { key: rosterKey('paris.yaml') })], '')
      expect(other.line).toMatch(/^The plan comment on pull request #8 carries no digest: this plan/)
      const both = compareWithReviewed(plan(ada), roster, [stale, review(9, [ada], { at: head(5) })], '', ['a note'])
      expect(both.same).toBe(false)
      expect(both.line).toMatch(
        /^The plan comment on pull request #8 is of commit 666666666666.*pull request #9 is of .* A note\.$/
      )
    })

    it('an empty plan with a counted review is that review already applied', () => {
      expect(compareWithReviewed(plan(), roster, [review(7, [ada, alan])], '').line).toBe(
        'The reviewed plan of pull request #7 is already applied: nothing to write.'
      )
      const two = compareWithReviewed(plan(), roster, [review(9, [alan]), review(8, [ada])], '')
      expect(two.same).toBe(true)
      expect(two.line).toBe('The reviewed plans of pull requests #9 and #8 are already applied: nothing to write.')
    })

    it('nothing found: no review, and why', () => {
      const check = compareWithReviewed(plan(ada), roster, [], 'no merged pull request')
      expect(check.same).toBe(false)
      expect(check.line).toMatch(/^No reviewed plan to compare with \(no merged pull request\): this plan/)
    })
  })
})
