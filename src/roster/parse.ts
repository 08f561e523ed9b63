/**
 * Reads the roster: one YAML file or a directory of *.yaml files, merged. Everything wrong is
 * found at once, before any request, each problem with its file, line and column so that it
 * shows as an annotation in the pull request's diff. Pure except for `readRosterFiles`.
 *
 * Rules (README "Door access as code"):
 * - `version: 1` in every file; `manages` a pattern or list of patterns (`*` any run of
 *   characters); `people` a list. Without `manages` nothing is ever removed.
 * - A person needs `id` (DoorFlow's system_id), `first_name`, `last_name` and `groups` (the
 *   complete set; `[]` for none). `roles`, when given, is the complete set; omitted, DoorFlow's
 *   roles stay. `enabled` defaults to true. Every other field the roster omits is left as
 *   DoorFlow has it; `null` clears it.
 * - Dates: a bare date `valid_from: 2026-12-01` is the start of that day in UTC
 *   (2026-12-01T00:00:00Z); `valid_to: 2027-03-31` is the end of that day in UTC
 *   (2027-03-31T23:59:59Z), so the day named is included. A date-time needs a zone (Z or ±hh:mm).
 * - An unquoted number is read as written: `telephone: 0123` stays "0123".
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import jsyaml from 'js-yaml'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import { untrusted } from '../untrusted.js'
import { PERSON_FIELDS, type FieldValue, type PersonField } from './plan.js'
import { didYouMean, managesMatcher, type Position, type Problem, type Roster, type RosterPerson } from './roster.js'

export interface RosterFile {
  /** Path relative to the workspace, as annotations name it. */
  file: string
  text: string
}

export interface ParseResult {
  roster: Roster
  problems: Problem[]
}

export const TOP_KEYS = ['version', 'manages', 'people'] as const
export const PERSON_KEYS = ['id', 'groups', 'roles', ...PERSON_FIELDS] as const
const REQUIRED = ['id', 'first_name', 'last_name', 'groups'] as const

/**
 * The roster's files: `input` is a file or a directory (its *.yaml and *.yml files, sorted by
 * name, not recursive), relative to `workspace`. Problems when it cannot be read.
 */
export function readRosterFiles(input: string, workspace: string): { files: RosterFile[]; problems: Problem[] } {
  const path = isAbsolute(input) ? input : resolve(workspace, input)
  const rel = (p: string) => relative(workspace, p).split('\\').join('/') || '.'
  let paths: string[]
  try {
    if (statSync(path).isDirectory()) {
      paths = readdirSync(path)
        .filter(name => /\.ya?ml$/i.test(name))
        .sort()
        .map(name => join(path, name))
      if (!paths.length)
        return { files: [], problems: [{ message: `Input 'roster': the directory ${rel(path)} has no *.yaml files.` }] }
    } else paths = [path]
  } catch {
    return {
      files: [],
      problems: [
        {
          message: `Input 'roster': ${rel(path)} does not exist (it is read relative to the workspace, ${workspace}); check out the repository first (actions/checkout) and check the path.`
        }
      ]
    }
  }
  return { files: paths.map(p => ({ file: rel(p), text: readFileSync(p, 'utf8') })), problems: [] }
}

/** Parses and validates every file, then the rules that span files (duplicate ids and emails, manages). */
export function parseRoster(files: RosterFile[]): ParseResult {
  const problems: Problem[] = []
  const people: RosterPerson[] = []
  const manages: string[] = []
  for (const file of files) parseFile(file, people, manages, problems)

  const ids = new Map<string, RosterPerson>()
  const emails = new Map<string, RosterPerson>()
  const matches = managesMatcher(manages)
  const unique: RosterPerson[] = []
  for (const p of people) {
    const first = ids.get(p.id)
    if (first) {
      problems.push({ message: `Duplicate id ${quote(p.id)}: already used at ${where(first.at)}.`, at: p.at })
      continue
    }
    ids.set(p.id, p)
    unique.push(p)
    if (typeof p.fields.email === 'string') {
      const key = p.fields.email.toLowerCase()
      const other = emails.get(key)
      if (other)
        problems.push({
          message: `Duplicate email ${quote(p.fields.email)}: already used by ${quote(other.id)} at ${where(other.at)}; DoorFlow keeps emails unique.`,
          at: p.fieldsAt?.email ?? p.at
        })
      else emails.set(key, p)
    }
    if (matches && !matches(p.id))
      problems.push({
        message: `id ${quote(p.id)} is outside manages (${manages.map(m => quote(m)).join(', ')}): this roster may only list people it manages. Change the id or widen manages.`,
        at: p.idAt ?? p.at
      })
  }
  return { roster: { manages, people: unique, files: files.map(f => f.file) }, problems }
}

