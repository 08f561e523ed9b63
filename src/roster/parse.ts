/**
 * Parses the roster: the text of its files (roster-files.ts reads them), merged. Everything wrong
 * is found at once, before any request, each problem with its file, line and column so that it
 * shows as an annotation in the pull request's diff. Pure. The YAML is read in yaml.ts, and the
 * characters a roster refuses are characters.ts's.
 *
 * Rules (docs/roster.md):
 * - `version: 1` in every file; `manages` a pattern or list of patterns (`*` any run of
 *   characters); `people` a list. Without `manages` nothing is ever removed. `except`, a list
 *   of exact system_ids that no pattern manages (in any file: it only ever narrows manages).
 * - A person needs `id` (DoorFlow's system_id), `first_name`, `last_name` and `groups` (the
 *   complete set; `[]` for none). `roles`, when given, is the complete set; omitted, DoorFlow's
 *   roles stay. `enabled` defaults to true. Every other field the roster omits is left as
 *   DoorFlow has it; `null` clears it.
 * - Dates: a bare date `valid_from: 2026-12-01` is the start of that day in UTC
 *   (2026-12-01T00:00:00Z); `valid_to: 2027-03-31` is the end of that day in UTC
 *   (2027-03-31T23:59:59Z), so the day named is included. A date-time needs a zone (Z or ±hh:mm).
 * - An unquoted number is read as written: `telephone: 0123` stays "0123".
 * - `doorflow_id: 123`, optional: DoorFlow's own id of the person to adopt (one without a
 *   system_id, e.g. one with no email); unique in the roster.
 */
import { asciiLower } from './email.js'
import { PERSON_FIELDS, type FieldValue, type PersonField } from '../doorflow/people.js'
import {
  managesMatcher,
  Suggester,
  quote,
  type Position,
  type Problem,
  type Roster,
  type RosterPerson
} from './roster.js'
import type { RosterFile } from './roster-files.js'
import { DOCUMENT_MAX_BYTES, Locator, readValues, refuseDirectives, type Path } from './yaml.js'
import { refuseCharacters, visible } from './characters.js'

export interface ParseResult {
  roster: Roster
  problems: Problem[]
}

export const TOP_KEYS = ['version', 'manages', 'except', 'people'] as const
export const PERSON_KEYS = ['id', 'doorflow_id', 'groups', 'roles', ...PERSON_FIELDS] as const
const REQUIRED = ['id', 'first_name', 'last_name', 'groups'] as const

/** Parses and validates every file, then the rules that span files (duplicate ids and emails, manages). */
export function parseRoster(files: RosterFile[], documentMaxBytes = DOCUMENT_MAX_BYTES): ParseResult {
  const problems: Problem[] = []
  const people: RosterPerson[] = []
  const manages: string[] = []
  const except: string[] = []
  const shared: Shared = { guess: guesses(), starred: 0, documentMaxBytes }
  for (const file of files) parseFile(file, people, manages, except, problems, shared)

  const ids = new Map<string, RosterPerson>()
  const emails = new Map<string, RosterPerson>()
  const doorflowIds = new Map<number, RosterPerson>()
  const matches = managesMatcher(manages, except)
  const unique: RosterPerson[] = []
  for (const p of people) {
    const first = ids.get(p.id)
    if (first) {
      problems.push({ message: `Duplicate id ${quote(p.id)}: already used at ${where(first.at)}.`, at: p.at })
      continue
    }
    ids.set(p.id, p)
    unique.push(p)
    if (p.doorflowId !== undefined) {
      const other = doorflowIds.get(p.doorflowId)
      if (other)
        problems.push({
          message: `Duplicate doorflow_id ${p.doorflowId}: already used by ${quote(other.id)} at ${where(other.at)}; one DoorFlow person is adopted by one entry.`,
          at: p.doorflowIdAt ?? p.at
        })
      else doorflowIds.set(p.doorflowId, p)
    }
    if (typeof p.fields.email === 'string') {
      const key = asciiLower(p.fields.email)
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
        message: except.includes(p.id)
          ? `id ${quote(p.id)} is in except, so no roster manages it: list the person or except them, not both.`
          : `id ${quote(p.id)} is outside manages (${shownPatterns(manages)}): this roster may only list people it manages. Change the id or widen manages.`,
        at: p.idAt ?? p.at
      })
  }
  return {
    roster: { manages, ...(except.length ? { except } : {}), people: unique, files: files.map(f => f.file) },
    problems
  }
}

