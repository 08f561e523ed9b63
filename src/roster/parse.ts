/**
 * Reads the roster: one YAML file or a directory of *.yaml files, merged. Everything wrong is
 * found at once, before any request, each problem with its file, line and column so that it
 * shows as an annotation in the pull request's diff. Pure except for `readRosterFiles`.
 *
 * Rules (docs/roster.md):
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
 * - `doorflow_id: 123`, optional: DoorFlow's own id of the person to adopt (one without a
 *   system_id, e.g. one with no email); unique in the roster.
 */
import {
  closeSync,
  constants as fsConstants,
  fstatSync,
  lstatSync,
  opendirSync,
  openSync,
  readSync,
  realpathSync,
  statSync
} from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import jsyaml from 'js-yaml'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar } from 'yaml'
import { untrusted } from '../untrusted.js'
import { isInside } from '../runner.js'
import { byteSize, exactBytes } from '../format.js'
import { asciiLower } from './email.js'
import { PERSON_FIELDS, type FieldValue, type PersonField } from '../doorflow/people.js'
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
export const PERSON_KEYS = ['id', 'doorflow_id', 'groups', 'roles', ...PERSON_FIELDS] as const
const REQUIRED = ['id', 'first_name', 'last_name', 'groups'] as const

/** The most one roster file may hold; a bigger file is refused with its size, and no more than this is ever read. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024
/** The most YAML files a roster directory may hold; with more, none is read. */
export const MAX_FILES = 1000
/** The most a roster's files may hold together; files past it are refused unread. */
export const MAX_TOTAL_BYTES = 64 * 1024 * 1024
/** The most entries of a roster directory looked at (files of any kind, dot-files, folders). */
export const MAX_DIRECTORY_ENTRIES = 100_000

/**
 * The roster's files: `input` is a file or a directory (its *.yaml and *.yml files, sorted by
 * name, not recursive, dot-files left out), relative to `workspace`. Problems when it cannot be
 * read. Every file read is a regular file whose real path (links resolved) lies inside the
 * workspace's, at most MAX_FILE_BYTES, and UTF-8: a roster from a fork's pull request must not
 * make the job read /dev/zero, wait on a FIFO, or show a file from outside the checkout.
 */
export function readRosterFiles(input: string, workspace: string): { files: RosterFile[]; problems: Problem[] } {
  const fail = (message: string) => ({ files: [], problems: [{ message: `Input 'roster': ${message}` }] })
  if (isAbsolute(input) || /^[a-zA-Z]:[\\/]/.test(input))
    return fail(
      `${quote(input)} is an absolute path; give a path relative to the workspace, such as access/roster.yaml.`
    )
  let root: string
  try {
    root = realpathSync(workspace)
  } catch {
    return fail(`the workspace ${quote(workspace)} does not exist; check out the repository first (actions/checkout).`)
  }
  const path = resolve(root, input)
  const rel = (p: string) => relative(root, p).split('\\').join('/') || '.'
  const inside = (p: string) => isInside(p, root)
  if (!inside(path)) return fail(`${quote(input)} leads outside the workspace; give a path inside the repository.`)
  let real: string
  try {
    real = realpathSync(path)
  } catch {
    return fail(
      `${untrusted(rel(path))} does not exist (it is read relative to the workspace, ${untrusted(root)}); check out the repository first (actions/checkout) and check the path.`
    )
  }
  if (!inside(real)) return fail(`${quote(rel(path))} is a link that leads outside the workspace; it is not read.`)
  let paths: string[]
  try {
    if (statSync(real).isDirectory()) {
      const listed = yamlFilesIn(real)
      if (typeof listed === 'string') return fail(`the directory ${quote(rel(path))} ${listed}`)
      paths = listed.map(name => join(path, name))
    } else paths = [path]
  } catch (err) {
    return fail(`${quote(rel(path))} cannot be read (${untrusted((err as NodeJS.ErrnoException).code ?? 'error')}).`)
  }
  if (!paths.length) return fail(`the directory ${quote(rel(path))} has no *.yaml or *.yml files.`)
  const files: RosterFile[] = []
  const problems: Problem[] = []
  // Every byte read counts, a refused file's too: 1,000 links to one big file that is not UTF-8
  // must not make the job read 16 GiB.
  let total = 0
  for (const [i, p] of paths.entries()) {
    const read = readOne(p, rel(p), inside, MAX_TOTAL_BYTES - total, n => (total += n))
    if (typeof read === 'string') files.push({ file: rel(p), text: read })
    else if (read === TOO_MUCH) {
      problems.push({
        message:
          `Input 'roster': its files hold more than ${byteSize(MAX_TOTAL_BYTES)} together, the most a roster may; ` +
          `${quote(rel(p))} and ${paths.length - i - 1} more after it were not read. Keep the roster smaller, or split the building's people across workflows with their own manages patterns.`
      })
      break
    } else problems.push(read)
  }
  return { files, problems }
}

