import type { DoorFlowPerson } from '../../src/doorflow/people.js'
import {
  accessReview,
  DAY_MS,
  grantKey,
  leaverRecordKey,
  REVIEW_DEFAULTS,
  type ReviewInput
} from '../../src/review/review.js'
import { reviewMarkdown, SUMMARY_MAX_BYTES } from '../../src/review/markdown.js'
import { accessCsv, csvCell, leaversCsv, reviewJson } from '../../src/review/files.js'
import { gfm, rendered } from '../helpers/gfm.js'
import { untrusted } from '../../src/untrusted.js'

const NOW = Date.parse('2026-12-07T06:00:00Z')
const OPTIONS = { asOf: NOW, ...REVIEW_DEFAULTS }
const HOSTILE =
  '=HYPERLINK("http://evil.example")\n::error::owned ![x](http://evil.example/i.png) [y](http://evil.example) <img src=x> @admin #1'

const person = (id: number, fields: Partial<DoorFlowPerson> = {}): DoorFlowPerson => ({
  id,
  first_name: `First${id}`,
  last_name: `Last${id}`,
  enabled: true,
  system_id: `EMP-${id}`,
  groups: [1],
  roles: [],
  ...fields
})

function reviewOf(fields: Partial<ReviewInput>) {
  return accessReview(
    {
      people: [],
      groups: [{ id: 1, name: 'Engineering' }],
      roster: { managed: id => id.startsWith('EMP-'), grants: new Map([['EMP-1', new Set(['Engineering'])]]) },
      usage: { lastUsed: new Map(), coveredFrom: NOW - 90 * DAY_MS, complete: true, events: 0, pages: 1 },
      grants: new Map(),
      pulls: new Map(),
      leavers: [],
      records: new Map(),
      historyNotes: [],
      ...fields
    },
    OPTIONS
  )
}

describe('reviewMarkdown', () => {
  it('shows counts first and the grant with its pull request and approvers; hostile text stays text', () => {
    const review = reviewOf({
      people: [person(1, { first_name: HOSTILE })],
      groups: [{ id: 1, name: `Engineering ${HOSTILE}` }],
      roster: {
        managed: id => id.startsWith('EMP-'),
        grants: new Map([['EMP-1', new Set([`Engineering ${HOSTILE}`])]])
      },
      grants: new Map([[grantKey('EMP-1', `Engineering ${HOSTILE}`), { commit: 'a'.repeat(40), at: NOW }]]),
      pulls: new Map([
        ['a'.repeat(40), { number: 12, mergedAt: NOW - DAY_MS, approvers: ['[ok](http://evil.example)'] }]
      ]),
      leavers: [{ systemId: HOSTILE, name: HOSTILE, change: 'removed', commit: 'b'.repeat(40), at: NOW - DAY_MS }]
    })
    const md = reviewMarkdown(review, { pullUrl: n => `https://github.com/o/r/pull/${n}` })
    expect(md.indexOf('| Flag | Grants |')).toBeLessThan(md.indexOf('### Groups'))
    const html = gfm(md)
    // The only link is the pull request's, made here; no image, no HTML from a value.
    expect([...html.matchAll(/<a href="([^"]*)"/g)].map(m => m[1])).toEqual(['https://github.com/o/r/pull/12'])
    expect(html).not.toMatch(/<img|evil\.example"/)
    expect(md.split('\n').some(line => /^\s*::/.test(line))).toBe(false)
    const text = rendered(md)
    expect(text).toContain('approved by [ok](http://evil.example)')
    expect(text).toContain('merged 2026-12-06')
    expect(text).toContain('no apply record found')
  })

  it("shows a leaver's delay in minutes under an hour, in hours from one", () => {
    const DAY = DAY_MS
    const leaver = (id: string) => ({
      systemId: id,
      name: id,
      change: 'removed' as const,
      commit: id.repeat(40).slice(0, 40),
      at: NOW - DAY
    })
    const review = reviewOf({
      leavers: [leaver('a'), leaver('b')],
      records: new Map([
        [
          leaverRecordKey('a'.repeat(40), 'a'),
          { merged: NOW - DAY, applied: NOW - DAY + 100_000, synced: NOW - DAY + 160_000 }
        ],
        [
          leaverRecordKey('b'.repeat(40), 'b'),
          { merged: NOW - DAY, applied: NOW - DAY + 30 * 3_600_000, synced: NOW - DAY + 30 * 3_600_000 }
        ]
      ])
    })
    const text = reviewMarkdown(review)
    expect(text).toContain('| 2 min 40 s |')
    expect(text).toContain('| 30.0 h | ⚠️ delay over 24 h |')
  })

  it('stays under the summary limit at 10,000 people and 50 groups, every group folded with its counts', () => {
    const groups = Array.from({ length: 50 }, (_, i) => ({ id: i + 1, name: `Group ${i + 1}` }))
    const people = Array.from({ length: 10_000 }, (_, i) =>
      person(i + 1, { groups: [1 + (i % 50), 1 + ((i * 7) % 50)], last_name: 'Ö'.repeat(20) })
    )
    const review = reviewOf({ people, groups })
    const md = reviewMarkdown(review)
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES)
    expect(md.match(/<details><summary>/g)).toHaveLength(50)
    expect(md.match(/<\/details>/g)).toHaveLength(50)
    expect(md).toContain('more, in the files.')
    expect(md.indexOf('50 groups, 10,000 people')).toBeGreaterThan(0)
    // A tight budget still shows every group's line.
    const small = reviewMarkdown(review, { maxBytes: 20_000 })
    expect(small.match(/<details><summary>/g)).toHaveLength(50)
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(20_000)
  })

  it('stays under the summary limit at any number of groups, the groups past the room counted on one line', () => {
    // 1,000 names of 120 punctuation marks (12 bytes each once inert) and 7,500 plain names: each went past 1 MiB.
    const cases = [
      Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, name: `${i}${'@'.repeat(119)}` })),
      Array.from({ length: 7500 }, (_, i) => ({ id: i + 1, name: `Building 4 floor ${i} east wing` }))
    ]
    for (const groups of cases) {
      const md = reviewMarkdown(reviewOf({ people: [], groups, roster: undefined }))
      expect(Buffer.byteLength(md)).toBeLessThan(SUMMARY_MAX_BYTES)
      const shown = md.match(/<details><summary>/g)!.length
      expect(md.match(/<\/details>/g)).toHaveLength(shown)
      expect(shown).toBeGreaterThan(100)
      expect(md).toContain(
        `\n…and ${(groups.length - shown).toLocaleString('en-US')} more groups: in the files (access-review.csv/json).\n`
      )
    }
  })

  it('stays under the summary limit with hostile names, ids, notes and leavers everywhere', () => {
    const hostile = (i: number) => `${i}${'<@#:.>'.repeat(40)}`
    const groups = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, name: hostile(i) }))
    const people = Array.from({ length: 3000 }, (_, i) =>
      person(i + 1, {
        first_name: hostile(i),
        last_name: hostile(i),
        system_id: `EMP-${hostile(i)}`,
        groups: [1 + (i % 300)]
      })
    )
    const leavers = Array.from({ length: 2000 }, (_, i) => ({
      systemId: hostile(i),
      name: hostile(i),
      change: 'removed' as const,
      commit: 'b'.repeat(40),
      at: NOW - DAY_MS
    }))
    const historyNotes = Array.from({ length: 2000 }, (_, i) => hostile(i).repeat(5))
    const md = reviewMarkdown(reviewOf({ people, groups, leavers, historyNotes }))
    expect(Buffer.byteLength(md)).toBeLessThan(SUMMARY_MAX_BYTES)
    expect(md).toMatch(/\n> …and [\d,]+ more notes: in the JSON file\.\n/)
    expect(md).toMatch(/\n…and [\d,]+ more leavers: not shown here for room\.\n/)
    expect(md).toContain('### Groups')
  })

  it('says plainly when the events read stopped early', () => {
    const review = reviewOf({
      people: [person(1)],
      usage: {
        lastUsed: new Map(),
        coveredFrom: NOW - 2 * DAY_MS,
        complete: false,
        stoppedWhy: 'the budget ran out',
        events: 5000,
        pages: 5
      }
    })
    const text = rendered(reviewMarkdown(review))
    expect(text).toContain('Usage not fully read.')
    expect(text).toContain('read back to 2026-12-05 06:00 UTC only')
    expect(text).toContain('nobody is called unused')
    expect(text).not.toMatch(/\| not used \(in 90 days\) \| [1-9]/)
  })
})

