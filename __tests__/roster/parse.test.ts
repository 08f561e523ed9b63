import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { characterName, FORBIDDEN_IN_VALUE } from '../../src/roster/characters.js'
import { untrusted } from '../../src/untrusted.js'
import { dateInstant, EMAIL_ADDRESS, MAX_STARRED_PATTERNS, parseRoster } from '../../src/roster/parse.js'
import {
  MAX_FILE_BYTES,
  MAX_FILES,
  MAX_TOTAL_BYTES,
  readRosterFiles,
  yamlFilesIn
} from '../../src/roster/roster-files.js'
import { globMatch, managesMatcher } from '../../src/roster/roster.js'

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

/** Rosters with problems, each with every problem parseRoster reports for it (line:column message). */
const REPORTED: { name: string; text: string; problems: string[] }[] = [
  {
    name: 'reports duplicate ids and emails (case-insensitive) at the second one',
    text: `version: 1
people:
  - {id: EMP-1, first_name: A, last_name: B, email: a@example.com, groups: []}
  - {id: EMP-2, first_name: A, last_name: B, email: A@Example.com, groups: []}
  - {id: EMP-1, first_name: A, last_name: B, groups: []}
`,
    problems: [
      "4:53 Duplicate email 'A@Example.com': already used by 'EMP-1' at access/roster.yaml:3; DoorFlow keeps emails unique.",
      "5:5 Duplicate id 'EMP-1': already used at access/roster.yaml:3."
    ]
  },
  {
    // U+212A KELVIN SIGN lowers to "k" under toLowerCase(); under the roster's ASCII fold it stays itself.
    name: 'folds ASCII case only when it looks for duplicate emails: KELVIN SIGN is not k',
    text: `version: 1
people:
  - {id: EMP-1, first_name: A, last_name: B, email: kim@example.com, groups: []}
  - {id: EMP-2, first_name: A, last_name: B, email: \u212Aim@example.com, groups: []}
  - {id: EMP-3, first_name: A, last_name: B, email: KIM@example.com, groups: []}
`,
    problems: [
      "5:53 Duplicate email 'KIM@example.com': already used by 'EMP-1' at access/roster.yaml:3; DoorFlow keeps emails unique."
    ]
  },
  {
    name: 'reports invalid dates, a date-time without zone, and valid_to before valid_from',
    text: `version: 1
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
`,
    problems: [
      "7:17 valid_from in person 'EMP-1': '2026-02-30' is not a calendar date.",
      "13:15 valid_to in person 'EMP-2' (2026-12-31T23:59:59Z) is before valid_from (2027-01-01T00:00:00Z).",
      "18:15 valid_to in person 'EMP-3': '2026-12-31T10:00' has no time zone: add Z (UTC) or an offset such as +01:00."
    ]
  },
  {
    name: 'reports an id outside manages at the id',
    text: 'version: 1\nmanages: EMP-*\npeople:\n  - {id: CON-1, first_name: A, last_name: B, groups: []}\n',
    problems: [
      "4:10 id 'CON-1' is outside manages ('EMP-*'): this roster may only list people it manages. Change the id or widen manages."
    ]
  },
  {
    name: 'reports wrong types: version, enabled, groups, a boolean where text belongs',
    text: `version: 2
people:
  - id: EMP-1
    first_name: A
    last_name: B
    groups: Engineering
    enabled: yes
    notes: true
`,
    problems: [
      '1:10 version must be 1 (the only roster format so far).',
      "6:13 groups in person 'EMP-1' must be a list of DoorFlow group names, e.g. [Engineering]; [] for none.",
      "7:14 enabled in person 'EMP-1' must be true or false.",
      "8:12 notes in person 'EMP-1' must be text (quote it), or null to clear it."
    ]
  }
]

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

  it.each(REPORTED)('$name', ({ text, problems }) => {
    expect(found(text)).toEqual(problems)
  })

  it.each(REPORTED)(
    '$name: the same lines and columns in a file too large for its whole yaml Document',
    ({ text, problems }) => {
      // documentMaxBytes 0: positions come from js-yaml's spans and the Document of each person alone.
      const large = parseRoster([{ file: 'access/roster.yaml', text }], 0).problems
      expect(large.map(p => `${p.at ? `${p.at.line}:${p.at.col} ` : ''}${p.message}`)).toEqual(problems)
    }
  )

  it('reads doorflow_id as a whole number; refuses anything else, and the same id twice', () => {
    const entry = (id: string, value: string) =>
      `  - id: ${id}\n    doorflow_id: ${value}\n    first_name: A\n    last_name: B\n    groups: []\n`
    const ok = parse(`version: 1\npeople:\n${entry('DF-1', '123')}${entry('DF-2', '"124"')}`)
    expect(ok.problems).toEqual([])
    expect(ok.roster.people.map(p => [p.id, p.doorflowId])).toEqual([
      ['DF-1', 123],
      ['DF-2', 124]
    ])
    const bad = found(
      `version: 1\npeople:\n${entry('DF-1', '0')}${entry('DF-2', '12.5')}${entry('DF-3', '[1]')}${entry('DF-4', '7')}${entry('DF-5', '7')}`
    )
    expect(bad).toEqual([
      "4:18 doorflow_id in person 'DF-1' must be DoorFlow's id of the person to adopt, a whole number such as 123 (the id in the DoorFlow person's address).",
      "9:18 doorflow_id in person 'DF-2' must be DoorFlow's id of the person to adopt, a whole number such as 123 (the id in the DoorFlow person's address).",
      "14:18 doorflow_id in person 'DF-3' must be DoorFlow's id of the person to adopt, a whole number such as 123 (the id in the DoorFlow person's address).",
      "24:18 Duplicate doorflow_id 7: already used by 'DF-4' at access/roster.yaml:18; one DoorFlow person is adopted by one entry."
    ])
  })

  it('flattens and caps roster text quoted in messages', () => {
    const id = `EMP-1\\n::error::x${'y'.repeat(200)}`
    const [message] = found(`version: 1\npeople:\n  - {id: "${id}", first_name: A, last_name: B, groups: []}\n`)
    expect(message).toBe(
      `3:10 id 'EMP-1 ::error::x${'y'.repeat(64)}… (216 characters)' holds U+000A (line feed): control, bidi and invisible characters are refused, so that the plan shows exactly what is written to DoorFlow.`
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

const PERSON = `version: 1
people:
  - id: EMP-1
    first_name: Ada
    last_name: Lovelace
    groups: []
`

describe('the file means what it says', () => {
  it('refuses a NUL, a lone CR and every other control character, each on its line and column', () => {
    expect(found(PERSON.replace('Ada', 'A\0da'))).toEqual([
      expect.stringMatching(/^4:18 U\+0000 \(NUL\) at column 18: a roster file holds no control/)
    ])
    expect(found(PERSON.replace('Lovelace', 'Love\rlace'))).toEqual([
      expect.stringMatching(/^5:20 U\+000D \(carriage return\)/)
    ])
    expect(found(PERSON.replace('Ada', 'A\u001bda'))).toEqual([expect.stringMatching(/^4:18 U\+001B \(escape\)/)])
    expect(found(PERSON.replace('Ada', 'A\u0085da'))).toEqual([
      expect.stringMatching(/^4:18 U\+0085 \(control character\)/)
    ])
  })

  it('allows tab, LF, CRLF line ends and a byte-order mark at the start', () => {
    expect(found(PERSON.replace(/\n/g, '\r\n'))).toEqual([])
    expect(found(`\ufeff${PERSON}`)).toEqual([])
    expect(found(PERSON.replace('groups: []', 'groups: []\t# none'))).toEqual([])
  })

  it('refuses bidi, zero-width and separator characters anywhere in the file, even in a comment', () => {
    for (const c of ['\u202e', '\u2066', '\u200e', '\u061c', '\u200b', '\u200d', '\u2060', '\ufeff', '\u2028']) {
      const [message] = found(PERSON.replace('Ada', `A${c}da`))
      expect(message).toMatch(new RegExp(`^4:18 ${characterName(c).replace(/[()+]/g, '\\$&')}`))
    }
    expect(found(`${PERSON}# note \u202e\n`)).toEqual([expect.stringMatching(/^7:8 U\+202E \(bidi control\)/)])
  })

  it('refuses every character the gate drops as invisible, so the plan never shows less than is written', () => {
    // Any character untrusted() removes outright (a name would read 'ab' for 'a?b').
    const dropped: string[] = []
    for (let code = 0x80; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue
      const c = String.fromCodePoint(code)
      if (untrusted(`a${c}b`) === 'ab') dropped.push(c)
    }
    expect(dropped.length).toBeGreaterThan(150)
    for (const c of dropped) expect([characterName(c), FORBIDDEN_IN_VALUE.test(c)]).toEqual([characterName(c), true])
    // In the file too, with its line and column: a soft hyphen and a tag character in a name.
    expect(found(PERSON.replace('Ada', 'A\u00adda'))[0]).toMatch(/^4:18 U\+00AD \(invisible character\)/)
    expect(found(PERSON.replace('Ada', 'Ada\u{e0041}'))[0]).toMatch(/^4:20 U\+E0041 \(invisible character\)/)
  })

  it('lists the first 20 refused characters of a file and counts the rest', () => {
    const problems = parse(PERSON.replace('Ada', `A${'\0'.repeat(1000)}da`)).problems
    expect(problems).toHaveLength(21)
    expect(problems[20].message).toBe(
      "'access/roster.yaml' holds 1000 such characters in all; the first 20 are listed."
    )
  })

  it('refuses the same characters written as escapes, naming the field and its line', () => {
    const check = (field: string, value: string) =>
      found(PERSON.replace('groups: []', `groups: []\n    ${field}: "${value}"`))
    expect(check('telephone', '01\\u200b23')).toEqual([
      "7:16 telephone in person 'EMP-1' holds U+200B (zero-width space): control, bidi and invisible characters are refused, so that the plan shows exactly what is written to DoorFlow."
    ])
    expect(check('email', 'ada@exa\\u200dmple.com')[0]).toMatch(/^7:12 email in person 'EMP-1' holds U\+200D/)
    expect(check('notes', 'line\\nline')[0]).toMatch(/^7:12 notes in person 'EMP-1' holds U\+000A \(line feed\)/)
    expect(found(PERSON.replace('EMP-1', '"EMP\\u2028-1"'))[0]).toMatch(/^3:9 id 'EMP -1' holds U\+2028/)
    expect(found(PERSON.replace('Ada', '"A\\0da"'))[0]).toMatch(/^4:17 first_name in person 'EMP-1' holds U\+0000/)
    expect(found(PERSON.replace('[]', '["Night\\u202eShift"]'))[0]).toMatch(
      /^6:14 groups of person 'EMP-1' holds U\+202E/
    )
    expect(found(`manages: "EMP-\\u200b*"\n${PERSON}`)[0]).toMatch(/^1:10 manages holds U\+200B/)
    const { roster } = parse(PERSON.replace('groups: []', 'groups: []\n    notes: "x\\u200by"'))
    // The person still takes part in the checks across people, without the refused value.
    expect(roster.people.map(p => p.fields.notes)).toEqual([undefined])
  })

  it('refuses unknown tags with their line, and takes no value from any other reading', () => {
    const tagged = (tag: string) => parse(PERSON.replace('groups: []', `groups: []\n    telephone: ${tag} 0123`))
    for (const tag of ['!!binary', '!foo', '!!int', '!!float']) {
      const { roster, problems } = tagged(tag)
      expect(problems.map(p => p.at?.line)).toEqual([7])
      expect(problems[0].message).toMatch(
        /^YAML: unknown tag .*: tags such as !!binary or !foo are not part of the roster/
      )
      expect(roster.people).toEqual([])
    }
    expect(tagged('!!timestamp').problems.map(p => [p.at?.line, p.message.slice(0, 5)])).toEqual([[7, 'YAML ']])
    expect(tagged('!!timestamp').roster.people).toEqual([])
    // The tags of the schema itself stay: a string is a string.
    expect(tagged('!!str').roster.people[0].fields.telephone).toBe('0123')
  })

  it('refuses a %YAML directive other than 1.2 (1.1 reads 0042 as 34 and off as false)', () => {
    const { roster, problems } = parse(`%YAML 1.1\n---\n${PERSON.replace('EMP-1', '0042')}    enabled: off\n`)
    expect(problems.map(p => `${p.at?.line}:${p.at?.col} ${p.message}`)).toEqual([
      '1:1 %YAML 1.1: a roster is read as YAML 1.2 only (under 1.1, 0042 would be 34 and off would be false); delete the directive.'
    ])
    expect(roster.people).toEqual([])
    expect(found(`# access\n\n%YAML 1.3\n---\n${PERSON}`)).toEqual([expect.stringMatching(/^3:1 %YAML 1\.3:/)])
    expect(found(`%YAML 1.2\n---\n${PERSON}`)).toEqual([])
  })

  it('reads 0042 as "0042", for values and for the keys problems point at', () => {
    const { roster, problems } = parse(
      PERSON.replace('EMP-1', '0042').replace('groups: []', 'groups: []\n    telephone: 0123\n    0042: x')
    )
    expect(roster.people.map(p => [p.id, p.fields.telephone])).toEqual([['0042', '0123']])
    expect(problems.map(p => `${p.at?.line}:${p.at?.col} ${p.message.slice(0, 35)}`)).toEqual([
      "8:5 Unknown key '0042' in person '0042'"
    ])
    // A syntax error elsewhere reports errors only: no value is taken from the file.
    const broken = parse(`${PERSON.replace('EMP-1', '0042')}  - id: [\n`)
    expect(broken.roster.people).toEqual([])
    expect(broken.problems[0].message).toMatch(/^YAML syntax:/)
  })
})

describe('reading the files', () => {
  let ws: string
  let outside: string
  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'roster-files-'))
    outside = mkdtempSync(join(tmpdir(), 'roster-outside-'))
  })
  afterEach(() => {
    rmSync(ws, { recursive: true, force: true })
    rmSync(outside, { recursive: true, force: true })
  })
  const read = (input: string) => {
    const { files, problems } = readRosterFiles(input, ws)
    return { files: files.map(f => f.file), problems: problems.map(p => p.message) }
  }

  it('refuses an absolute path or one that leads out of the workspace, naming the input', () => {
    writeFileSync(join(outside, 'r.yaml'), 'SECRET_VALUE: 1\n')
    expect(read(join(outside, 'r.yaml')).problems).toEqual([
      expect.stringMatching(/^Input 'roster': '.*r\.yaml' is an absolute path; give a path relative to the workspace/)
    ])
    expect(read('/etc/passwd').problems[0]).toMatch(/^Input 'roster': '\/etc\/passwd' is an absolute path/)
    expect(read('../x.yaml').problems).toEqual([
      "Input 'roster': '../x.yaml' leads outside the workspace; give a path inside the repository."
    ])
  })

  it('refuses every link without reading it: one inside the workspace, a linked folder, and links out of it', () => {
    writeFileSync(join(ws, 'real.yaml'), PERSON)
    symlinkSync(join(ws, 'real.yaml'), join(ws, 'link.yaml'))
    const linked = (name: string) =>
      `'${name}' is a link (or inside a linked folder); it is not read: a roster file must be a regular file of the repository, as a link's target is not in the pull request's diff and may be any file of the workspace, .git/config with the checkout's token among them.`
    expect(read('link.yaml').problems).toEqual([`Input 'roster': ${linked('link.yaml')}`])
    // .git/config holds the token actions/checkout persists: a link to it is never read (or quoted).
    mkdirSync(join(ws, '.git'))
    writeFileSync(join(ws, '.git', 'config'), '[http]\n\textraheader = AUTHORIZATION: basic eC1hY2Nlc3M=\n')
    mkdirSync(join(ws, 'people'))
    symlinkSync('../.git/config', join(ws, 'people', 'config.yaml'))
    writeFileSync(join(ws, 'people', 'a.yaml'), PERSON)
    expect(read('people')).toEqual({
      files: ['people/a.yaml'],
      problems: [`Roster file ${linked('people/config.yaml')}`]
    })
    symlinkSync(join(ws, 'people'), join(ws, 'folder'))
    expect(read('folder').problems).toEqual([`Input 'roster': ${linked('folder')}`])
    writeFileSync(join(outside, 'secret.yaml'), 'AWS_SECRET_ACCESS_KEY: x\n')
    symlinkSync(join(outside, 'secret.yaml'), join(ws, 'out.yaml'))
    expect(read('out.yaml').problems).toEqual([
      "Input 'roster': 'out.yaml' is a link that leads outside the workspace; it is not read."
    ])
    mkdirSync(join(ws, 'access'))
    symlinkSync(join(outside, 'secret.yaml'), join(ws, 'access', 'z.yaml'))
    symlinkSync('/dev/zero', join(ws, 'access', 'zero.yaml'))
    writeFileSync(join(ws, 'access', 'a.yaml'), PERSON)
    expect(read('access')).toEqual({
      files: ['access/a.yaml'],
      problems: [
        "Roster file 'access/z.yaml' is a link that leads outside the workspace; it is not read.",
        "Roster file 'access/zero.yaml' is a link that leads outside the workspace; it is not read."
      ]
    })
  })

  it('reads *.yaml and *.yml of a directory, not dot-files, not recursively', () => {
    mkdirSync(join(ws, 'access', 'sub'), { recursive: true })
    for (const name of ['b.yml', 'a.yaml', '.hidden.yaml', 'notes.txt', 'sub/c.yaml'])
      writeFileSync(join(ws, 'access', name), PERSON)
    expect(read('access')).toEqual({ files: ['access/a.yaml', 'access/b.yml'], problems: [] })
    mkdirSync(join(ws, 'empty'))
    expect(read('empty').problems).toEqual(["Input 'roster': the directory 'empty' has no *.yaml or *.yml files."])
    expect(read('missing.yaml').problems[0]).toMatch(/^Input 'roster': missing.yaml does not exist/)
  })

  it('refuses a FIFO without blocking, and a file over the cap with its size', () => {
    execFileSync('mkfifo', [join(ws, 'fifo.yaml')])
    expect(read('fifo.yaml').problems).toEqual([
      "Roster file 'fifo.yaml' is not a regular file (a directory, FIFO, socket or device); it is not read."
    ])
    writeFileSync(join(ws, 'big.yaml'), Buffer.alloc(MAX_FILE_BYTES + 1, 0x20))
    expect(read('big.yaml').problems).toEqual([
      "Roster file 'big.yaml' is 16,777,217 bytes, more than the 16 MiB a roster file may be; split it into a directory of files."
    ])
    writeFileSync(join(ws, 'max.yaml'), Buffer.alloc(MAX_FILE_BYTES, 0x20))
    expect(read('max.yaml').problems).toEqual([])
  })

  it('reads a directory of MAX_FILES files, and none of one with more', () => {
    mkdirSync(join(ws, 'many'))
    for (let i = 1; i <= MAX_FILES; i++)
      writeFileSync(join(ws, 'many', `p${String(i).padStart(4, '0')}.yaml`), 'x: 1\n')
    expect(read('many')).toMatchObject({ problems: [] })
    expect(read('many').files).toHaveLength(MAX_FILES)
    writeFileSync(join(ws, 'many', 'one-more.yml'), 'x: 1\n')
    expect(read('many')).toEqual({
      files: [],
      problems: [
        "Input 'roster': the directory 'many' has more than 1000 *.yaml or *.yml files, the most a roster may have; none was read. Merge files (a file may hold many people)."
      ]
    })
  })

  it('stops looking through a directory after a bounded number of entries, of any kind', () => {
    mkdirSync(join(ws, 'dir'))
    for (const name of ['a.yaml', 'b.txt', 'c.yml', '.d.yaml']) writeFileSync(join(ws, 'dir', name), 'x: 1\n')
    expect(yamlFilesIn(join(ws, 'dir'), { files: 10, entries: 4 })).toEqual(['a.yaml', 'c.yml'])
    expect(yamlFilesIn(join(ws, 'dir'), { files: 10, entries: 3 })).toBe(
      'holds more than 3 entries; it is not read. Give the folder of roster files itself.'
    )
    expect(yamlFilesIn(join(ws, 'dir'), { files: 1, entries: 10 })).toMatch(
      /^has more than 1 \*\.yaml or \*\.yml files/
    )
  })

  it('reads files up to MAX_TOTAL_BYTES together, and names the first one past it and how many follow', () => {
    mkdirSync(join(ws, 'big'))
    // Sparse files: their size counts, and reading them costs no disk.
    const part = MAX_FILE_BYTES - 1024
    const count = Math.floor(MAX_TOTAL_BYTES / part) + 2
    for (let i = 1; i <= count; i++) {
      writeFileSync(join(ws, 'big', `f${i}.yaml`), '')
      truncateSync(join(ws, 'big', `f${i}.yaml`), part)
    }
    const fit = Math.floor(MAX_TOTAL_BYTES / part)
    const { files, problems } = read('big')
    expect(files).toEqual(Array.from({ length: fit }, (_, i) => `big/f${i + 1}.yaml`))
    expect(problems).toEqual([
      `Input 'roster': its files hold more than 64 MiB together, the most a roster may; 'big/f${fit + 1}.yaml' and ${count - fit - 1} more after it were not read. Keep the roster smaller, or split the building's people across workflows with their own manages patterns.`
    ])
  })

  it('counts the bytes of a file it refused after reading toward MAX_TOTAL_BYTES', () => {
    // Files that are read whole and then refused (not UTF-8): without counting them, 1,000 such
    // files (links to one, before links were refused) made a run read 16 GiB past the 64 MiB bound.
    const part = MAX_FILE_BYTES - 1024
    mkdirSync(join(ws, 'links'))
    const count = Math.floor(MAX_TOTAL_BYTES / part) + 2
    for (let i = 1; i <= count; i++) {
      const file = join(ws, 'links', `f${i}.yaml`)
      writeFileSync(file, '')
      truncateSync(file, part - 1)
      appendFileSync(file, Buffer.from([0xe9]))
    }
    const fit = Math.floor(MAX_TOTAL_BYTES / part)
    const { files, problems } = read('links')
    expect(files).toEqual([])
    expect(problems).toEqual([
      ...Array.from(
        { length: fit },
        (_, i) => `Roster file 'links/f${i + 1}.yaml' is not UTF-8 text (an invalid byte on line 1); save it as UTF-8.`
      ),
      `Input 'roster': its files hold more than 64 MiB together, the most a roster may; 'links/f${fit + 1}.yaml' and ${count - fit - 1} more after it were not read. Keep the roster smaller, or split the building's people across workflows with their own manages patterns.`
    ])
  })

  it('names a file whose name is not UTF-8 as such, and a broken link as one', () => {
    mkdirSync(join(ws, 'names'))
    writeFileSync(join(ws, 'names', 'a.yaml'), PERSON)
    writeFileSync(Buffer.from(`${join(ws, 'names')}/caf\xe9.yaml`, 'latin1'), PERSON)
    symlinkSync('missing.yaml', join(ws, 'names', 'gone.yaml'))
    expect(read('names')).toEqual({
      files: ['names/a.yaml'],
      problems: [
        "Roster file 'names/caf\ufffd.yaml' cannot be read by its name: the name is not UTF-8 text (or the file was removed meanwhile); rename it.",
        "Roster file 'names/gone.yaml' cannot be read: it is a broken link."
      ]
    })
  })

  it('refuses a file that is not UTF-8, naming the line of the first bad byte', () => {
    writeFileSync(
      join(ws, 'latin1.yaml'),
      Buffer.concat([Buffer.from(PERSON.replace('Ada', 'Ad')), Buffer.from([0xe9, 0x0a])])
    )
    const { problems } = readRosterFiles('latin1.yaml', ws)
    expect(problems.map(p => [p.message, p.at?.line])).toEqual([
      ["Roster file 'latin1.yaml' is not UTF-8 text (an invalid byte on line 7); save it as UTF-8.", 7]
    ])
  })
})

