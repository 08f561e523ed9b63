/**
 * The access review's GraphQL read of many commits (src/github/pull-facts-graphql.ts): the query it
 * builds, how it takes hostile answers, and, over real sockets against the fake GitHub, that it gives
 * the same pull request and approvers as the REST path (pull-facts.ts) in fewer requests. The whole
 * run is access-review.e2e.test.ts.
 */
import { COMMITS_PER_QUERY, commitsQuery, parseCommitsAnswer } from '../../src/github/pull-facts-graphql.js'
import { pullsOfCommits, type PullCache } from '../../src/github/pull-facts.js'
import {
  ACTIONS_BOT,
  FakeGitHub,
  GITHUB_READONLY_TOKEN,
  type Identity,
  PULL_AUTHOR,
  REPOSITORY,
  REVIEWER
} from '../../__fixtures__/fake-github.js'
import { clientContext, fakeEachTest } from '../helpers/each-test.js'

const sha = (n: number) => n.toString(16).padStart(40, 'a')
const OTHER: Identity = { login: 'second-reviewer', id: 777002, installation: false }
const STRANGER: Identity = { login: 'sockpuppet', id: 999123, installation: false }

describe('commitsQuery', () => {
  it('one alias a commit, every connection bounded, well under the 500,000-node limit', () => {
    const shas = Array.from({ length: COMMITS_PER_QUERY }, (_, i) => sha(i))
    const query = commitsQuery(shas)
    expect(query.match(/\bc\d+: object\(oid: "[0-9a-f]{40}"\)/g)).toHaveLength(COMMITS_PER_QUERY)
    expect(query).toMatch(/^query\(/)
    expect(query).not.toMatch(/mutation/)
    // Every connection asks first: N with 1 <= N <= 100 (GitHub's node limit rules).
    const firsts = [...query.matchAll(/\(first: (\d+)\)/g)].map(m => Number(m[1]))
    expect(firsts.every(n => n >= 1 && n <= 100)).toBe(true)
    const [pulls, reviews] = firsts.slice(0, 2)
    expect(COMMITS_PER_QUERY * (1 + pulls + pulls * reviews)).toBeLessThanOrEqual(500_000)
  })

  it.each(['ABC', 'a'.repeat(39), `${'a'.repeat(40)}") { x } #`, 'A'.repeat(40)])('refuses %j', bad => {
    expect(() => commitsQuery([sha(1), bad])).toThrow(/not a commit SHA/)
  })
})

describe('parseCommitsAnswer: hostile answers', () => {
  const shas = [sha(1), sha(2)]
  const pull = (over: Record<string, unknown> = {}) => ({
    number: 7,
    mergedAt: '2026-01-01T00:00:00Z',
    mergeCommit: { oid: sha(1) },
    headRefOid: sha(3),
    author: { __typename: 'User', login: 'octocat', databaseId: 1 },
    reviews: {
      pageInfo: { hasNextPage: false },
      nodes: [
        {
          state: 'APPROVED',
          commit: { oid: sha(3) },
          authorAssociation: 'MEMBER',
          author: { __typename: 'User', login: 'door-reviewer', databaseId: 2 }
        }
      ]
    },
    ...over
  })
  const commit = (...nodes: unknown[]) => ({ associatedPullRequests: { nodes } })
  const answer = (repository: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ data: { repository }, ...extra })

  it('a full answer: each commit its pull requests and reviews', () => {
    const got = parseCommitsAnswer(answer({ c0: commit(pull()), c1: commit() }), shas)
    expect(got.error).toBeUndefined()
    expect(got.pulls.get(sha(1))).toEqual([
      {
        number: 7,
        mergedAt: '2026-01-01T00:00:00Z',
        mergeCommit: sha(1),
        headOid: sha(3),
        authorId: 1,
        reviews: [
          { id: 2, login: 'door-reviewer', bot: false, state: 'APPROVED', commit: sha(3), association: 'MEMBER' }
        ]
      }
    ])
    expect(got.pulls.get(sha(2))).toEqual([])
  })

  it.each([
    ['not JSON', '<html>502</html>', /not JSON/],
    ['an array', '[]', /not JSON/],
    ['errors and no data', JSON.stringify({ errors: [{ message: 'Something went wrong' }] }), /GraphQL: Something/],
    ['errors with a null repository', JSON.stringify({ data: { repository: null }, errors: [] }), /no repository/],
    ['an error without a message', JSON.stringify({ errors: [{ message: 5 }] }), /no repository/]
  ])('%s: the whole answer is unusable', (_, body, why) => {
    const got = parseCommitsAnswer(body, shas)
    expect(got.pulls.size).toBe(0)
    expect(got.error).toMatch(why)
  })

  it("an error's message is flattened and escaped: it cannot start a workflow command line", () => {
    const body = JSON.stringify({ errors: [{ message: 'x\n::error::owned\r\n::add-mask::t' }] })
    const got = parseCommitsAnswer(body, shas)
    expect(got.error).not.toMatch(/[\r\n]/)
    expect(got.error).not.toMatch(/(^|\n)::/)
  })

  it.each([
    ['the alias missing', {}],
    ['the commit null (an error at its path)', { c0: null }],
    ['no associatedPullRequests', { c0: {} }],
    ['nodes null', { c0: { associatedPullRequests: { nodes: null } } }],
    ['a null pull request', { c0: commit(null) }],
    ['a number that is a string', { c0: commit(pull({ number: '7' })) }],
    ['reviews null', { c0: commit(pull({ reviews: null })) }],
    ['no pageInfo', { c0: commit(pull({ reviews: { nodes: [] } })) }],
    ['a null review', { c0: commit(pull({ reviews: { pageInfo: { hasNextPage: false }, nodes: [null] } })) }],
    [
      'a review without a state',
      { c0: commit(pull({ reviews: { pageInfo: { hasNextPage: false }, nodes: [{ author: null }] } })) }
    ],
    ['an author that is a string', { c0: commit(pull({ author: 'octocat' })) }]
  ])('%s: that commit is left for REST, the others kept', (_, repository) => {
    const got = parseCommitsAnswer(
      answer({ ...repository, c1: commit() }, { errors: [{ message: 'partial', path: ['repository', 'c0'] }] }),
      shas
    )
    expect(got.error).toBeUndefined()
    expect(got.pulls.has(sha(1))).toBe(false)
    expect(got.pulls.get(sha(2))).toEqual([])
  })

  it('a deleted account (author null) has no id; more than 100 reviews leaves them to REST', () => {
    const more = pull({ author: null, reviews: { pageInfo: { hasNextPage: true }, nodes: [] } })
    const got = parseCommitsAnswer(answer({ c0: commit(more), c1: commit() }), shas)
    expect(got.pulls.get(sha(1))).toEqual([
      { number: 7, mergedAt: '2026-01-01T00:00:00Z', mergeCommit: sha(1), headOid: sha(3) }
    ])
  })
})