/**
 * The *.yaml and *.yml files of a directory, sorted by name, no dot-files; or why it will not be
 * read: more than MAX_FILES of them, or more than MAX_DIRECTORY_ENTRIES entries to look through.
 */
export function yamlFilesIn(
  dir: string,
  limits = { files: MAX_FILES, entries: MAX_DIRECTORY_ENTRIES }
): string[] | string {
  const names: string[] = []
  const handle = opendirSync(dir)
  try {
    for (let seen = 0; ; seen++) {
      const entry = handle.readSync()
      if (!entry) break
      if (seen >= limits.entries)
        return `holds more than ${limits.entries.toLocaleString('en-US')} entries; it is not read. Give the folder of roster files itself.`
      if (/\.ya?ml$/i.test(entry.name) && !entry.name.startsWith('.')) names.push(entry.name)
      if (names.length > limits.files)
        return `has more than ${limits.files} *.yaml or *.yml files, the most a roster may have; none was read. Merge files (a file may hold many people).`
    }
  } finally {
    handle.closeSync()
  }
  return names.sort()
}

/** readOne's answer when the file would take the roster past MAX_TOTAL_BYTES. */
const TOO_MUCH = Symbol('over the total')

/** One roster file's text, or the problem that keeps it from being read (never a word of its contents); `spent` hears of every byte read. */
function readOne(
  path: string,
  file: string,
  inside: (p: string) => boolean,
  left: number,
  spent: (bytes: number) => void
): string | Problem | typeof TOO_MUCH {
  const problem = (why: string): Problem => ({ message: `Roster file ${quote(file)} ${why}`, at: undefined })
  let real: string
  try {
    real = realpathSync(path)
  } catch {
    // Listed but not there by that name: a link to nothing, or a name that is not UTF-8 (it was
    // listed with U+FFFD in place of the bad bytes, and no file has that name).
    return problem(
      isLink(path)
        ? 'cannot be read: it is a broken link.'
        : 'cannot be read by its name: the name is not UTF-8 text (or the file was removed meanwhile); rename it.'
    )
  }
  if (!inside(real)) return problem('is a link that leads outside the workspace; it is not read.')
  let fd: number | undefined
  try {
    if (!statSync(real).isFile())
      return problem('is not a regular file (a directory, FIFO, socket or device); it is not read.')
    // O_NONBLOCK: a FIFO swapped in after the check cannot block the open; fstat then refuses it.
    fd = openSync(real, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0) | (fsConstants.O_NOFOLLOW ?? 0))
    const info = fstatSync(fd)
    if (!info.isFile()) return problem('is not a regular file (a directory, FIFO, socket or device); it is not read.')
    if (info.size > MAX_FILE_BYTES)
      return problem(
        `is ${exactBytes(info.size)}, more than the ${byteSize(MAX_FILE_BYTES)} a roster file may be; split it into a directory of files.`
      )
    if (info.size > left) return TOO_MUCH
    // Never more than the cap, even when the file grows while it is read.
    const cap = Math.min(MAX_FILE_BYTES, left)
    const chunks: Buffer[] = []
    let length = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, cap + 1 - length))
      const n = readSync(fd, chunk, 0, chunk.length, null)
      if (n === 0) break
      chunks.push(chunk.subarray(0, n))
      length += n
      spent(n)
      if (length > cap) return problem(`grew past ${byteSize(cap)} while it was read; it is not read.`)
    }
    const bytes = Buffer.concat(chunks, length)
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      const line = new TextDecoder('utf-8').decode(bytes).split('\ufffd')[0].split('\n').length
      return {
        message: `Roster file ${quote(file)} is not UTF-8 text (an invalid byte on line ${line}); save it as UTF-8.`,
        at: { file, line, col: 1 }
      }
    }
  } catch (err) {
    return problem(`cannot be read (${untrusted((err as NodeJS.ErrnoException).code ?? 'error')}).`)
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink()
  } catch {
    return false
  }
}

