/**
 * The access review's cache of pull requests (`--cache FILE`): trusted, so only the user's own
 * regular file is read, within its cap, and writing it back never writes through a link.
 */
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readCache, writeCache } from '../../src/review/run.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'review-cache-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const SHA = 'a'.repeat(40)
const entry = { number: 7, approvers: ['octocat'], mergedAt: 1_700_000_000_000 }

it('reads a regular file, and says nothing when there is none yet', () => {
  const file = join(dir, 'pulls.json')
  const notes: string[] = []
  expect(readCache(file, notes)).toEqual({})
  writeFileSync(file, JSON.stringify({ [SHA]: entry }))
  expect(readCache(file, notes)).toEqual({ [SHA]: entry })
  expect(notes).toEqual([])
})

it("keeps a pull request's merge commit, so a cached review holds a leaver's record against it; a malformed one is dropped", () => {
  const file = join(dir, 'pulls.json')
  const notes: string[] = []
  const merge = 'b'.repeat(40)
  writeFileSync(
    file,
    JSON.stringify({ [SHA]: { ...entry, mergeCommit: merge }, ['c'.repeat(40)]: { ...entry, mergeCommit: 'x' } })
  )
  expect(readCache(file, notes)).toEqual({
    [SHA]: { ...entry, mergeCommit: merge },
    ['c'.repeat(40)]: entry
  })
})

it("writes the cache back with the old file's permissions, and a new one readable by its owner alone", () => {
  const file = join(dir, 'pulls.json')
  const notes: string[] = []
  writeCache(file, { [SHA]: entry }, notes)
  expect(statSync(file).mode & 0o777).toBe(0o600)
  chmodSync(file, 0o640)
  writeCache(file, { [SHA]: entry }, notes)
  expect(statSync(file).mode & 0o777).toBe(0o640)
  expect(notes).toEqual([])
})

it('does not follow a link, even to a good cache', () => {
  const target = join(dir, 'elsewhere.json')
  writeFileSync(target, JSON.stringify({ [SHA]: entry }))
  symlinkSync(target, join(dir, 'pulls.json'))
  const notes: string[] = []
  expect(readCache(join(dir, 'pulls.json'), notes)).toEqual({})
  expect(notes).toEqual([
    'The cache of pull requests is a link (a link is not followed) and was not read; every commit was asked again.'
  ])
})

it.each([
  ['a device', '/dev/null'],
  ['a FIFO', 'fifo']
])('reads no cache that is %s, and does not wait on it', (_, name) => {
  const path = name.startsWith('/') ? name : join(dir, name)
  if (!name.startsWith('/')) execFileSync('mkfifo', [path])
  const notes: string[] = []
  expect(readCache(path, notes)).toEqual({})
  expect(notes).toEqual([
    'The cache of pull requests is not a regular file (a FIFO, socket, device or directory) and was not read; every commit was asked again.'
  ])
})

it('reads no cache over 16 MiB', () => {
  const file = join(dir, 'pulls.json')
  writeFileSync(file, ' '.repeat(16 * 1024 * 1024 + 1))
  const notes: string[] = []
  expect(readCache(file, notes)).toEqual({})
  expect(notes).toEqual([
    'The cache of pull requests is larger than 16777216 bytes and was not read; every commit was asked again.'
  ])
})

it("writes the cache in place of a link at its name, leaving the link's target as it was, and no temporary file", () => {
  const victim = join(dir, 'victim.txt')
  writeFileSync(victim, 'keep me\n')
  const file = join(dir, 'pulls.json')
  symlinkSync(victim, file)
  const notes: string[] = []
  writeCache(file, { [SHA]: entry }, notes)
  expect(notes).toEqual([])
  expect(readFileSync(victim, 'utf8')).toBe('keep me\n')
  expect(lstatSync(file).isFile()).toBe(true)
  expect(readCache(file, notes)).toEqual({ [SHA]: entry })
  expect(readdirSync(dir).sort()).toEqual(['pulls.json', 'victim.txt'])
})

it('says when the cache cannot be written, and leaves no temporary file', () => {
  const file = join(dir, 'pulls.json')
  mkdirSync(file)
  const notes: string[] = []
  writeCache(file, {}, notes)
  expect(notes).toEqual([expect.stringMatching(/^The cache of pull requests could not be written \(/)])
  expect(readdirSync(dir)).toEqual(['pulls.json'])
})