describe('pullsOfCommits over GraphQL, against the fake GitHub', () => {
  const github = fakeEachTest(() => FakeGitHub.start())
  const where = () => ({ apiUrl: github().url, repository: REPOSITORY, token: GITHUB_READONLY_TOKEN })
  /** A merged pull request whose final head is `head` (its merge commit unless said). */
  const merged = (number: number, mergeSha: string | null, author: Identity = PULL_AUTHOR, head = mergeSha) => ({
    number,
    merged_at: `2026-0${(number % 9) + 1}-01T00:00:00Z`,
    merge_commit_sha: mergeSha,
    state: 'closed' as const,
    author,
    ...(head ? { head_sha: head } : {})
  })

  /** A history with each rule the REST path applies; the commits in order. */
  function history(): string[] {
    const g = github()
    g.permissions.set(OTHER.login, 'write')
    g.knownAccounts.push(OTHER, STRANGER)
    // 1: approved by two; the other's approval later dismissed.
    g.pullsOfCommit.set(sha(1), [merged(1, sha(1))])
    g.review(1, sha(1), REVIEWER, 'APPROVED')
    g.dismiss(g.review(1, sha(1), OTHER, 'APPROVED'))
    // 2: two merged pull requests list the commit: the one whose merge commit it is counts; an open one is no merge.
    g.pullsOfCommit.set(sha(2), [
      { number: 20, merged_at: null, merge_commit_sha: null, state: 'open' },
      merged(21, sha(99), PULL_AUTHOR, sha(2)),
      merged(22, sha(2))
    ])
    g.review(21, sha(2), REVIEWER, 'APPROVED')
    g.review(22, sha(2), OTHER, 'APPROVED')
    g.review(22, sha(2), OTHER, 'COMMENTED') // a comment leaves the approval standing
    // 3: approved, then changes requested: not an approver. The author's and a bot's approvals count not.
    g.pullsOfCommit.set(sha(3), [merged(3, sha(3), OTHER)])
    g.review(3, sha(3), REVIEWER, 'APPROVED')
    g.review(3, sha(3), REVIEWER, 'CHANGES_REQUESTED')
    g.review(3, sha(3), OTHER, 'APPROVED')
    g.review(3, sha(3), ACTIONS_BOT, 'APPROVED')
    // 4: pushed without a pull request. 5: a rebase merge, the same pull request as 1.
    g.pullsOfCommit.set(sha(5), [merged(1, sha(1))])
    // 6: more than 100 reviews (GraphQL gives the first 100: REST reads them all); the last one approves.
    g.pullsOfCommit.set(sha(6), [merged(6, sha(6))])
    for (let i = 0; i < 100; i++) g.review(6, sha(6), OTHER, 'COMMENTED')
    g.review(6, sha(6), REVIEWER, 'APPROVED')
    // 7: the final head is sha(70): an approval of an earlier push (sha(7)) approved other changes, and an
    // account without Write access (author association NONE: anyone may review a public repository's)
    // is nobody's say-so, even of the final head. Only OTHER's approval of sha(70) counts.
    g.pullsOfCommit.set(sha(7), [merged(7, sha(7), PULL_AUTHOR, sha(70))])
    g.review(7, sha(7), REVIEWER, 'APPROVED')
    g.review(7, sha(70), STRANGER, 'APPROVED')
    g.review(7, sha(70), OTHER, 'APPROVED')
    g.permissions.set(STRANGER.login, 'none')
    // 8: approved of the final head, then of an earlier push again (a stale tab): the latest verdict is of another commit.
    g.pullsOfCommit.set(sha(8), [merged(8, sha(8), PULL_AUTHOR, sha(80))])
    g.review(8, sha(80), REVIEWER, 'APPROVED')
    g.review(8, sha(8), REVIEWER, 'APPROVED')
    return [1, 2, 3, 4, 5, 6, 7, 8].map(sha)
  }

  const ask = async (commits: string[], cache: PullCache = {}) => {
    const counter = { requests: 0 }
    const got = await pullsOfCommits(clientContext(), where(), commits, cache, counter, () => false)
    return { ...got, cache, requests: counter.requests }
  }

  it('the same answers as over REST, in one GraphQL request and REST only for the 101 reviews', async () => {
    const commits = history()
    const graph = await ask(commits)
    expect(graph.failed).toEqual(new Map())
    expect(graph.cache).toEqual({
      [sha(1)]: {
        number: 1,
        mergedAt: Date.parse('2026-02-01T00:00:00Z'),
        mergeCommit: sha(1),
        approvers: [REVIEWER.login]
      },
      [sha(2)]: {
        number: 22,
        mergedAt: Date.parse('2026-05-01T00:00:00Z'),
        mergeCommit: sha(2),
        approvers: [OTHER.login]
      },
      [sha(3)]: { number: 3, mergedAt: Date.parse('2026-04-01T00:00:00Z'), mergeCommit: sha(3), approvers: [] },
      [sha(4)]: { none: 'GitHub lists no merged pull request for this commit (pushed without one)' },
      [sha(5)]: {
        number: 1,
        mergedAt: Date.parse('2026-02-01T00:00:00Z'),
        mergeCommit: sha(1),
        approvers: [REVIEWER.login]
      },
      [sha(6)]: {
        number: 6,
        mergedAt: Date.parse('2026-07-01T00:00:00Z'),
        mergeCommit: sha(6),
        approvers: [REVIEWER.login]
      },
      [sha(7)]: {
        number: 7,
        mergedAt: Date.parse('2026-08-01T00:00:00Z'),
        mergeCommit: sha(7),
        approvers: [OTHER.login]
      },
      [sha(8)]: { number: 8, mergedAt: Date.parse('2026-09-01T00:00:00Z'), mergeCommit: sha(8), approvers: [] }
    })
    expect(github().requestsTo('POST /graphql')).toHaveLength(1)
    expect(github().requests.filter(r => r.path.includes('/commits/'))).toEqual([])
    expect(
      github()
        .requests.filter(r => r.path.includes('/reviews'))
        .map(r => r.path)
    ).toEqual([
      `/repos/${REPOSITORY}/pulls/6/reviews?per_page=100&page=1`,
      `/repos/${REPOSITORY}/pulls/6/reviews?per_page=100&page=2`
    ])
    // One GraphQL request, two pages of pull request 6's reviews, and each approver's permission once.
    expect(
      github()
        .requests.filter(r => r.path.endsWith('/permission'))
        .map(r => r.path)
    ).toEqual([
      `/repos/${REPOSITORY}/collaborators/${REVIEWER.login}/permission`,
      `/repos/${REPOSITORY}/collaborators/${OTHER.login}/permission`
    ])
    expect(graph.requests).toBe(5)

    // GraphQL refused (a server without it): every commit over REST, the same answers.
    github().requests.length = 0
    github().graphqlRefuses = 'Field associatedPullRequests does not exist'
    const rest = await ask(commits)
    expect(rest.cache).toEqual(graph.cache)
    // The refused query, each commit, pull requests 1, 22, 3, 6 (twice), 7 and 8, two approvers' permissions.
    expect(rest.requests).toBe(1 + 8 + 4 + 1 + 2 + 2)
  })

  it('an approval counts only from someone who may write: a member or collaborator with Read does not', async () => {
    const READER = { login: 'read-only-member', id: 777111, installation: false }
    github().knownAccounts.push(READER)
    github().permissions.set(READER.login, 'read')
    github().associations.set(READER.login, 'MEMBER')
    github().pullsOfCommit.set(sha(3000), [merged(30, sha(3000))])
    github().review(30, sha(3000), READER, 'APPROVED')
    github().review(30, sha(3000), REVIEWER, 'APPROVED')
    const got = await ask([sha(3000)])
    expect(got.cache[sha(3000)]).toMatchObject({ number: 30, approvers: [REVIEWER.login] })
  })

  it('an approver whose access GitHub does not say leaves the approval unknown: not cached, asked again', async () => {
    const GONE = { login: 'gone-account', id: 777222, installation: false }
    github().associations.set(GONE.login, 'COLLABORATOR')
    github().pullsOfCommit.set(sha(3001), [merged(31, sha(3001))])
    github().review(31, sha(3001), GONE, 'APPROVED')
    const got = await ask([sha(3001)])
    expect(got.cache).toEqual({})
    expect(got.failed.get(sha(3001))).toMatch(
      /^the approvers of pull request 31: gone-account's access could not be read/
    )
  })

  it('COMMITS_PER_QUERY commits a request; the cache asks of new commits only', async () => {
    const commits = Array.from({ length: COMMITS_PER_QUERY + 10 }, (_, i) => sha(1000 + i))
    for (const c of commits) github().pullsOfCommit.set(c, [merged(7, c, PULL_AUTHOR, sha(1000))])
    github().review(7, sha(1000), REVIEWER, 'APPROVED')
    const first = await ask(commits)
    expect(first.requests).toBe(3) // two GraphQL requests and the approver's permission
    expect(first.asked).toBe(commits.length)
    expect(Object.values(first.cache).every(c => 'approvers' in c && c.approvers[0] === REVIEWER.login)).toBe(true)
    const again = await ask([...commits, sha(5000)], first.cache)
    expect(again.requests).toBe(1)
    expect(again.asked).toBe(1)
    const bodies = github()
      .requestsTo('POST /graphql')
      .map(r => r.body)
    expect(bodies[2]).toContain(sha(5000))
    expect(bodies[2]).not.toContain(sha(1000))
  })

  it('a commit missing from a partial answer is asked over REST; a failed answer caches nothing', async () => {
    history()
    github().script('POST /graphql', {
      body: {
        data: { repository: { c0: null, c1: { associatedPullRequests: { nodes: [] } } } },
        errors: [{ type: 'NOT_FOUND', path: ['repository', 'c0'], message: 'no' }]
      }
    })
    const got = await ask([sha(1), sha(4)])
    expect(got.cache[sha(4)]).toEqual({ none: expect.stringContaining('no merged pull request') })
    expect(got.cache[sha(1)]).toEqual(expect.objectContaining({ number: 1, approvers: [REVIEWER.login] }))
    expect(
      github()
        .requests.filter(r => r.path.includes('/commits/'))
        .map(r => r.path)
    ).toEqual([`/repos/${REPOSITORY}/commits/${sha(1)}/pulls?per_page=20`])

    github().always('POST /graphql', { status: 502, body: 'bad gateway' })
    github().always(`GET /repos/${REPOSITORY}/commits/${sha(2)}/pulls`, { status: 502, body: 'bad gateway' })
    const failed = await ask([sha(2)])
    expect(failed.cache).toEqual({})
    expect(failed.failed.get(sha(2))).toMatch(/could not be read/)
  })

  it('the fake answers only the query it knows, as GitHub refuses one that does not validate', async () => {
    const post = async (query: string) => {
      const res = await fetch(`${github().url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${GITHUB_READONLY_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { owner: REPOSITORY.split('/')[0], name: REPOSITORY.split('/')[1] } })
      })
      return (await res.json()) as { data?: unknown; errors?: { message: string }[] }
    }
    const good = commitsQuery([sha(1)])
    expect((await post(good)).data).toEqual({ repository: { c0: { associatedPullRequests: { nodes: [] } } } })
    for (const bad of [
      good.replace('mergedAt', 'mergedAt body'),
      good.replace('first: 100', 'first: 101'),
      good + ' x'
    ])
      expect(await post(bad)).toEqual({ errors: [expect.objectContaining({ message: expect.any(String) })] })
  })

  it('stop() before a request leaves the rest unasked', async () => {
    const commits = Array.from({ length: COMMITS_PER_QUERY + 1 }, (_, i) => sha(2000 + i))
    let calls = 0
    const counter = { requests: 0 }
    const got = await pullsOfCommits(clientContext(), where(), commits, {}, counter, () => calls++ > 0)
    expect(got).toEqual(expect.objectContaining({ asked: COMMITS_PER_QUERY, skipped: 1 }))
    expect(counter.requests).toBe(1)
  })
})