describe('CSV and JSON files', () => {
  it('makes a formula-looking cell inert, and quotes every cell', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${lead}1+1`)).toBe(`"'${lead}1+1"`)
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"')
    expect(csvCell(42)).toBe('"42"')
    // A mark that shows nothing in front does not hide the formula, gated or not.
    expect(csvCell(untrusted('\u061c=HYPERLINK("http://x")'))).toBe('"\'=HYPERLINK(""http://x"")"')
    for (const lead of ['\u061c', '\u200b', '\u00ad', '\u{e0041}'])
      expect(csvCell(`${lead}=1+1`)).toBe(`"'${lead}=1+1"`)
  })

  it('writes one row per grant and leaver, every outside text gated to one line', () => {
    const review = reviewOf({
      people: [person(1, { first_name: HOSTILE }), person(2, { system_id: '-2+3' })],
      leavers: [
        { systemId: 'EMP-9', name: '@SUM(A1)', change: 'disabled', commit: 'c'.repeat(40), at: NOW - DAY_MS },
        { systemId: '\u061c=cmd|x', name: '\u{e0041}+1', change: 'removed', commit: 'c'.repeat(40), at: NOW - DAY_MS }
      ]
    })
    const csv = [...accessCsv(review)].join('')
    const lines = csv.split('\r\n').filter(Boolean)
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^"group_id","group","doorflow_id","name"/)
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"") ::error::owned`)
    expect(csv).toContain(`"'-2+3"`)
    const leavers = leaversCsv(review)
    expect(leavers).toContain(`"'@SUM(A1)"`)
    // An Arabic letter mark or a tag character in front is removed, and the formula made inert.
    expect(leavers).toContain(`"'=cmd|x","'+1"`)
    const json = JSON.parse([...reviewJson(review)].join('')) as {
      groups: { members: { name: string; flags: string }[] }[]
      leavers: { name: string }[]
    }
    expect(json.groups[0].members).toHaveLength(2)
    expect(json.groups[0].members.map(m => m.name).join(' ')).not.toMatch(/\n/)
    expect(json.leavers.map(l => l.name)).toContain('@SUM(A1)')
  })
})