describe('checks that stay linear, naming their lines', () => {
  const head = 'version: 1\nmanages: EMP-*\npeople:\n'
  const entry = (id: string, extra = '') =>
    `  - id: ${id}\n    first_name: A\n    last_name: B\n    groups: []\n${extra}`

  it('a group listed twice among 20,000: the repeat, on its own line and column', () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `      - G${i}\n`)
    const text = `${head}  - id: EMP-1\n    first_name: A\n    last_name: B\n    groups:\n${names.join('')}      - G7\n`
    expect(found(text)).toEqual([`20008:9 'G7' is listed twice in groups of person 'EMP-1'.`])
  })

  it('ids and emails used twice in a file past the whole-Document size: each on its line, naming the first’s', () => {
    const people = Array.from({ length: 12_000 }, (_, i) => entry(`EMP-${i}`, `    email: p${i}@example.com\n`))
    people.push(entry('EMP-5'), entry('EMP-X', '    email: P7@Example.com\n'))
    const text = `${head}${people.join('')}`
    expect(text.length).toBeGreaterThan(1024 * 1024)
    expect(found(text)).toEqual([
      "60004:5 Duplicate id 'EMP-5': already used at access/roster.yaml:29.",
      "60012:12 Duplicate email 'P7@Example.com': already used by 'EMP-7' at access/roster.yaml:39; DoorFlow keeps emails unique."
    ])
  })

  it('a YAML syntax error in a file past the whole-Document size: js-yaml’s, on its line', () => {
    const people = Array.from({ length: 20_000 }, (_, i) => entry(`EMP-${i}`))
    const text = `${head}${people.join('')}  - id: EMP-X\n    first_name: Ada: Lovelace\n`
    expect(text.length).toBeGreaterThan(1024 * 1024)
    expect(found(text)).toEqual([expect.stringMatching(/^80005:\d+ YAML: /)])
  })

  it('an email check of a 1 MiB line that is not one (backtracking over its dots took minutes)', () => {
    expect(EMAIL_ADDRESS.test(`a@${'a.'.repeat(512 * 1024)}@`)).toBe(false)
    expect(EMAIL_ADDRESS.test(`a@${'a.'.repeat(512 * 1024)}a`)).toBe(true)
    expect(['a@b.c', 'a.b@c.d.e'].map(e => EMAIL_ADDRESS.test(e))).toEqual([true, true])
    expect(['a@b', 'a@b.', 'a@.b', '@b.c', 'a@b.c@d', 'a b@c.d', 'a@b c.d'].map(e => EMAIL_ADDRESS.test(e))).toEqual(
      Array(7).fill(false)
    )
  })

  it(`manages takes at most ${MAX_STARRED_PATTERNS} patterns with *, and exact ids without limit`, () => {
    const starred = Array.from({ length: MAX_STARRED_PATTERNS + 5 }, (_, i) => `  - 'T${i}-*'\n`)
    const exact = Array.from({ length: 5000 }, (_, i) => `  - X-${i}\n`)
    const text = `version: 1\nmanages:\n${exact.join('')}${starred.join('')}people:\n${entry('T0-1')}`
    expect(found(text)).toEqual([
      `${5003 + MAX_STARRED_PATTERNS}:5 manages has more than ${MAX_STARRED_PATTERNS} patterns with *, the most a roster may have (each id is checked against every one): list exact ids, or use fewer, wider patterns.`
    ])
  })
})

