/**
 * A roster's history for the access review's tests: a real git repository whose commits change
 * roster.yaml at given times, each registered on the fake GitHub as the merge of a pull request
 * (with an approving review when asked); and pages of DoorFlow admit events.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { REVIEWER, type FakeGitHub } from '../../__fixtures__/fake-github.js'

export function gitIn(dir: string) {
  return (args: string[], at?: number) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com',
        ...(at
          ? { GIT_COMMITTER_DATE: `${Math.floor(at / 1000)} +0000`, GIT_AUTHOR_DATE: `${Math.floor(at / 1000)} +0000` }
          : {})
      }
    }).trim()
}

export const roster = (people: string[]): string =>
  `version: 1\nmanages: EMP-*\npeople:\n${people.map(p => `  - ${p}\n`).join('')}`

/** A repository in `dir` whose roster.yaml changes are the merges of pull requests on `github`. */
export function rosterRepository(dir: string, github: FakeGitHub) {
  const git = gitIn(dir)
  git(['init', '-q', '-b', 'main'])
  /** Commits roster.yaml as `text` at `at`, as the merge of pull request `pr`; its SHA. */
  const commit = (text: string, at: number, pr: number, approved = true): string => {
    writeFileSync(join(dir, 'roster.yaml'), text)
    git(['add', 'roster.yaml'])
    git(['commit', '-q', '-m', `change ${pr}`], at)
    const sha = git(['rev-parse', 'HEAD'])
    github.pullsOfCommit.set(sha, [
      { number: pr, merged_at: new Date(at).toISOString(), merge_commit_sha: sha, state: 'closed' }
    ])
    if (approved)
      github.reviews.set(pr, [
        {
          id: pr * 10,
          pr,
          reviewer: REVIEWER,
          state: 'APPROVED',
          commit_id: 'a'.repeat(40),
          submitted_at: new Date(at).toISOString(),
          body: ''
        }
      ])
    return sha
  }
  return { git, commit }
}

/** A page of DoorFlow admit events (code 10), newest first as given. */
export const admits = (list: [person: number, at: number][]) =>
  list.map(([person, at], i) => ({
    id: i + 1,
    event_code: 10,
    event_label: 'admitted',
    person_id: person,
    created_at: new Date(at).toISOString(),
    updated_at: new Date(at).toISOString()
  }))
