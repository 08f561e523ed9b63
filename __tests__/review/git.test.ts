/**
 * The roster's history read from a real git repository: a directory of roster files (and the
 * workspace's top as the directory), files parsed once per version, a commit with problems granting
 * nothing, and a shallow clone said.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readHistory, historyGitIn, type HistoryGit } from '../../src/review/git.js'

const historyGit = historyGitIn(process.env)
import { grantKey } from '../../src/review/review.js'
import { readRosterFiles, yamlFilesIn } from '../../src/roster/roster-files.js'
import { parseRoster } from '../../src/roster/parse.js'
import { gitIn, roster } from '../helpers/review-history.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'review-git-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const T = Date.parse('2026-06-01T00:00:00Z')

function history(sub: string) {
  const git = gitIn(dir)
  git(['init', '-q', '-b', 'main'])
  const at = join(dir, sub)
  mkdirSync(at, { recursive: true })
  const write = (file: string, text: string) => writeFileSync(join(at, file), text)
  write('a.yaml', roster(['{id: EMP-1, first_name: Zoë, last_name: Ørsted, groups: [Lab]}']))
  write('b.yml', roster(['{id: EMP-2, first_name: B, last_name: Two, groups: [Lab]}']))
  write('notes.txt', 'not a roster')
  git(['add', '.'])
  git(['commit', '-q', '-m', 'one'], T)
  const first = git(['rev-parse', 'HEAD'])
  write('b.yml', roster(['{id: EMP-2, first_name: B, last_name: Two, groups: [Lab, Roof]}']))
  git(['commit', '-qam', 'two'], T + 1000)
  const second = git(['rev-parse', 'HEAD'])
  write('a.yaml', 'version: 1\npeople:\n  - {id: EMP-1, gropus: []}\n')
  git(['commit', '-qam', 'three: a problem'], T + 2000)
  const third = git(['rev-parse', 'HEAD'])
  write('a.yaml', 'version: 1\nmanages: EMP-*\npeople: []\n')
  git(['commit', '-qam', 'four'], T + 3000)
  const fourth = git(['rev-parse', 'HEAD'])
  return { first, second, third, fourth }
}

it.each([['access'], ['.']])('reads a directory of rosters (%s), each file version parsed once', async sub => {
  const { first, second, third, fourth } = history(sub === '.' ? '' : sub)
  const asked: string[] = []
  const git: HistoryGit = (args, cwd, max, input) => {
    if (args[0] === 'cat-file' && args[1] === '--batch') asked.push(input ?? '')
    return historyGit(args, cwd, max, input)
  }
  const { history: h, notes } = await readHistory(dir, sub, () => false, git)
  expect(h.commits).toBe(4)
  expect(h.grants.get(grantKey('EMP-1', 'Lab'))).toEqual({ commit: first, at: T })
  expect(h.grants.get(grantKey('EMP-2', 'Lab'))).toEqual({ commit: first, at: T })
  expect(h.grants.get(grantKey('EMP-2', 'Roof'))).toEqual({ commit: second, at: T + 1000 })
  expect(h.unreadable).toEqual([third])
  expect(notes).toEqual([
    "1 commit of the roster's history had problems, so the apply refused it and it granted nothing."
  ])
  expect(h.leavers).toEqual([
    { systemId: 'EMP-1', name: 'Zoë Ørsted', change: 'removed', commit: fourth, at: T + 3000 }
  ])
  // Five file versions in all (a, b, b', a with a problem, a emptied): each read once, one git a commit.
  expect(asked).toHaveLength(4)
  expect(asked.join('').split('\n').filter(Boolean)).toHaveLength(5)
})

it('says when the checkout is shallow, and stops when told to', async () => {
  history('access')
  const shallow = mkdtempSync(join(tmpdir(), 'review-shallow-'))
  try {
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${dir}`, shallow])
    const read = await readHistory(shallow, 'access', () => false, historyGit)
    expect(read.notes[0]).toMatch(/^The checkout is shallow/)
    let n = 0
    const stopped = await readHistory(dir, 'access', () => ++n > 2, historyGit)
    expect(stopped.history.commits).toBe(2)
    expect(stopped.notes).toContain(
      "The roster's history was read up to commit 2 of 4 only (the time budget); later grants are not traced."
    )
  } finally {
    rmSync(shallow, { recursive: true, force: true })
  }
})

it('reads a roster file named in capitals (B.YAML) as the apply does: its grants and leavers are traced', async () => {
  const git = gitIn(dir)
  git(['init', '-q', '-b', 'main'])
  mkdirSync(join(dir, 'access'))
  const write = (file: string, text: string) => writeFileSync(join(dir, 'access', file), text)
  write('a.yaml', roster(['{id: EMP-1, first_name: Ada, last_name: L, groups: [Lab]}']))
  write('B.YAML', roster(['{id: EMP-9, first_name: Left, last_name: Late, groups: [Server Room]}']))
  write('.hidden.YML', roster(['{id: EMP-7, first_name: Not, last_name: Read, groups: [Roof]}']))
  git(['add', '.'])
  git(['commit', '-q', '-m', 'one'], T)
  const first = git(['rev-parse', 'HEAD'])
  write('B.YAML', roster(['{id: EMP-8, first_name: Other, last_name: One, groups: [Lab]}']))
  git(['commit', '-qam', 'two: EMP-9 leaves'], T + 1000)
  const second = git(['rev-parse', 'HEAD'])
  // The apply reads these two, so the history reads them too.
  expect(yamlFilesIn(join(dir, 'access'))).toEqual(['B.YAML', 'a.yaml'])
  const { history: h } = await readHistory(dir, 'access', () => false, historyGit)
  expect(h.grants.get(grantKey('EMP-9', 'Server Room'))).toEqual({ commit: first, at: T })
  expect(h.grants.has(grantKey('EMP-7', 'Roof'))).toBe(false)
  expect(h.leavers).toEqual([{ systemId: 'EMP-9', name: 'Left Late', change: 'removed', commit: second, at: T + 1000 }])
})

it('reads the newest 5,000 commits of a long history and says how many there are (24,000: more than the log of them all fits in)', async () => {
  const git = gitIn(dir)
  git(['init', '-q', '-b', 'main'])
  const START = 1_700_000_000
  const stream: string[] = []
  for (let i = 0; i < 24_000; i++) {
    const text = roster([`{id: EMP-1, first_name: Ada, last_name: L${i}, groups: [Lab]}`])
    stream.push('commit refs/heads/main', `committer t <t@example.com> ${START + i} +0000`, 'data 1', 'c')
    stream.push('M 100644 inline roster.yaml', `data ${Buffer.byteLength(text)}`, text, '')
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: stream.join('\n') })
  let n = 0
  const { history: h, notes } = await readHistory(dir, 'roster.yaml', () => ++n > 3, historyGit)
  expect(notes).toEqual([
    'The roster has 24,000 commits; the newest 5,000 were read, so an older grant is traced to the first of them.',
    "The roster's history was read up to commit 3 of 5000 only (the time budget); later grants are not traced."
  ])
  // Oldest first from the 19,001st: EMP-1's Lab is traced to the first commit read.
  expect(h.commits).toBe(3)
  expect(h.grants.get(grantKey('EMP-1', 'Lab'))?.at).toBe((START + 19_000) * 1000)
}, 60_000)

it('refuses only the commit with a file over the cap: the file is never read, and the others are read when a later commit needs them', async () => {
  const git = gitIn(dir)
  git(['init', '-q', '-b', 'main'])
  mkdirSync(join(dir, 'access'))
  const write = (file: string, text: string) => writeFileSync(join(dir, 'access', file), text)
  const ada = '{id: EMP-1, first_name: Ada, last_name: L, groups: [Lab]}'
  const mallory = '{id: EMP-666, first_name: Mal, last_name: Lory, groups: [Server Room]}'
  write('eng.yaml', roster([ada]))
  git(['add', '.'])
  git(['commit', '-q', '-m', 'zero'], T)
  // One: Mallory added beside a 40 MiB file; the apply refuses it all (a file over 16 MiB).
  write('eng.yaml', roster([ada, mallory]))
  write('huge.yaml', '#'.repeat(40 * 1024 * 1024))
  git(['add', '.'])
  git(['commit', '-q', '-m', 'one'], T + 1000)
  const one = git(['rev-parse', 'HEAD'])
  const huge = git(['rev-parse', 'HEAD:access/huge.yaml'])
  // Two: the big file deleted, eng.yaml as it was: the apply of this commit grants Mallory.
  git(['rm', '-q', 'access/huge.yaml'])
  git(['commit', '-q', '-m', 'two'], T + 2000)
  const two = git(['rev-parse', 'HEAD'])
  // Three: Bob added, and nothing else.
  write('eng.yaml', roster([ada, mallory, '{id: EMP-2, first_name: Bob, last_name: B, groups: [Lab]}']))
  git(['commit', '-qam', 'three'], T + 3000)
  const three = git(['rev-parse', 'HEAD'])
  const read: string[] = []
  const spy: HistoryGit = (args, cwd, max, input) => {
    if (args[0] === 'cat-file' && args[1] === '--batch') read.push(input ?? '')
    return historyGit(args, cwd, max, input)
  }
  const { history: h, notes } = await readHistory(dir, 'access', () => false, spy)
  expect(h.grants.get(grantKey('EMP-666', 'Server Room'))).toEqual({ commit: two, at: T + 2000 })
  expect(h.grants.get(grantKey('EMP-2', 'Lab'))).toEqual({ commit: three, at: T + 3000 })
  expect(h.unreadable).toEqual([one])
  expect(notes).toEqual([
    "1 commit of the roster's history had problems, so the apply refused it and it granted nothing."
  ])
  expect(read.join('')).not.toContain(huge)
})

it('refuses a commit whose files hold more than 64 MiB together, as the apply does', async () => {
  const git = gitIn(dir)
  git(['init', '-q', '-b', 'main'])
  mkdirSync(join(dir, 'access'))
  const write = (file: string, text: string) => writeFileSync(join(dir, 'access', file), text)
  write('eng.yaml', roster(['{id: EMP-1, first_name: Ada, last_name: L, groups: [Lab]}']))
  const padding = `version: 1\nmanages: EMP-*\npeople: []\n${'#'.repeat(13 * 1024 * 1024)}\n`
  for (const i of [1, 2, 3, 4, 5]) write(`pad${i}.yaml`, padding)
  git(['add', '.'])
  git(['commit', '-q', '-m', 'one: 65 MiB'], T)
  const one = git(['rev-parse', 'HEAD'])
  expect(readRosterFiles('access', dir).problems.map(p => p.message)).toEqual([
    expect.stringContaining('more than 64 MiB together')
  ])
  git(['rm', '-q', 'access/pad5.yaml'])
  git(['commit', '-q', '-m', 'two: 52 MiB'], T + 1000)
  const two = git(['rev-parse', 'HEAD'])
  expect(parseRoster(readRosterFiles('access', dir).files).problems).toEqual([])
  const { history: h } = await readHistory(dir, 'access', () => false, historyGit)
  expect(h.unreadable).toEqual([one])
  expect(h.grants.get(grantKey('EMP-1', 'Lab'))).toEqual({ commit: two, at: T + 1000 })
})

it('refuses a file version that is not UTF-8, as the apply does', async () => {
  const git = gitIn(dir)
  git(['init', '-q', '-b', 'main'])
  const latin1 = Buffer.concat([
    Buffer.from(roster(['{id: EMP-1, first_name: Ada, last_name: L, groups: [Lab]}'])),
    Buffer.from([0x23, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0a]) // "# café" in Latin-1
  ])
  writeFileSync(join(dir, 'roster.yaml'), latin1)
  git(['add', '.'])
  git(['commit', '-q', '-m', 'one: Latin-1'], T)
  const one = git(['rev-parse', 'HEAD'])
  expect(readRosterFiles('roster.yaml', dir).problems.map(p => p.message)).toEqual([
    expect.stringContaining('is not UTF-8 text')
  ])
  writeFileSync(join(dir, 'roster.yaml'), latin1.toString('latin1'))
  git(['commit', '-qam', 'two: UTF-8'], T + 1000)
  const two = git(['rev-parse', 'HEAD'])
  const { history: h } = await readHistory(dir, 'roster.yaml', () => false, historyGit)
  expect(h.unreadable).toEqual([one])
  expect(h.grants.get(grantKey('EMP-1', 'Lab'))).toEqual({ commit: two, at: T + 1000 })
})

it('reads the files one by one when a batch of them fails, and marks no file unreadable because git failed', async () => {
  const { first, second, third } = history('access')
  // Every read of more than one file fails: each is read alone.
  const oneByOne: HistoryGit = (args, cwd, max, input) =>
    args[1] === '--batch' && (input ?? '').trim().includes('\n')
      ? Promise.reject(new Error('stdout maxBuffer length exceeded'))
      : historyGit(args, cwd, max, input)
  const alone = await readHistory(dir, 'access', () => false, oneByOne)
  expect(alone.history.grants.get(grantKey('EMP-1', 'Lab'))).toEqual({ commit: first, at: T })
  expect(alone.history.unreadable).toEqual([third])
  // a.yaml's first version cannot be read while the first commit is: that commit is git's failure, not
  // the roster's, and the second commit, which has the same a.yaml, reads it.
  const a = gitIn(dir)(['rev-parse', `${first}:access/a.yaml`])
  let commit = 0
  const failing: HistoryGit = (args, cwd, max, input) =>
    args[1] === '--batch' && commit === 1 && (input ?? '').includes(a)
      ? Promise.reject(new Error('timed out'))
      : historyGit(args, cwd, max, input)
  const { history: h, notes } = await readHistory(dir, 'access', () => (commit++, false), failing)
  expect(h.grants.get(grantKey('EMP-1', 'Lab'))).toEqual({ commit: second, at: T + 1000 })
  expect(h.unreadable).toEqual([first, third])
  expect(notes).toEqual([
    "1 commit of the roster's history had problems, so the apply refused it and it granted nothing.",
    "1 commit of the roster's history could not be read from git; what it granted is traced to a later commit."
  ])
})

it('refuses a commit with a roster file that is a link, as the apply does, whatever the link holds', async () => {
  const git = gitIn(dir)
  git(['init', '-q', '-b', 'main'])
  mkdirSync(join(dir, 'access'))
  writeFileSync(join(dir, 'access', 'a.yaml'), roster(['{id: EMP-1, first_name: Ada, last_name: L, groups: [Lab]}']))
  // git stores a link as a blob of its target: here, a roster's text.
  symlinkSync(
    roster(['{id: EMP-666, first_name: Mal, last_name: Lory, groups: [Server Room]}']),
    join(dir, 'access', 'b.yaml')
  )
  git(['add', '.'])
  git(['commit', '-q', '-m', 'one'], T)
  const one = git(['rev-parse', 'HEAD'])
  expect(readRosterFiles('access', dir).problems).toHaveLength(1)
  const { history: h } = await readHistory(dir, 'access', () => false, historyGit)
  expect(h.unreadable).toEqual([one])
  expect(h.grants.size).toBe(0)
})

describe('names and entries the apply refuses, refused in the history too', () => {
  /** A first commit granting EMP-1 Lab, then `change` and a second commit: what the history makes of it. */
  async function second(change: (git: ReturnType<typeof gitIn>) => void, at = dir) {
    const git = gitIn(dir)
    git(['init', '-q', '-b', 'main'])
    mkdirSync(join(dir, 'access'))
    writeFileSync(join(dir, 'access', 'a.yaml'), roster(['{id: EMP-1, first_name: Ada, last_name: L, groups: [Lab]}']))
    git(['add', '.'])
    git(['commit', '-q', '-m', 'one'], T)
    change(git)
    git(['commit', '-q', '-m', 'two'], T + 1000)
    const two = git(['rev-parse', 'HEAD'])
    const apply = readRosterFiles('access', at)
    const { history: h } = await readHistory(dir, 'access', () => false, historyGit)
    return { two, apply, h }
  }
  const vault = [
    '{id: EMP-1, first_name: Ada, last_name: L, groups: [Lab]}',
    '{id: EMP-3, first_name: C, last_name: T, groups: [Vault]}'
  ]

  it('a directory named x.yaml: the apply refuses the roster, so the commit granted nothing', async () => {
    const { two, apply, h } = await second(git => {
      writeFileSync(join(dir, 'access', 'a.yaml'), roster(vault))
      mkdirSync(join(dir, 'access', 'sub.yaml'))
      writeFileSync(join(dir, 'access', 'sub.yaml', 'x'), 'x')
      git(['add', '.'])
    })
    expect(apply.problems.length).toBeGreaterThan(0)
    expect(h.unreadable).toEqual([two])
    expect(h.grants.get(grantKey('EMP-3', 'Vault'))).toBeUndefined()
  })

  it('a submodule (gitlink) named x.yaml: refused likewise', async () => {
    const { two, h } = await second(git => {
      writeFileSync(join(dir, 'access', 'a.yaml'), roster(vault))
      git(['add', '.'])
      git(['update-index', '--add', '--cacheinfo', `160000,${git(['rev-parse', 'HEAD'])},access/mod.yaml`])
    })
    expect(h.unreadable).toEqual([two])
    expect(h.grants.get(grantKey('EMP-3', 'Vault'))).toBeUndefined()
  })

  it('a file name that is not UTF-8: the apply refuses it, so the commit granted nothing', async () => {
    const { two, apply, h } = await second(() => {
      const name = Buffer.concat([Buffer.from(`${join(dir, 'access')}/b`), Buffer.from([0xff]), Buffer.from('.yaml')])
      writeFileSync(name, roster(['{id: EMP-2, first_name: B, last_name: Two, groups: [Vault]}']))
      execFileSync('git', ['add', '-A'], { cwd: dir })
    })
    expect(apply.problems.length).toBeGreaterThan(0)
    expect(h.unreadable).toEqual([two])
    expect(h.grants.get(grantKey('EMP-2', 'Vault'))).toBeUndefined()
  })

  it('a file name with a line feed is read, as the apply reads it: its grant and, once removed, its leaver', async () => {
    const { two, apply, h } = await second(git => {
      writeFileSync(
        join(dir, 'access', 'b\nc.yaml'),
        roster(['{id: EMP-2, first_name: B, last_name: Two, groups: [Lab]}'])
      )
      git(['add', '.'])
    })
    expect(apply.problems).toEqual([])
    expect(h.grants.get(grantKey('EMP-2', 'Lab'))).toEqual({ commit: two, at: T + 1000 })
    const git = gitIn(dir)
    git(['rm', '-q', 'access/b\nc.yaml'])
    git(['commit', '-q', '-m', 'three'], T + 2000)
    const { history: after } = await readHistory(dir, 'access', () => false, historyGit)
    expect(after.leavers.map(l => l.systemId)).toEqual(['EMP-2'])
  })
})
