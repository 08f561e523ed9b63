/**
 * Personal data where the run publishes it (roster/personal.ts): what the event payload says of
 * the repository, the decision personal-data makes from it, and the plan without personal data.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  HIDDEN,
  personalView,
  planWithoutPersonalData,
  problemsWithoutPersonalData,
  UNLISTED_PROBLEM,
  repositoryVisibility,
  withoutPersonalData
} from '../../src/roster/personal.js'
import { readRunner } from '../../src/runner.js'
import { hiddenDigestLine, rosterKey } from '../../src/roster/digest.js'
import { compareWithReviewed } from '../../src/roster/reviewed-plan.js'
import { rendered } from '../helpers/gfm.js'
import { describeChange, planText } from '../../src/roster/render.js'
import type { PlannedChange } from '../../src/roster/plan.js'
import { finished, type DraftPlan } from '../helpers/plan.js'

describe('repositoryVisibility', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'personal-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  const of = (payload: string | undefined) => {
    if (payload === undefined) return repositoryVisibility(readRunner(() => undefined))
    const path = join(dir, 'event.json')
    writeFileSync(path, payload)
    return repositoryVisibility(readRunner(name => (name === 'GITHUB_EVENT_PATH' ? path : undefined)))
  }

  it('reads repository.private and repository.visibility from the payload', () => {
    expect(of('{"repository":{"private":false}}')).toBe('public')
    expect(of('{"repository":{"visibility":"public"}}')).toBe('public')
    expect(of('{"repository":{"private":true,"visibility":"private"}}')).toBe('private')
    expect(of('{"repository":{"private":true,"visibility":"internal"}}')).toBe('private')
    // Either word for public is enough: the one that says public wins.
    expect(of('{"repository":{"private":true,"visibility":"public"}}')).toBe('public')
  })

  it('is silent without a payload or when it does not say, and unreadable when it is not JSON or not there', () => {
    expect(of(undefined)).toBe('silent')
    expect(of('{"number":7}')).toBe('silent')
    expect(of('null')).toBe('silent')
    expect(of('{"repository":{"private":"no"}}')).toBe('silent')
    expect(of('{not json')).toBe('unreadable')
    const missing = join(dir, 'missing.json')
    expect(repositoryVisibility(readRunner(name => (name === 'GITHUB_EVENT_PATH' ? missing : undefined)))).toBe(
      'unreadable'
    )
  })
})

describe('personalView', () => {
  it('auto hides on a public repository and when it cannot tell from a payload it has; show and hide say it outright', () => {
    expect(personalView('auto', 'public').shown).toBe(false)
    expect(personalView('auto', 'unreadable').shown).toBe(false)
    expect(personalView('auto', 'private').shown).toBe(true)
    expect(personalView('auto', 'silent').shown).toBe(true)
    expect(personalView('show', 'public').shown).toBe(true)
    expect(personalView('hide', 'private').shown).toBe(false)
    expect(personalView('auto', 'private').why).toBe(
      'Personal data: shown (the repository is private; personal-data: hide hides it).'
    )
    expect(personalView('auto', 'silent').why).toBe(
      'Personal data: shown (no event payload says the repository is public; personal-data: hide hides it).'
    )
    expect(personalView('auto', 'public').why).toMatch(
      /^Personal data: hidden, as the repository is public: .*personal-data: show shows it\.$/
    )
  })
})

const update: PlannedChange = {
  kind: 'update',
  systemId: 'EMP-1',
  name: 'Ada Lovelace',
  personId: 101,
  fields: [
    { field: 'email', from: 'ada@old.example', to: 'ada@example.com' },
    { field: 'telephone', from: null, to: '+44 20 7946 0000' },
    { field: 'notes', from: 'night porter', to: null },
    { field: 'valid_to', from: null, to: '2027-03-31T23:59:59Z' }
  ]
}
const create: PlannedChange = {
  kind: 'create',
  systemId: 'EMP-4',
  name: 'Alan Turing',
  fields: {
    first_name: 'Alan',
    last_name: 'Turing',
    email: 'alan@example.com',
    job_title: 'Codebreaker',
    enabled: true
  },
  groups: [{ id: 4, name: 'Visitors' }],
  roles: []
}
const remove: PlannedChange = {
  kind: 'remove',
  systemId: 'EMP-3',
  name: 'Edsger Dijkstra',
  personId: 103,
  mode: 'disable',
  groups: [{ id: 2, name: 'Night Shift' }]
}

describe('withoutPersonalData', () => {
  it('names the person by id, hides every personal value, and keeps access: groups, enabled, dates, what was cleared', () => {
    expect(describeChange(withoutPersonalData(update))).toBe(
      `EMP-1 email ${HIDDEN} → ${HIDDEN}; telephone ${HIDDEN}; notes cleared; valid to 2027-03-31`
    )
    expect(describeChange(withoutPersonalData(create))).toBe(
      `EMP-4 is created: groups Visitors; email ${HIDDEN}; job title ${HIDDEN}`
    )
    expect(describeChange(withoutPersonalData(remove))).toBe('EMP-3 is disabled (not in the roster; had Night Shift)')
  })

  it('leaves the change it was given as it was', () => {
    withoutPersonalData(update)
    expect(update.name).toBe('Ada Lovelace')
    expect(describeChange(update)).toContain('ada@example.com')
  })
})

describe('planWithoutPersonalData', () => {
  const draft: DraftPlan = {
    version: 1,
    manages: 'EMP-*',
    prune: 'disable',
    changes: [remove, update, create],
    unchanged: 0,
    managedCount: 2,
    lockOuts: [{ systemId: 'EMP-3', name: 'Edsger Dijkstra', personId: 103, how: 'removed' }],
    unmanaged: { count: 1, first: [{ personId: 105, name: 'Ken Thompson', systemId: 'CON-1' }] }
  }

  it('words the guard’s refusal again by id, and names the unmanaged by DoorFlow id', () => {
    const judged = finished(draft, 0)
    expect(judged.guard.refused).toBe(true)
    expect(judged.guard.reason).toContain('Edsger Dijkstra')
    const shown = planWithoutPersonalData(judged)
    const text = planText(shown).join('\n')
    expect(text).not.toMatch(/Ada|Lovelace|Alan|Turing|Edsger|Dijkstra|Ken|Thompson|example\.com|\+44/)
    expect(shown.guard?.reason).toContain('EMP-3 (removed)')
    expect(text).toContain('DoorFlow person 105: (name hidden), system_id CON-1')
    // The plan itself is untouched: the apply writes it, and its digest is of it.
    expect(judged.guard.reason).toContain('Edsger Dijkstra')
    expect(judged.changes[1]).toBe(update)
  })
})

describe('problemsWithoutPersonalData', () => {
  it('hides every email and each name the run read, as quoted raw or through the gate, and keeps the rest', () => {
    const problems = [
      {
        message:
          'EMP-4: email ada@example.com already belongs to DoorFlow person 101 (Ada Lovelace, system_id EMP-1); DoorFlow keeps emails unique.',
        at: { file: 'roster.yaml', line: 17, col: 12 }
      },
      { message: "Duplicate email 'ADA@Example.com': already used by 'EMP-1' at roster.yaml:4." },
      {
        message: 'EMP-9: DoorFlow already has Ada\u200b Lovelace without a system_id or an email (DoorFlow person 7).'
      },
      { message: "Unknown group 'Vistors': DoorFlow has no group of that name; did you mean 'Visitors'?" }
    ]
    const shown = problemsWithoutPersonalData(problems, ['Ada Lovelace', 'Ada\u200b Lovelace', ' ', 'Grace Hopper'])
    expect(shown.map(p => p.message)).toEqual([
      'EMP-4: email (hidden) already belongs to DoorFlow person 101 ((name hidden), system_id EMP-1); DoorFlow keeps emails unique.',
      "Duplicate email '(hidden)': already used by 'EMP-1' at roster.yaml:4.",
      'EMP-9: DoorFlow already has (name hidden) without a system_id or an email (DoorFlow person 7).',
      "Unknown group 'Vistors': DoorFlow has no group of that name; did you mean 'Visitors'?"
    ])
    expect(shown[0].at).toEqual(problems[0].at)
  })

  it('searches only the problems that are listed; each later one keeps its place, without a word of its own', () => {
    const problems = Array.from({ length: 5 }, (_, i) => ({
      message: `EMP-${i}: DoorFlow already has Ada Lovelace (ada@example.com).`,
      at: { file: 'roster.yaml', line: 10 + i, col: 5 }
    }))
    const shown = problemsWithoutPersonalData(problems, ['Ada Lovelace'], 2)
    expect(shown.map(p => p.message)).toEqual([
      'EMP-0: DoorFlow already has (name hidden) ((hidden)).',
      'EMP-1: DoorFlow already has (name hidden) ((hidden)).',
      UNLISTED_PROBLEM,
      UNLISTED_PROBLEM,
      UNLISTED_PROBLEM
    ])
    expect(shown.map(p => p.at?.line)).toEqual([10, 11, 12, 13, 14])
    expect(UNLISTED_PROBLEM).not.toMatch(/Ada|@/)
  })
})

describe('the apply’s review check', () => {
  it('lists the unreviewed changes as published, while comparing the plan itself', () => {
    const reviewed = finished({
      version: 1,
      manages: 'EMP-*',
      prune: 'disable',
      changes: [remove],
      unchanged: 0,
      managedCount: 2
    })
    const applied = finished({ ...reviewed, changes: [remove, create] })
    const head = 'a'.repeat(40)
    const roster = rosterKey('roster.yaml')
    const found = [{ pr: 7, body: hiddenDigestLine(reviewed, { roster, head }), headSha: head }]
    const check = compareWithReviewed(applied, roster, found, '', [], withoutPersonalData)
    expect(check.same).toBe(false)
    expect(check.unreviewed).toEqual([create])
    expect(rendered(check.summary.join('\n'))).toContain(
      `EMP-4 is created: groups Visitors; email ${HIDDEN}; job title ${HIDDEN}`
    )
    expect(check.summary.join('\n')).not.toMatch(/Alan|Turing|example\.com/)
  })
})