type Path = (string | number)[]
type Value = unknown

/**
 * js-yaml reads the roster: about twenty times faster than building a `yaml` Document, which
 * matters at 10,000 people. Its schema is YAML 1.2's without numbers, so a plain scalar is
 * text as written (`0123` stays "0123"; `version: 1` is "1"), and without timestamps, so a
 * date stays the text the user wrote. Only true/false and null are typed.
 */
// js-yaml exports its built-in types as `types`; @types/js-yaml does not declare them.
const { types } = jsyaml as unknown as { types: Record<'null' | 'bool', jsyaml.Type> }
const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [types.null, types.bool] })

/**
 * Where things stand in one file. The `yaml` Document, which knows every node's offset, is
 * built only when a position is first read, that is, only when there is a problem to show.
 */
class Locator {
  private doc: Document | undefined
  private readonly lines = new LineCounter()

  constructor(private readonly file: RosterFile) {}

  /** The position of the value at `path` (or of its key), resolved when first read. */
  at(path: Path, part: 'value' | 'key' = 'value'): Position {
    return new LazyPosition(this.file.file, this, path, part)
  }

  /** The `yaml` Document, for its syntax errors (all of them, where js-yaml stops at the first). */
  document(): Document {
    this.doc ??= parseDocument(this.file.text, {
      lineCounter: this.lines,
      prettyErrors: false,
      uniqueKeys: true,
      version: '1.2'
    })
    return this.doc
  }

  offsetPosition(offset: number): Position {
    this.document()
    return { file: this.file.file, ...this.lines.linePos(offset) }
  }

  resolve(path: Path, part: 'value' | 'key'): { line: number; col: number } {
    let node: unknown = this.document().contents
    let offset = (node as Node | null)?.range?.[0] ?? 0
    for (const [i, step] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find(p => isScalar(p.key) && String(p.key.value) === String(step))
        if (!pair) break
        const keyAt = (pair.key as Node).range?.[0] ?? offset
        if (part === 'key' && i === path.length - 1) {
          offset = keyAt
          break
        }
        node = pair.value
        offset = (node as Node | null)?.range?.[0] ?? keyAt
      } else if (isSeq(node) && typeof step === 'number' && node.items[step]) {
        node = node.items[step]
        offset = (node as Node).range?.[0] ?? offset
      } else break
    }
    return this.lines.linePos(offset)
  }
}

/** A Position whose line and column are looked up on first read (10,000 people make 100,000 of them). */
class LazyPosition implements Position {
  private found: { line: number; col: number } | undefined

  constructor(
    readonly file: string,
    private readonly locator: Locator,
    private readonly path: Path,
    private readonly part: 'value' | 'key'
  ) {}

  get line(): number {
    return (this.found ??= this.locator.resolve(this.path, this.part)).line
  }

  get col(): number {
    return (this.found ??= this.locator.resolve(this.path, this.part)).col
  }

  toJSON(): Position {
    return { file: this.file, line: this.line, col: this.col }
  }
}