/** Parses and validates every file, then the rules that span files (duplicate ids and emails, manages). */
export function parseRoster(files: RosterFile[]): ParseResult {
  const problems: Problem[] = []
  const people: RosterPerson[] = []
  const manages: string[] = []
  for (const file of files) parseFile(file, people, manages, problems)

  const ids = new Map<string, RosterPerson>()
  const emails = new Map<string, RosterPerson>()
  const doorflowIds = new Map<number, RosterPerson>()
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
        message: `id ${quote(p.id)} is outside manages (${manages.map(m => quote(m)).join(', ')}): this roster may only list people it manages. Change the id or widen manages.`,
        at: p.idAt ?? p.at
      })
  }
  return { roster: { manages, people: unique, files: files.map(f => f.file) }, problems }
}

type Path = (string | number)[]
type Value = unknown

/**
 * js-yaml reads the roster's values rather than a `yaml` Document (bench/results.md measures the
 * whole run at 10,000 people, not the two parsers side by side, so no factor is claimed here). Its schema is YAML 1.2's without numbers, so a plain scalar is
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
        const pair = node.items.find(p => isScalar(p.key) && keyText(p.key) === String(step))
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

  // Characters that would make the file read differently from how it looks, then directives:
  // either refuses the whole file, before any value is read from it.
  if (refuseCharacters(file, problems) || refuseDirectives(file, problems)) return
  let root: Value
  try {
    root = jsyaml.load(file.text, { schema: SCHEMA, filename: file.file })
  } catch (err) {
    // The values come from js-yaml alone: when it fails, its error is reported and the file is
    // not read. js-yaml stops at the first error; the yaml Document lists every syntax error.
    const doc = locator.document()
    if (doc.errors.length) {
      for (const error of doc.errors)
        fail(`YAML syntax: ${untrusted(error.message)}`, locator.offsetPosition(error.pos[0]))
      return
    }
    const e = err as { reason?: string; mark?: { line: number; column: number } }
    const reason = e.reason ?? 'the file cannot be read as YAML'
    const message = /^unknown tag/.test(reason)
      ? `YAML: ${untrusted(reason)}: tags such as !!binary or !foo are not part of the roster format; remove the tag (quote the value if it is text).`
      : `YAML: ${untrusted(reason)}.`
    fail(message, e.mark ? { file: file.file, line: e.mark.line + 1, col: e.mark.column + 1 } : locator.at([]))
    return
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
      else if (visible(text, 'manages', at([...path]), fail)) manages.push(text)
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
    const person = parseRosterEntry(item, ['people', i], fail, at)
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

function parseRosterEntry(map: Record<string, Value>, path: Path, fail: Fail, at: At): RosterPerson | undefined {
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
        else if (visible(id, `id ${quote(id)}`, where, problem)) person.id = id
        break
      }
      case 'doorflow_id': {
        const raw = text(value)
        person.doorflowIdAt = where
        if (raw === undefined || !/^[1-9]\d{0,14}$/.test(raw))
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
  const positions: Position[] = []
  let ok = true
  value.forEach((item: Value, i) => {
    const name = text(item)
    if (!name?.trim()) {
      problem(`Each entry of ${key} in ${label} must be a name.`, at([...path, i]))
      ok = false
    } else if (!visible(name, `${key} of ${label}`, at([...path, i]), problem)) {
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

/**
 * Characters a roster may not hold: C0 and C1 controls (a NUL makes git show the file as
 * binary, so the diff cannot be reviewed), bidi controls, zero-width and other invisible
 * characters, the byte-order mark and the line and paragraph separators. Each would make the
 * file, the diff or the plan read differently from what is written to DoorFlow (the plan shows
 * text through untrusted(), which drops or replaces every one of them). In the file, tab, LF
 * and the CR of CRLF are allowed, and a byte-order mark as its first character.
 */
const FORBIDDEN_IN_FILE =
  // eslint-disable-next-line no-control-regex -- control characters are what this pattern is for
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f\ufeff]|\r(?!\n)/g

/** An email the roster takes: name@domain.tld, no spaces. */
export const EMAIL_ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

/** In a value (where a quoted string's escapes such as "\t" or "\u200b" can put them), every control character. */
export const FORBIDDEN_IN_VALUE =
  // eslint-disable-next-line no-control-regex -- control characters are what this pattern is for
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f\ufeff]/

