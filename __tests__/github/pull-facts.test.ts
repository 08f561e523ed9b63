/**
 * The access review's REST reads (src/github/pull-facts.ts) against the fake GitHub over sockets: what
 * an answer that cannot be read means (never "pushed without one", never cached). The GraphQL path and
 * the approval rule are in pull-facts-graphql.test.ts; the whole run is access-review.e2e.test.ts.
 */
import { pullsOfCommits, type PullCache } from '../../src/github/pull-facts.js'
import {
  FakeGitHub,
  GITHUB_READONLY_TOKEN,
  PULL_AUTHOR,
  REPOSITORY,
  REVIEWER,
  type FakeReview
} from '../../__fixtures__/fake-github.js'
import { clientContext, fakeEachTest } from '../helpers/each-test.js'

const sha = (n: number) => n.toString(16).padStart(40, 'c')
const github = fakeEachTest(() => FakeGitHub.start())
const where = () => ({ apiUrl: github().url, repository: REPOSITORY, token: GITHUB_READONLY_TOKEN })
const ask = async (commits: string[], cache: PullCache = {}) => {
  const counter = { requests: 0 }
  const got = await pullsOfCommits(clientContext(), where(), commits, cache, counter, () => false)
  return { ...got, cache }
}

describe("a commit's pull requests over REST (GraphQL refused)", () => {
  beforeEach(() => {
    github().graphqlRefuses = 'Something went wrong'
  })

  it.each([
    ['over 8 MiB (cut short)', 'x'.repeat(9 * 1024 * 1024), /over 8 MiB/],
    ['not JSON', '<html>Unicorn!</html>', /not a JSON list/],
    ['a JSON object, not a list', '{"message":"x"}', /not a JSON list/]
  ])('an answer %s could not be read: not "pushed without one", and not cached', async (_, body, why) => {
    github().script(`GET /repos/${REPOSITORY}/commits/${sha(1)}/pulls`, { status: 200, body })
    const got = await ask([sha(1)])
    expect(got.cache).toEqual({})
    expect(got.failed.get(sha(1))).toMatch(/^its pull requests could not be read/)
    expect(got.failed.get(sha(1))).toMatch(why)
  })

  it('only a real empty list means no pull request (cached)', async () => {
    const got = await ask([sha(2)])
    expect(got.failed).toEqual(new Map())
    expect(got.cache).toEqual({
      [sha(2)]: { none: 'GitHub lists no merged pull request for this commit (pushed without one)' }
    })
  })

  it('more than 1,000 reviews: the approval is unknown, since a later review past them may withdraw it', async () => {
    const head = sha(9)
    github().pullsOfCommit.set(sha(4), [
      { number: 4, merged_at: '2026-01-01T00:00:00Z', merge_commit_sha: sha(4), state: 'closed', head_sha: head }
    ])
    const review = (id: number, reviewer: typeof REVIEWER, state: FakeReview['state']): FakeReview => ({
      id,
      pr: 4,
      reviewer,
      state,
      commit_id: head,
      submitted_at: '2026-01-01T00:00:00Z',
      body: ''
    })
    // The reviewer approves, the author comments 1,000 times on their own pull request, the reviewer asks for changes.
    github().reviews.set(4, [
      review(1, REVIEWER, 'APPROVED'),
      ...Array.from({ length: 1000 }, (_, i) => review(100 + i, PULL_AUTHOR, 'COMMENTED')),
      review(5000, REVIEWER, 'CHANGES_REQUESTED')
    ])
    const got = await ask([sha(4)])
    expect(got.cache).toEqual({})
    expect(got.failed.get(sha(4))).toBe('the reviews of pull request 4 could not be read (more than 1000 reviews)')
  })

  it('reviews that are not JSON could not be read: not cached either', async () => {
    github().pullsOfCommit.set(sha(3), [
      { number: 3, merged_at: '2026-01-01T00:00:00Z', merge_commit_sha: sha(3), state: 'closed', head_sha: sha(3) }
    ])
    github().review(3, sha(3), REVIEWER)
    github().script(`GET /repos/${REPOSITORY}/pulls/3/reviews`, { status: 200, body: '<html>Unicorn!</html>' })
    const got = await ask([sha(3)])
    expect(got.cache).toEqual({})
    expect(got.failed.get(sha(3))).toMatch(/the reviews of pull request 3 could not be read/)
  })
})