function parseFile(file: RosterFile, people: RosterPerson[], manages: string[], problems: Problem[]): void {
  const locator = new Locator(file)
  const at = (path: Path, part?: 'value' | 'key') => locator.at(path, part)
  const fail = (message: string, where: Position) => problems.push({ message, at: where })

  let root: Value
  try {
    root = jsyaml.load(file.text, { schema: SCHEMA, filename: file.file })
  } catch {
    // js-yaml stops at the first error; the yaml Document lists every one, each with its place.
    const doc = locator.document()
    if (doc.errors.length) {
      for (const error of doc.errors)
        fail(`YAML syntax: ${untrusted(error.message)}`, locator.offsetPosition(error.pos[0]))
      return
    }
    root = doc.toJS()
  }
  if (!isObject(root)) {
    fail('The roster must be a mapping with version, manages and people (see roster.schema.json).', at([]))
    return
  }
  const top = entries(root, [], TOP_KEYS, 'the roster', fail, at)
  if (!top.has('version')) fail('Missing version: start the file with `version: 1`.', at([]))
  else if (String(top.get('version')) !== '1')
    fail('version must be 1 (the only roster format so far).', at(['version']))

  if (top.has('manages')) {
    const m = top.get('manages')
    const items = Array.isArray(m) ? m.map((v, i) => [v, ['manages', i]] as const) : [[m, ['manages']] as const]
    for (const [item, path] of items) {
      const text = typeof item === 'string' ? item.trim() : ''
      if (!text) fail('manages must be a system_id pattern such as "EMP-*", or a list of them.', at([...path]))
      else manages.push(text)
    }
  }

  if (!top.has('people')) return
  const list = top.get('people')
  if (!Array.isArray(list)) {
    fail('people must be a list: each entry starts with "- id: …".', at(['people']))
    return
  }
  list.forEach((item: Value, i) => {
    if (!isObject(item)) {
      fail('Each person must be a mapping with id, first_name, last_name and groups.', at(['people', i]))
      return
    }
    const person = parsePerson(item, ['people', i], fail, at)
    if (person) people.push(person)
  })
}

type Fail = (message: string, at: Position) => void
type At = (path: Path, part?: 'value' | 'key') => Position

function isObject(value: Value): value is Record<string, Value> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The map's known keys; unknown keys are problems with a "did you mean". */
function entries(
  map: Record<string, Value>,
  path: Path,
  known: readonly string[],
  what: string,
  fail: Fail,
  at: At
): Map<string, Value> {
  const pairs = new Map<string, Value>()
  for (const [key, value] of Object.entries(map)) {
    if (!known.includes(key)) {
      const guess = didYouMean(key, known)
      fail(
        `Unknown key ${quote(key)} in ${what}${guess ? `; did you mean '${guess}'?` : `; allowed: ${known.join(', ')}.`}`,
        at([...path, key], 'key')
      )
      continue
    }
    pairs.set(key, value)
  }
  return pairs
}

function parsePerson(map: Record<string, Value>, path: Path, fail: Fail, at: At): RosterPerson | undefined {
  const here = at(path)
  const idText = text(map['id'])
  const label = idText?.trim() ? `person ${quote(idText)}` : `the person at line ${here.line}`
  const pairs = entries(map, path, PERSON_KEYS, label, fail, at)
  const problem = (message: string, where: Position) => fail(message, where)
  for (const key of REQUIRED) {
    if (!pairs.has(key))
      problem(
        `Missing ${key} in ${label}${key === 'groups' ? ': list the complete set of DoorFlow groups, or [] for none' : ''}.`,
        here
      )
  }
  const fields: Partial<Record<PersonField, FieldValue>> = { enabled: true }
  const fieldsAt: Partial<Record<PersonField, Position>> = {}
  const person: RosterPerson = {
    id: '',
    fields,
    fieldsAt,
    groups: [],
    roles: undefined,
    at: here,
    idAt: here,
    groupsAt: [],
    rolesAt: []
  }
  for (const [key, value] of pairs) {
    const where = at([...path, key])
    // The planner points at the email when DoorFlow gives it to someone else.
    if (key === 'email') fieldsAt.email = where
    switch (key) {
      case 'id': {
        const id = text(value)
        person.idAt = where
        if (!id?.trim()) problem(`id in ${label} must be the person's DoorFlow system_id, e.g. EMP-1042.`, where)
        else if (id !== id.trim()) problem(`id ${quote(id)} has leading or trailing spaces.`, where)
        // eslint-disable-next-line no-control-regex
        else if (/[\u0000-\u001f\u007f]/.test(id))
          problem(`id ${quote(id)} must be one line without control characters.`, where)
        else person.id = id
        break
      }
      case 'first_name':
      case 'last_name': {
        const name = text(value)
        if (!name?.trim()) problem(`${key} in ${label} must be a non-empty text.`, where)
        else fields[key] = name
        break
      }
      case 'email': {
        if (value === null) {
          fields.email = null
          break
        }
        const email = text(value)
        if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
          problem(`email in ${label} is not an email address: ${quote(email ?? '')}.`, where)
        else fields.email = email
        break
      }
      case 'enabled':
        if (typeof value !== 'boolean') problem(`enabled in ${label} must be true or false.`, where)
        else fields.enabled = value
        break
      case 'valid_from':
      case 'valid_to': {
        if (value === null) {
          fields[key] = null
          break
        }
        const instant = dateInstant(text(value) ?? '', key === 'valid_to' ? 'end' : 'start')
        if (typeof instant !== 'string') problem(`${key} in ${label}: ${instant.error}`, where)
        else fields[key] = instant
        break
      }
      case 'groups':
      case 'roles': {
        const names = nameList(value, [...path, key], key, label, problem, at)
        if (names) {
          person[key] = names.names
          person[key === 'groups' ? 'groupsAt' : 'rolesAt'] = names.at
        }
        break
      }
      default: {
        const field = key as Exclude<
          PersonField,
          'first_name' | 'last_name' | 'email' | 'enabled' | 'valid_from' | 'valid_to'
        >
        if (value === null) fields[field] = null
        else {
          const t = text(value)
          if (t === undefined) problem(`${key} in ${label} must be text (quote it), or null to clear it.`, where)
          else fields[field] = t
        }
      }
    }
  }
  const from = fields.valid_from
  const to = fields.valid_to
  if (typeof from === 'string' && typeof to === 'string' && Date.parse(to) < Date.parse(from))
    problem(`valid_to in ${label} (${to}) is before valid_from (${from}).`, at([...path, 'valid_to']))
  // A person with other problems still takes part in the checks across people (duplicates, manages).
  return person.id ? person : undefined
}

