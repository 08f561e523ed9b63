/**
 * The access review, measured: 10,000 people in 50 groups, a roster of 50 files built over 106
 * merged pull requests (50 leavers removed in the last 5, each with its apply record), and a million
 * door events in the 90-day window, through `npm run access-review` (script/access-review.ts)
 * in-process against the fake DoorFlow and the fake GitHub on loopback; then again with the cache
 * of pull requests the first run wrote. The events are the fake's own seeded list (fake-events.ts),
 * made into pages once and served as scripted answers, so the fake's own filtering of a million
 * events per page is not in the time. `npm run bench -- review` runs this alone and prints its section.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN } from '../__fixtures__/fake-doorflow.js'
import { fakePerson, generatePeople, PEOPLE_READ_SCOPES } from '../__fixtures__/fake-people.js'
import { ACTIONS_BOT, FakeGitHub, GITHUB_READONLY_TOKEN, REPOSITORY } from '../__fixtures__/fake-github.js'
import { EVENTS_SCOPE } from '../__fixtures__/fake-events.js'
import { recordComment, recordMarker } from '../src/roster/apply-record.js'
import { rosterKey } from '../src/roster/digest.js'
import { main } from '../script/access-review.js'
import { rosterRepository } from '../__tests__/helpers/review-history.js'
import { table } from './measure.js'

const DAY = 86_400_000
const PEOPLE = 10_000
const GROUPS = Array.from({ length: 50 }, (_, i) => ({ id: i + 1, name: `Area ${i + 1}` }))
const LEAVERS = 50

export async function reviewBench(): Promise<string> {
  const now = Date.now()
  const people = generatePeople(PEOPLE, { groups: GROUPS })
  const leavers = Array.from({ length: LEAVERS }, (_, i) =>
    fakePerson(20_000 + i, {
      system_id: `EMP-${PEOPLE + 1 + i}`,
      first_name: 'Left',
      last_name: `Person${i}`,
      enabled: false,
      groups: [GROUPS[i % 50].id]
    })
  )
  const doorflow = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: [...PEOPLE_READ_SCOPES, EVENTS_SCOPE] },
    people: { people: [...people, ...leavers], groups: GROUPS }
  })
  const github = await FakeGitHub.start()
  const dir = mkdtempSync(join(tmpdir(), 'bench-review-'))
  try {
    // The roster: one file per group of each person's first group; its history, one pull request a commit.
    const name = new Map(GROUPS.map(g => [g.id, g.name]))
    const entry = (p: (typeof people)[number]) =>
      `  - {id: ${p.system_id}, first_name: ${p.first_name}, last_name: ${p.last_name}, groups: [${p.groups.map(g => name.get(g)).join(', ')}]}\n`
    const files = new Map<number, string[]>(GROUPS.map(g => [g.id, []]))
    const repo = rosterRepository(dir, github)
    const commit = (text: string, at: number, n: number) => {
      repo.git(['add', 'access'])
      return repo.commit(text, at, n)
    }
    mkdirSync(join(dir, 'access'))
    const writeAll = (listed: (typeof people)[number][]) => {
      for (const list of files.values()) list.length = 0
      for (const p of listed) files.get(p.groups[0])!.push(entry(p))
      for (const [g, list] of files)
        writeFileSync(join(dir, 'access', `area-${g}.yaml`), `version: 1\nmanages: 'EMP-*'\npeople:\n${list.join('')}`)
    }
    // commit() writes roster.yaml; the directory is what the review reads.
    const listed = [...people.slice(0, 8000), ...leavers]
    writeAll(listed)
    let pr = 1
    commit('start\n', now - 300 * DAY, pr++)
    const added: { sha: string; at: number }[] = []
    for (let i = 0; i < 100; i++) {
      listed.push(...people.slice(8000 + i * 20, 8000 + (i + 1) * 20))
      writeAll(listed)
      const at = now - 290 * DAY + i * 2.8 * DAY
      added.push({ sha: commit(`add ${i}\n`, at, pr++), at })
    }
    const records: { pr: number; sha: string; merged: number }[] = []
    for (let i = 0; i < 5; i++) {
      const gone = new Set(leavers.slice(i * 10, (i + 1) * 10).map(l => l.system_id))
      const kept = listed.filter(p => !gone.has(p.system_id))
      listed.length = 0
      listed.push(...kept)
      writeAll(listed)
      const merged = Math.floor((now - (50 - i * 10) * DAY) / 1000) * 1000
      records.push({ pr, sha: commit(`leavers ${i}\n`, merged, pr++), merged })
    }
    // Each leavers' pull request has its apply record; the last one was applied 30 hours late.
    for (const [i, r] of records.entries()) {
      const applied = r.merged + (i === 4 ? 30 * 3_600_000 : 120_000)
      // As the apply writes it: its roster's marker on the first line, then the record.
      const body = `${recordMarker(rosterKey('access'))}\n${recordComment({
        roster: rosterKey('access'),
        commit: r.sha,
        merged: r.merged,
        runs: [
          {
            applied,
            written: 10,
            failed: 0,
            notAttempted: 0,
            sync: 'accepted',
            synced: applied + 30_000,
            revoked: [],
            revokedMore: 0
          }
        ]
      })}`
      github.addComment(r.pr, body, ACTIONS_BOT)
    }

    // A million events in the window, from the fake's own seeded list, made into pages once.
    const since = now - 90 * DAY
    for (let i = 0; i < 10; i++)
      doorflow.seedEvents({
        seed: i + 1,
        people: people
          .slice(i * 1000, (i + 1) * 1000)
          .map(p => ({ id: p.id, first_name: p.first_name, last_name: p.last_name })),
        doors: [{ id: 1, name: 'Front door' }],
        from: since + DAY,
        days: 88,
        perDay: 1.17
      })
    const admits = new Set([10, 11, 12, 13, 14, 15, 16, 17, 18, 70])
    const all = doorflow.events
      .all()
      .filter(e => admits.has(e.event_code))
      .reverse()
    const pages: { body: string; headers: Record<string, string> }[] = []
    for (let i = 0; i < all.length; i += 1000)
      pages.push({
        body: JSON.stringify(all.slice(i, i + 1000)),
        headers: { Total: String(all.length), 'Per-Page': '1000', 'Content-Type': 'application/json' }
      })
    // A short last page ends the read; a list of whole pages ends at an empty one.
    if (all.length % 1000 === 0)
      pages.push({
        body: '[]',
        headers: { Total: String(all.length), 'Per-Page': '1000', 'Content-Type': 'application/json' }
      })

    const rows: (string | number)[][] = []
    const cache = join(dir, 'pulls-cache.json')
    const runs = [
      { label: 'first review', cacheFile: cache },
      { label: 'next review, with the cache', cacheFile: cache },
      // The same history as rebase merges: GitHub names one pull request for each 4 of the 100 commits.
      { label: 'first review, rebase merges (4 commits a pull request)', cacheFile: join(dir, 'rebase-cache.json') }
    ]
    for (const [index, { label, cacheFile }] of runs.entries()) {
      if (index === 2)
        for (const [i, c] of added.entries()) {
          const n = 1000 + Math.floor(i / 4)
          github.pullsOfCommit.set(c.sha, [
            { number: n, merged_at: new Date(c.at).toISOString(), merge_commit_sha: c.sha, state: 'closed' }
          ])
          github.reviews.set(
            n,
            (github.reviews.get(2) ?? []).map(r => ({ ...r, pr: n }))
          )
        }
      doorflow.script('GET /api/3/events', ...pages)
      doorflow.requests.length = 0
      github.requests.length = 0
      const errors: string[] = []
      const started = performance.now()
      const code = await main(
        ['--roster', 'access', '--out', 'review', '--cache', cacheFile],
        {
          DOORFLOW_TOKEN: FAKE_TOKEN,
          DOORFLOW_BASE_URL: doorflow.url,
          GITHUB_TOKEN: GITHUB_READONLY_TOKEN,
          GITHUB_API_URL: github.url,
          GITHUB_REPOSITORY: REPOSITORY,
          INIT_CWD: dir
        },
        () => {},
        l => errors.push(l)
      )
      const ms = performance.now() - started
      const json = JSON.parse(readFileSync(join(dir, 'review', 'access-review.json'), 'utf8')) as {
        counts: { grants: number; people: number; leavers: number; leaversFlagged: number }
        usage: { complete: boolean; events: number; pages: number }
      }
      const md = readFileSync(join(dir, 'review', 'access-review.md'))
      const events = doorflow.requests.filter(r => r.path.startsWith('/api/3/events')).length
      rows.push([
        label,
        code === 0 ? 'ok' : `exit ${code}: ${errors.at(-1)}`,
        (ms / 1000).toFixed(1),
        `${json.counts.people.toLocaleString('en-US')} / ${json.counts.grants.toLocaleString('en-US')}`,
        `${json.usage.events.toLocaleString('en-US')} in ${json.usage.pages} pages${json.usage.complete ? '' : ' (stopped early)'}`,
        `${doorflow.requests.length} (${events} of events)`,
        github.requests.length,
        `${json.counts.leavers} (${json.counts.leaversFlagged} flagged)`,
        `${Math.round(md.length / 1024)} KiB`
      ])
    }
    return `## 12. The access review: 10,000 people, 50 groups, a million events (\`npm run bench -- review\`)

${table(
  [
    'run',
    'result',
    'seconds',
    'people / grants',
    'events read',
    'DoorFlow requests',
    'GitHub requests',
    'leavers',
    'summary'
  ],
  rows
)}

The roster: 50 files built over 106 merged pull requests (so 106 commits hold every grant); GitHub is
asked 50 commits a GraphQL request (each commit's pull requests and their reviews: 3 requests for 106
commits, src/github/pull-facts-graphql.ts) and once per leavers' pull request (its comments), never
per person; REST is asked only of what an answer leaves out (a pull request with more than 100
reviews). The events are DoorFlow's seeded list served as pages of 1,000.`
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await doorflow.close()
    await github.close()
  }
}