describe('manages patterns, in linear time', () => {
  it('matches like a glob: prefix, suffix and parts in order', () => {
    expect(globMatch(['EMP-', ''], 'EMP-1')).toBe(true)
    expect(globMatch(['', '-LONDON'], 'X-LONDON')).toBe(true)
    expect(globMatch(['a', 'b', 'c'], 'abc')).toBe(true)
    expect(globMatch(['a', 'b', 'c'], 'axxbyyc')).toBe(true)
    expect(globMatch(['a', 'b', 'c'], 'acb')).toBe(false)
    expect(globMatch(['ab', 'ba'], 'aba')).toBe(false) // prefix and suffix may not overlap
    expect(globMatch(['a', 'a', 'a'], 'aaa')).toBe(true)
    expect(globMatch(['a', 'a', 'a'], 'aa')).toBe(false)
    expect(globMatch(['', 'x', ''], 'abc')).toBe(false)
    expect(globMatch(['EMP'], 'EMP')).toBe(true)
    expect(globMatch(['EMP'], 'EMP1')).toBe(false)
  })

  it('answers a 25-star pattern against a 60-character id (a backtracking matcher would not return)', () => {
    const m = managesMatcher([`${'*a'.repeat(25)}*b`])!
    expect(m('a'.repeat(60))).toBe(false)
    expect(m(`${'a'.repeat(59)}b`)).toBe(true)
  })
})

describe('except', () => {
  it('an id in except is never managed, and may not be listed', () => {
    const files = [
      { file: 'a.yaml', text: "version: 1\nmanages: 'EMP-*'\nexcept: [EMP-2, 'EMP-*']\n" },
      { file: 'b.yaml', text: 'version: 1\npeople:\n  - {id: EMP-2, first_name: A, last_name: B, groups: []}\n' }
    ]
    const { problems, roster } = parseRoster(files)
    expect(problems.map(p => [p.message, p.at?.file, p.at?.line])).toEqual([
      ["except 'EMP-*' holds '*': except takes exact system_ids, never patterns.", 'a.yaml', 3],
      ["id 'EMP-2' is in except, so no roster manages it: list the person or except them, not both.", 'b.yaml', 3]
    ])
    expect(roster.except).toEqual(['EMP-2'])
  })
})