function nameList(
  value: Value,
  path: Path,
  key: 'groups' | 'roles',
  label: string,
  problem: (message: string, where: Position) => void,
  at: At
): { names: string[]; at: Position[] } | undefined {
  if (!Array.isArray(value)) {
    problem(
      `${key} in ${label} must be a list of DoorFlow ${key === 'groups' ? 'group' : 'role'} names, e.g. [Engineering]; [] for none.`,
      at(path)
    )
    return undefined
  }
  const names: string[] = []
  const positions: Position[] = []
  let ok = true
  value.forEach((item: Value, i) => {
    const name = text(item)
    if (!name?.trim()) {
      problem(`Each entry of ${key} in ${label} must be a name.`, at([...path, i]))
      ok = false
    } else if (names.includes(name)) {
      problem(`${quote(name)} is listed twice in ${key} of ${label}.`, at([...path, i]))
      ok = false
    } else {
      names.push(name)
      positions.push(at([...path, i]))
    }
  })
  return ok ? { names, at: positions } : undefined
}

/** A scalar's text: strings as they are (numbers are text in SCHEMA); undefined for anything else. */
function text(value: Value): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  return undefined
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * A roster date as an instant in UTC ISO 8601 (whole seconds). A bare date is the start of the
 * day (UTC) or, for valid_to, its last second, so that the day named is included.
 */
export function dateInstant(raw: string, edge: 'start' | 'end'): string | { error: string } {
  const value = raw.trim()
  const d = DATE.exec(value)
  const dt = d ? undefined : DATE_TIME.exec(value)
  const parts = d ?? dt
  if (!parts) return { error: `${quote(value)} is not a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDThh:mm:ssZ).` }
  const [y, mo, da] = [Number(parts[1]), Number(parts[2]), Number(parts[3])]
  const day = new Date(Date.UTC(y, mo - 1, da))
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== da)
    return { error: `${quote(value)} is not a calendar date.` }
  if (d) return `${value}T${edge === 'start' ? '00:00:00' : '23:59:59'}Z`
  if (!dt![7]) return { error: `${quote(value)} has no time zone: add Z (UTC) or an offset such as +01:00.` }
  if (Number(dt![4]) > 23 || Number(dt![5]) > 59 || Number(dt![6] ?? 0) > 59)
    return { error: `${quote(value)} is not a valid time of day.` }
  const ms = Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
  if (Number.isNaN(ms)) return { error: `${quote(value)} is not a valid date-time.` }
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/** A roster value inside a message: through the one gate (a fork's pull request writes the roster), quoted. */
export function quote(value: string): string {
  return `'${untrusted(value, 80)}'`
}

function where(p: Position): string {
  return `${p.file}:${p.line}`
}