type Value = unknown

/** Patterns in a message: the first few, then a count (an exported roster may list thousands). */
function shownPatterns(manages: string[]): string {
  const shown = manages.slice(0, 5).map(m => quote(m))
  return shown.join(', ') + (manages.length > 5 ? ` and ${manages.length - 5} more` : '')
}

function parseFile(
  file: RosterFile,
  people: RosterPerson[],
  manages: string[],
  except: string[],
  problems: Problem[],
  shared: Shared
): void {
  const { guess } = shared
  const locator = new Locator(file, shared.documentMaxBytes)
  const at = (path: Path, part?: 'value' | 'key') => locator.at(path, part)
  const fail = (message: string, where: Position) => problems.push({ message, at: where })

  // Characters that would make the file read differently from how it looks, then directives:
  // either refuses the whole file, before any value is read from it.
  if (refuseCharacters(file, problems) || refuseDirectives(file, problems)) return
  const values = readValues(file, locator, fail)
  if (!values) return
  const { root } = values
  if (!isObject(root)) {
    fail('The roster must be a mapping with version, manages and people (see roster.schema.json).', at([]))
    return
  }
  const top = entries(root, [], TOP_KEYS, 'the roster', fail, at, guess)
  if (!top.has('version')) fail('Missing version: start the file with `version: 1`.', at([]))
  else if (String(top.get('version')) !== '1')
    fail('version must be 1 (the only roster format so far).', at(['version']))

  if (top.has('manages')) {
    const m = top.get('manages')
    const items = Array.isArray(m) ? m.map((v, i) => [v, ['manages', i]] as const) : [[m, ['manages']] as const]
    for (const [item, path] of items) {
      const text = typeof item === 'string' ? item.trim() : ''
      if (!text) fail('manages must be a system_id pattern such as "EMP-*", or a list of them.', at([...path]))
      else if (!visible(text, 'manages', at([...path]), fail)) continue
      else if (!text.includes('*')) manages.push(text)
      else if (++shared.starred <= MAX_STARRED_PATTERNS) manages.push(text)
      else if (shared.starred === MAX_STARRED_PATTERNS + 1)
        fail(
          `manages has more than ${MAX_STARRED_PATTERNS} patterns with *, the most a roster may have (each id is checked against every one): list exact ids, or use fewer, wider patterns.`,
          at([...path])
        )
    }
  }
  if (top.has('except')) {
    // Exact system_ids that no pattern manages: taken as written (no trim), never a pattern.
    const e = top.get('except')
    if (!Array.isArray(e)) fail('except must be a list of exact system_ids, e.g. [EMP-17].', at(['except']))
    else
      e.forEach((item: Value, i) => {
        const id = text(item)
        const where = at(['except', i])
        if (!id) fail('Each entry of except must be a system_id.', where)
        else if (id.includes('*'))
          fail(`except ${quote(id)} holds '*': except takes exact system_ids, never patterns.`, where)
        else if (visible(id, 'except', where, fail)) except.push(id)
      })
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
    const person = parseRosterEntry(item, ['people', i], fail, at, guess)
    if (person) people.push(person)
  })
}

type Fail = (message: string, at: Position) => void

/**
 * The most `manages` patterns with a `*` a roster may have, over all its files: every id in the
 * roster and in DoorFlow is matched against each, so their number multiplies. Exact ids (no `*`,
 * as an export writes them) are looked up in a set and have no limit.
 */
export const MAX_STARRED_PATTERNS = 100

/** What the files of one parse share: "did you mean" for keys, and the starred patterns counted so far. */
interface Shared {
  guess: Guess
  starred: number
  /** Files up to this size are located by their `yaml` Document (yaml.ts). */
  documentMaxBytes: number
}

