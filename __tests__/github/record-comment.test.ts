/**
 * The apply record's comment, in process over real sockets against the fake GitHub: ours only (the
 * token's identity and the marker), PATCHed in place, never PATCHed when unchanged, never POSTed
 * beside one the walk could not reach, and not read back when another identity edited it.
 */
import {
  ACTIONS_BOT,
  FakeGitHub,
  GITHUB_ACTIONS_TOKEN,
  OTHER_BOT,
  REPOSITORY,
  WRITER_USER
} from '../../__fixtures__/fake-github.js'
import { upsertMarkedComment } from '../../src/github/record-comment.js'
import { recordMarker } from '../../src/roster/apply-record.js'
import { clientContext, fakeEachTest } from '../helpers/each-test.js'

const github = fakeEachTest(() => FakeGitHub.start())
const MARKER = recordMarker('a1b2c3d4e5f6')
const pr = () => ({ apiUrl: github().url, repository: REPOSITORY, number: 7 })
const writes = () =>
  github().requests.filter(r => r.method === 'POST' && r.path.includes('/issues/')).length +
  github().requests.filter(r => r.method === 'PATCH').length
const upsert = (next: (earlier: string | undefined) => string | undefined) =>
  upsertMarkedComment(clientContext(), pr(), GITHUB_ACTIONS_TOKEN, MARKER, next)

describe('the record comment', () => {
  it('is POSTed once, then PATCHed in place given its earlier text, and left alone when unchanged', async () => {
    const seen: (string | undefined)[] = []
    expect(await upsert(e => (seen.push(e), 'one'))).toMatchObject({ ok: true, action: 'created' })
    expect(await upsert(e => (seen.push(e), `${e} two`))).toMatchObject({ ok: true, action: 'updated' })
    expect(await upsert(e => (seen.push(e), e))).toMatchObject({ ok: true, action: 'unchanged' })
    expect(await upsert(e => (seen.push(e), undefined))).toMatchObject({ ok: true, action: 'unchanged' })
    expect(seen).toEqual([undefined, 'one', 'one two', 'one two'])
    expect(
      github()
        .commentsOn(7)
        .map(c => c.body)
    ).toEqual([`${MARKER}\none two`])
    expect(writes()).toBe(2)
  })

  it("leaves others' comments with the marker alone, and another roster's record", async () => {
    const foreign = github().addComment(7, `${MARKER}\nforged`, OTHER_BOT)
    const other = github().addComment(7, `${recordMarker('ffffffffffff')}\nparis`, ACTIONS_BOT)
    const done = await upsert(e => `mine after ${String(e)}`)
    expect(done).toMatchObject({ ok: true, action: 'created', foreign: 1 })
    expect(github().comments.get(foreign.id)!.body).toBe(`${MARKER}\nforged`)
    expect(github().comments.get(other.id)!.body).toBe(`${recordMarker('ffffffffffff')}\nparis`)
    expect(github().commentsOn(7).at(-1)!.body).toBe(`${MARKER}\nmine after undefined`)
  })

  it('is not read back once another identity edited it, and says who', async () => {
    const ours = github().addComment(7, `${MARKER}\nrecord`, ACTIONS_BOT)
    github().editComment(ours.id, `${MARKER}\nforged record`, WRITER_USER)
    let given: string | undefined = 'not called'
    const done = await upsert(e => ((given = e), 'fresh'))
    expect(given).toBeUndefined()
    expect(done).toMatchObject({ ok: true, action: 'updated' })
    expect(done.ok && done.distrusted).toBe('the comment on pull request #7 was edited by door-admin')
    expect(github().comments.get(ours.id)!.body).toBe(`${MARKER}\nfresh`)
  })

  it('past the comments it can read, POSTs nothing: ours may be further on', async () => {
    for (let i = 0; i < 5_000; i++) github().addComment(7, `noise ${i}`, 'someone')
    github().addComment(7, `${MARKER}\nrecord`, ACTIONS_BOT)
    const done = await upsert(() => 'another')
    expect(done.ok).toBe(false)
    expect(!done.ok && done.message).toContain('only the first 5,000 comments on the pull request could be read')
    expect(writes()).toBe(0)
  })

  it('a refusal is a failure with its reason, nothing written', async () => {
    github().commenters.delete(GITHUB_ACTIONS_TOKEN)
    const done = await upsert(() => 'text')
    expect(done.ok).toBe(false)
    expect(!done.ok && done.message).toContain('pull-requests: write')
    expect(github().commentsOn(7)).toEqual([])
  })
})
