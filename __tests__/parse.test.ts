import { dateInstant, parseRoster } from '../src/roster/parse.js'

const parse = (text: string, file = 'access/roster.yaml') => parseRoster([{ file, text }])
const found = (text: string) => parse(text).problems.map(p => `${p.at ? `${p.at.line}:${p.at.col} ` : ''}${p.message}`)

const GOOD = `version: 1
manages: "EMP-*"
people:
  - id: EMP-1042
    first_name: Ada
    last_name: Lovelace
    email: ada@example.com
    groups: [Engineering, Night Shift]
    roles: [Office Staff]
    valid_from: 2026-12-01
    valid_to: 2027-03-31
    telephone: 0123
    notes: null
  - id: EMP-7
    first_name: Grace
    last_name: Hopper
    groups: []
    enabled: false
`

describe('parseRoster', () => {
  it('reads the documented format into DoorFlow terms', () => {
    const { roster, problems } = parse(GOOD)
    expect(problems).toEqual([])
    expect(roster.manages).toEqual(['EMP-*'])
    expect(roster.people.map(p => [p.id, p.fields, p.groups, p.roles])).toEqual([
      [
        'EMP-1042',
        {
          first_name: 'Ada',
          last_name: 'Lovelace',
          email: 'ada@example.com',
          enabled: true,
          valid_from: '2026-12-01T00:00:00Z',
          valid_to: '2027-03-31T23:59:59Z',
          telephone: '0123',
          notes: null
        },
        ['Engineering', 'Night Shift'],
        ['Office Staff']
      ],
      ['EMP-7', { first_name: 'Grace', last_name: 'Hopper', enabled: false }, [], undefined]
    ])
    expect(roster.people[0].groupsAt.map(p => [p.line, p.col])).toEqual([
      [8, 14],
      [8, 27]
    ])
    const { file, line, col } = roster.people[0].at
    expect({ file, line, col }).toEqual({ file: 'access/roster.yaml', line: 4, col: 5 })
  })

  it('merges files: people and manages patterns from each', () => {
    const { roster, problems } = parseRoster([
      {
        file: 'r/a.yaml',
        text: 'version: 1\nmanages: EMP-*\npeople:\n  - {id: EMP-1, first_name: A, last_name: B, groups: []}\n'
      },
      {
        file: 'r/b.yaml',
        text: 'version: 1\nmanages: [CON-*]\npeople:\n  - {id: CON-1, first_name: C, last_name: D, groups: []}\n'
      }
    ])
    expect(problems).toEqual([])
    expect(roster.manages).toEqual(['EMP-*', 'CON-*'])
    expect(roster.people.map(p => p.id)).toEqual(['EMP-1', 'CON-1'])
  })

  it('reports a YAML syntax error on its line', () => {
    expect(found('version: 1\npeople:\n  - id: EMP-1\n    first_name: Ada: Lovelace\n    groups: []\n')).toEqual([
      expect.stringMatching(/^4:\d+ YAML syntax: /)
    ])
  })

  it('reports an unknown key with a suggestion, at the key', () => {
    const text = 'version: 1\npeople:\n  - id: EMP-1\n    first_name: A\n    last_name: B\n    gropus: [X]\n'
    expect(found(text)).toEqual([
      "6:5 Unknown key 'gropus' in person 'EMP-1'; did you mean 'groups'?",
      "3:5 Missing groups in person 'EMP-1': list the complete set of DoorFlow groups, or [] for none."
    ])
    expect(found('version: 1\npeple: []\n')).toEqual(["2:1 Unknown key 'peple' in the roster; did you mean 'people'?"])
  })

  it('reports every missing required key, all at once', () => {
    expect(found('version: 1\npeople:\n  - email: a@b.co\n')).toEqual([
      '3:5 Missing id in the person at line 3.',
      '3:5 Missing first_name in the person at line 3.',
      '3:5 Missing last_name in the person at line 3.',
      '3:5 Missing groups in the person at line 3: list the complete set of DoorFlow groups, or [] for none.'
    ])
  })

  it('reports duplicate ids and emails (case-insensitive) at the second one', () => {
    const text = `version: 1
people:
  - {id: EMP-1, first_name: A, last_name: B, email: a@example.com, groups: []}
  - {id: EMP-2, first_name: A, last_name: B, email: A@Example.com, groups: []}
  - {id: EMP-1, first_name: A, last_name: B, groups: []}
`
    expect(found(text)).toEqual([
      "4:53 Duplicate email 'A@Example.com': already used by 'EMP-1' at access/roster.yaml:3; DoorFlow keeps emails unique.",
      "5:5 Duplicate id 'EMP-1': already used at access/roster.yaml:3."
    ])
  })

  it('reports invalid dates, a date-time without zone, and valid_to before valid_from', () => {
    const text = `version: 1
people:
  - id: EMP-1
    first_name: A
    last_name: B
    groups: []
    valid_from: 2026-02-30
  - id: EMP-2
    first_name: A
    last_name: B
    groups: []
    valid_from: 2027-01-01
    valid_to: 2026-12-31
  - id: EMP-3
    first_name: A
    last_name: B
    groups: []
    valid_to: 2026-12-31T10:00
`
    expect(found(text)).toEqual([
      "7:17 valid_from in person 'EMP-1': '2026-02-30' is not a calendar date.",
      "13:15 valid_to in person 'EMP-2' (2026-12-31T23:59:59Z) is before valid_from (2027-01-01T00:00:00Z).",
      "18:15 valid_to in person 'EMP-3': '2026-12-31T10:00' has no time zone: add Z (UTC) or an offset such as +01:00."
    ])
  })

  it('reports an id outside manages at the id', () => {
    const text = 'version: 1\nmanages: EMP-*\npeople:\n  - {id: CON-1, first_name: A, last_name: B, groups: []}\n'
    expect(found(text)).toEqual([
      "4:10 id 'CON-1' is outside manages ('EMP-*'): this roster may only list people it manages. Change the id or widen manages."
    ])
  })

  it('reports wrong types: version, enabled, groups, a boolean where text belongs', () => {
    const text = `version: 2
people:
  - id: EMP-1
    first_name: A
    last_name: B
    groups: Engineering
    enabled: yes
    notes: true
`
    expect(found(text)).toEqual([
      '1:10 version must be 1 (the only roster format so far).',
      "6:13 groups in person 'EMP-1' must be a list of DoorFlow group names, e.g. [Engineering]; [] for none.",
      "7:14 enabled in person 'EMP-1' must be true or false.",
      "8:12 notes in person 'EMP-1' must be text (quote it), or null to clear it."
    ])
  })

  it('flattens and caps roster text quoted in messages', () => {
    const id = `EMP-1\\n::error::x${'y'.repeat(200)}`
    const [message] = found(`version: 1\npeople:\n  - {id: "${id}", first_name: A, last_name: B, groups: []}\n`)
    expect(message).toBe(
      `3:10 id 'EMP-1 ::error::x${'y'.repeat(64)}… (216 characters)' must be one line without control characters.`
    )
  })

  it('roster text cannot form a runner command anywhere in a message', () => {
    const [message] = found(
      `version: 1\npeople:\n  - {id: "A\\n##[stop-commands]x", first_name: A, last_name: B, groups: []}\n`
    )
    expect(message).toMatch(/^3:10 id 'A /)
    expect(message).not.toContain('##[')
  })
})

describe('dateInstant', () => {
  it('maps a bare date to the start (valid_from) or last second (valid_to) of the day in UTC', () => {
    expect(dateInstant('2026-12-01', 'start')).toBe('2026-12-01T00:00:00Z')
    expect(dateInstant('2026-12-01', 'end')).toBe('2026-12-01T23:59:59Z')
  })
  it('converts a date-time with an offset to UTC', () => {
    expect(dateInstant('2026-12-01T08:30:00+01:00', 'start')).toBe('2026-12-01T07:30:00Z')
    expect(dateInstant('2026-12-01 08:30Z', 'start')).toBe('2026-12-01T08:30:00Z')
    expect(dateInstant('tomorrow', 'start')).toEqual({ error: expect.stringContaining('is not a date') })
  })
})