/** At most this many different unknown keys get a "did you mean" in one parse (see Suggester). */
const MAX_KEY_GUESSES = 1000

/** "Did you mean" for unknown keys, one Suggester per list of known keys, shared by every file and person of a parse. */
type Guess = (known: readonly string[]) => Suggester

function guesses(): Guess {
  const suggesters = new Map<readonly string[], Suggester>()
  return known => {
    let s = suggesters.get(known)
    if (!s) suggesters.set(known, (s = new Suggester(known, MAX_KEY_GUESSES)))
    return s
  }
}
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
  at: At,
  guess: Guess
): Map<string, Value> {
  const pairs = new Map<string, Value>()
  const suggester = guess(known)
  for (const [key, value] of Object.entries(map)) {
    if (!suggester.knows(key)) {
      const guessed = suggester.guess(key)
      fail(
        `Unknown key ${quote(key)} in ${what}${guessed ? `; did you mean '${guessed}'?` : `; allowed: ${suggester.listed}.`}`,
        at([...path, key], 'key')
      )
      continue
    }
    pairs.set(key, value)
  }
  return pairs
}

function parseRosterEntry(
  map: Record<string, Value>,
  path: Path,
  fail: Fail,
  at: At,
  guess: Guess
): RosterPerson | undefined {
  const here = at(path)
  const idText = text(map['id'])
  const label = idText?.trim() ? `person ${quote(idText)}` : `the person at line ${here.line}`
  const pairs = entries(map, path, PERSON_KEYS, label, fail, at, guess)
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
        else if (visible(id, `id ${quote(id)}`, where, problem)) person.id = id
        break
      }
      case 'doorflow_id': {
        const raw = text(value)
        person.doorflowIdAt = where
        if (raw === undefined || !DOORFLOW_ID.test(raw))
          problem(
            `doorflow_id in ${label} must be DoorFlow's id of the person to adopt, a whole number such as 123 (the id in the DoorFlow person's address).`,
            where
          )
        else person.doorflowId = Number(raw)
        break
      }
      case 'first_name':
      case 'last_name': {
        const name = text(value)
        if (!name?.trim()) problem(`${key} in ${label} must be a non-empty text.`, where)
        else if (visible(name, `${key} in ${label}`, where, problem)) fields[key] = name
        break
      }
      case 'email': {
        if (value === null) {
          fields.email = null
          break
        }
        const email = text(value)
        if (!email || !EMAIL_ADDRESS.test(email))
          problem(`email in ${label} is not an email address: ${quote(email ?? '')}.`, where)
        else if (visible(email, `email in ${label}`, where, problem)) fields.email = email
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
          else if (visible(t, `${key} in ${label}`, where, problem)) fields[field] = t
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
  const seen = new Set<string>()
  const positions: Position[] = []
  let ok = true
  value.forEach((item: Value, i) => {
    const name = text(item)
    if (!name?.trim()) {
      problem(`Each entry of ${key} in ${label} must be a name.`, at([...path, i]))
      ok = false
    } else if (!visible(name, `${key} of ${label}`, at([...path, i]), problem)) {
      ok = false
    } else if (seen.has(name)) {
      problem(`${quote(name)} is listed twice in ${key} of ${label}.`, at([...path, i]))
      ok = false
    } else {
      seen.add(name)
      names.push(name)
      positions.push(at([...path, i]))
    }
  })
  return ok ? { names, at: positions } : undefined
}

/** A doorflow_id the roster takes: a whole number from 1 to 999,999,999,999,999 (so below 2^53, exact in JSON). */
export const DOORFLOW_ID = /^[1-9]\d{0,14}$/

/**
 * An email the roster takes: name@domain.tld, no spaces. The lookahead checks the whole domain
 * once before the dot is placed, so that a domain with a second @ or a space fails at once: without
 * it, every dot of `a@a.a.a….@` was tried against the rest of the line (minutes for one long line).
 */
export const EMAIL_ADDRESS = /^[^@\s]+@(?=[^@\s]*$)[^@\s]+\.[^@\s]+$/

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

function where(p: Position): string {
  return `${p.file}:${p.line}`
}