/** At most this many refused characters are listed per file; the rest are counted in one more problem. */
const MAX_CHARACTER_PROBLEMS = 20

/** What a refused character is, for the message. */
export function characterName(c: string): string {
  const code = c.codePointAt(0) ?? 0
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  const names: Record<number, string> = {
    0: 'NUL',
    9: 'tab',
    10: 'line feed',
    13: 'carriage return',
    0x1b: 'escape',
    0x200b: 'zero-width space',
    0x200c: 'zero-width non-joiner',
    0x200d: 'zero-width joiner',
    0x2028: 'line separator',
    0x2029: 'paragraph separator',
    0x2060: 'word joiner',
    0xfeff: 'byte-order mark'
  }
  const kind =
    names[code] ??
    (code < 0x20 || (code >= 0x7f && code <= 0x9f)
      ? 'control character'
      : code === 0x61c ||
          (code >= 0x200e && code <= 0x200f) ||
          (code >= 0x202a && code <= 0x202e) ||
          (code >= 0x2066 && code <= 0x2069)
        ? 'bidi control'
        : 'invisible character')
  return `${hex} (${kind})`
}

/** Whether `value` is free of refused characters; a problem naming the field and the character when not. */
function visible(value: string, what: string, where: Position, fail: Fail): boolean {
  const found = FORBIDDEN_IN_VALUE.exec(value)
  if (!found) return true
  fail(
    `${what} holds ${characterName(found[0])}: control, bidi and invisible characters are refused, so that the plan shows exactly what is written to DoorFlow.`,
    where
  )
  return false
}

/** Problems for every refused character in the file (the first few, then their count). True when any. */
function refuseCharacters(file: RosterFile, problems: Problem[]): boolean {
  FORBIDDEN_IN_FILE.lastIndex = file.text.startsWith('\ufeff') ? 1 : 0
  let count = 0
  let lines: LineCounter | undefined
  for (let m = FORBIDDEN_IN_FILE.exec(file.text); m; m = FORBIDDEN_IN_FILE.exec(file.text)) {
    if (++count > MAX_CHARACTER_PROBLEMS) continue
    lines ??= lineStarts(file.text)
    problems.push({
      message: `${characterName(m[0])} at column ${lines.linePos(m.index).col}: a roster file holds no control, bidi or invisible characters (git shows such a file as binary, or the diff reads differently from what is written); delete it.`,
      at: { file: file.file, ...lines.linePos(m.index) }
    })
  }
  if (count > MAX_CHARACTER_PROBLEMS)
    problems.push({
      message: `${quote(file.file)} holds ${count} such characters in all; the first ${MAX_CHARACTER_PROBLEMS} are listed.`,
      at: { file: file.file, line: 1, col: 1 }
    })
  FORBIDDEN_IN_FILE.lastIndex = 0
  return count > 0
}

function lineStarts(text: string): LineCounter {
  const lines = new LineCounter()
  lines.addNewLine(0)
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1)
  return lines
}

/**
 * `%YAML` directives stand before the document; only 1.2 (the version the roster is read as)
 * is allowed, since YAML 1.1 reads `0042` as 34 and `off` as false. Problems; true when any.
 */
function refuseDirectives(file: RosterFile, problems: Problem[]): boolean {
  let refused = false
  let line = 0
  for (let start = 0; start < file.text.length; line++) {
    const end = file.text.indexOf('\n', start)
    const text = file.text.slice(start, end < 0 ? undefined : end).replace(/\r$/, '')
    start = end < 0 ? file.text.length : end + 1
    if (!text.startsWith('%')) {
      if (/^\s*(#.*)?$/.test(text.replace(/^\ufeff/, ''))) continue
      break
    }
    const version = /^%YAML\s+(\S+)/.exec(text)?.[1]
    if (version !== undefined && version !== '1.2') {
      problems.push({
        message: `%YAML ${untrusted(version, 20)}: a roster is read as YAML 1.2 only (under 1.1, 0042 would be 34 and off would be false); delete the directive.`,
        at: { file: file.file, line: line + 1, col: 1 }
      })
      refused = true
    }
  }
  return refused
}

/** A key as js-yaml reads it (SCHEMA keeps numbers as written), for finding it in the yaml Document. */
function keyText(key: Scalar): string {
  if (key.type === 'PLAIN' && typeof key.source === 'string') {
    if (/^(?:~|null|Null|NULL|)$/.test(key.source)) return 'null'
    return key.source
  }
  return String(key.value)
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
