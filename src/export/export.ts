/**
 * The export: a DoorFlow account (people, groups, roles) → roster files that plan to zero
 * changes against the same account. Pure: no request, no file written (script/export.ts and
 * the action's `export` input read the account and write what this returns).
 *
 * Rules (docs/roster.md, "Start from your account"):
 * - Every person becomes one entry. A person without a system_id gets one from the id template
 *   (default `DF-{id}`) and `doorflow_id: N`, which adopts them on the first apply.
 * - Fields are written only when DoorFlow has them set; `enabled` only when false; `roles` only
 *   when the person has some (omitted, DoorFlow's roles stay); `groups` always (the complete set).
 * - Every string is written so that the roster parser reads it back unchanged: plain only when
 *   it is a plain word (letters, digits and a few marks), double-quoted otherwise.
 * - A person whose data the roster refuses (control, bidi, zero-width characters; an email the
 *   roster does not take; a name that is empty; a group that is unknown or not unique by name; a
 *   system_id shared with another person or holding `*`) is left out and reported, never written raw.
 * - `manages`, per file: a prefix pattern such as `EMP-*` (the id with its trailing digits
 *   replaced by `*`) when every system_id in the account that it matches, the generated ones
 *   included, is in that file; otherwise the file's exact ids. So each file manages only the
 *   people it lists, and no person left out is ever managed (and so never pruned).
 */
import type { Account, DoorFlowPerson } from '../doorflow/people.js'
import { PERSON_FIELDS, type Named, type PersonField } from '../doorflow/people.js'
import { dateInstant, EMAIL_ADDRESS } from '../roster/parse.js'
import { characterName, FORBIDDEN_IN_VALUE } from '../roster/characters.js'
import { asciiLower } from '../roster/email.js'

export type SplitKey = 'department' | 'group' | 'none'
export const SPLIT_KEYS: readonly SplitKey[] = ['department', 'group', 'none']

export const DEFAULT_ID_TEMPLATE = 'DF-{id}'

export interface ExportOptions {
  split: SplitKey
  /** The system_id given to a person without one; `{id}` is their DoorFlow id. */
  idTemplate: string
}

export interface ExportedFile {
  /** A file name: no path separator, no leading dot, no control character; ends in .yaml. */
  name: string
  text: string
  /** People in this file. */
  people: number
}

/** A DoorFlow person left out of the export, and why (the action's words; no DoorFlow text). */
export interface LeftOut {
  personId: number
  why: string
}

export interface ExportResult {
  files: ExportedFile[]
  people: number
  leftOut: LeftOut[]
}

/** Why an id template cannot be used, or undefined when it can. */
export function checkIdTemplate(template: string): string | undefined {
  if (!template.includes('{id}')) return "must hold {id} (the DoorFlow id), e.g. 'DF-{id}'."
  if (template.length > 100) return 'is longer than 100 characters.'
  if (template !== template.trim()) return 'has leading or trailing spaces.'
  if (template.includes('*')) return "holds '*', which manages reads as a wildcard."
  const bad = FORBIDDEN.exec(template)
  if (bad) return `holds ${characterName(bad[0])}.`
  return undefined
}

/** Characters a roster value may not hold, and lone surrogates (a roster file, being UTF-8, has none; DoorFlow's JSON may). */
const FORBIDDEN = new RegExp(`${FORBIDDEN_IN_VALUE.source}|\\p{Cs}`, 'u')

interface Entry {
  id: string
  person: DoorFlowPerson
  groups: string[]
  roles: string[]
  key: string
}

export function exportRoster(
  account: Pick<Account, 'people' | 'groups' | 'roles'>,
  options: ExportOptions
): ExportResult {
  const templateProblem = checkIdTemplate(options.idTemplate)
  if (templateProblem) throw new Error(`The id template ${templateProblem}`)
  const leftOut: LeftOut[] = []
  const groupNames = names(account.groups)
  const roleNames = names(account.roles)

  // Every system_id the account holds or the export would give, and how often.
  const idCount = new Map<string, number>()
  const idOf = (p: DoorFlowPerson) => p.system_id ?? options.idTemplate.split('{id}').join(String(p.id))
  for (const p of account.people) idCount.set(idOf(p), (idCount.get(idOf(p)) ?? 0) + 1)
  const emailCount = new Map<string, number>()
  for (const p of account.people)
    if (p.email) emailCount.set(asciiLower(p.email), (emailCount.get(asciiLower(p.email)) ?? 0) + 1)

  const entries: Entry[] = []
  for (const person of account.people) {
    const id = idOf(person)
    const why = refusal(person, id, idCount, emailCount, groupNames, roleNames)
    if (why) {
      leftOut.push({ personId: person.id, why })
      continue
    }
    const groups = sortedNames(person.groups.map(g => groupNames.get(g)!.name))
    const roles = sortedNames(person.roles.map(r => roleNames.get(r)!.name))
    const key =
      options.split === 'none'
        ? 'roster'
        : options.split === 'department'
          ? person.department?.trim() || 'no-department'
          : (groups[0] ?? 'no-group')
    entries.push({ id, person, groups, roles, key })
  }

  // One file per key, with a safe and unique name.
  const byKey = new Map<string, Entry[]>()
  for (const e of entries) {
    const list = byKey.get(e.key)
    if (list) list.push(e)
    else byKey.set(e.key, [e])
  }
  const keys = [...byKey.keys()].sort(naturalCompare)
  const taken = new Set<string>()
  const fileOf = new Map<string, string>()
  for (const key of keys) {
    const base = safeName(key)
    let name = base
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`
    taken.add(name.toLowerCase())
    fileOf.set(key, name)
  }

  // Where each id in the account lives: its file, or '' when it is in no file (left out).
  const home = new Map<string, string>()
  for (const e of entries) home.set(e.id, fileOf.get(e.key)!)
  // Every system_id a manages pattern could meet after the apply: DoorFlow's own, and those the export gives.
  const sortedIds = [
    ...new Set([...account.people.flatMap(p => (p.system_id === null ? [] : [p.system_id])), ...home.keys()])
  ].sort()

  const files: ExportedFile[] = []
  for (const key of keys) {
    const file = fileOf.get(key)!
    const list = byKey.get(key)!.sort((a, b) => naturalCompare(a.id, b.id))
    const manages = managesFor(
      list.map(e => e.id),
      file,
      home,
      sortedIds
    )
    files.push({ name: `${file}.yaml`, text: fileText(manages, list), people: list.length })
  }
  return { files, people: entries.length, leftOut }
}

/** Why a person cannot be exported as DoorFlow holds them, or undefined. */
function refusal(
  p: DoorFlowPerson,
  id: string,
  idCount: Map<string, number>,
  emailCount: Map<string, number>,
  groups: Map<number, Named & { unique: boolean }>,
  roles: Map<number, Named & { unique: boolean }>
): string | undefined {
  if ((idCount.get(id) ?? 0) > 1)
    return p.system_id !== null
      ? 'its system_id is also another DoorFlow person’s (give each a unique system_id in DoorFlow).'
      : 'the system_id the id template gives it is already another DoorFlow person’s (choose another --id-template).'
  if (id !== id.trim()) return 'its system_id has leading or trailing spaces, which the roster refuses.'
  if (id.includes('*')) return "its system_id holds '*', which manages would read as a wildcard."
  if (!p.first_name.trim()) return 'its first_name is empty; the roster needs one.'
  if (!p.last_name.trim()) return 'its last_name is empty; the roster needs one.'
  const texts: [string, string][] = [['system_id', id]]
  for (const field of PERSON_FIELDS) {
    const v = p[field as Exclude<PersonField, 'enabled'>]
    if (typeof v === 'string') texts.push([field, v])
  }
  for (const [field, value] of texts) {
    const bad = FORBIDDEN.exec(value)
    if (bad) return `${field} holds ${characterName(bad[0])}, which the roster refuses.`
  }
  if (p.email) {
    if (!EMAIL_ADDRESS.test(p.email)) return 'its email is not an address the roster takes (name@domain.tld).'
    if ((emailCount.get(asciiLower(p.email)) ?? 0) > 1)
      return 'its email is also another DoorFlow person’s (ignoring ASCII case); the roster keeps emails unique.'
  }
  for (const field of ['valid_from', 'valid_to'] as const) {
    const v = p[field]
    if (v && Number.isNaN(Date.parse(v))) return `its ${field} is not a date-time.`
  }
  if (p.valid_from && p.valid_to && Date.parse(p.valid_to) < Date.parse(p.valid_from))
    return 'its valid_to is before its valid_from, which the roster refuses.'
  for (const [kind, ids, known] of [
    ['group', p.groups, groups],
    ['role', p.roles, roles]
  ] as const) {
    for (const gid of ids) {
      const named = known.get(gid)
      if (!named) return `it is in ${kind} ${gid}, which DoorFlow’s ${kind} list does not name.`
      if (!named.unique) return `it is in ${kind} ${gid}, whose name another ${kind} has too (rename one in DoorFlow).`
      const bad = FORBIDDEN.exec(named.name)
      if (bad) return `the name of its ${kind} ${gid} holds ${characterName(bad[0])}, which the roster refuses.`
      if (!named.name.trim()) return `the name of its ${kind} ${gid} is empty.`
    }
  }
  return undefined
}

function names(list: Named[]): Map<number, Named & { unique: boolean }> {
  const count = new Map<string, number>()
  for (const n of list) count.set(n.name, (count.get(n.name) ?? 0) + 1)
  return new Map(list.map(n => [n.id, { ...n, unique: count.get(n.name) === 1 }]))
}

function sortedNames(list: string[]): string[] {
  return [...new Set(list)].sort(naturalCompare)
}

/**
 * The file's manages: for each run of ids with a common prefix (the id without its trailing
 * digits), `prefix*` when every id in the account starting with that prefix is in this file;
 * else the ids themselves.
 */
function managesFor(ids: string[], file: string, home: Map<string, string>, sortedIds: string[]): string[] {
  const prefixes = new Map<string, string[]>()
  const exact: string[] = []
  for (const id of ids) {
    const prefix = id.replace(/\d+$/, '')
    if (prefix === id || !prefix) exact.push(id)
    else {
      const list = prefixes.get(prefix)
      if (list) list.push(id)
      else prefixes.set(prefix, [id])
    }
  }
  const out: string[] = []
  for (const [prefix, members] of prefixes) {
    if (members.length > 1 && onlyHere(prefix, file, home, sortedIds)) out.push(`${prefix}*`)
    else exact.push(...members)
  }
  return [...out.sort(naturalCompare), ...exact.sort(naturalCompare)]
}

/** Whether every id in the account that starts with `prefix` lives in `file`. */
function onlyHere(prefix: string, file: string, home: Map<string, string>, sortedIds: string[]): boolean {
  let lo = 0
  let hi = sortedIds.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sortedIds[mid] < prefix) lo = mid + 1
    else hi = mid
  }
  for (let i = lo; i < sortedIds.length && sortedIds[i].startsWith(prefix); i++)
    if (home.get(sortedIds[i]) !== file) return false
  return true
}

function fileText(manages: string[], entries: Entry[]): string {
  const lines = [
    '# Exported from DoorFlow: review it, then commit it. docs/roster.md explains every field.',
    'version: 1',
    'manages:',
    ...manages.map(m => `  - ${scalar(m)}`),
    'people:'
  ]
  for (const { id, person: p, groups, roles } of entries) {
    lines.push(`  - id: ${scalar(id)}`)
    if (p.system_id === null) lines.push(`    doorflow_id: ${p.id}`)
    lines.push(`    first_name: ${scalar(p.first_name)}`, `    last_name: ${scalar(p.last_name)}`)
    for (const field of PERSON_FIELDS) {
      if (field === 'first_name' || field === 'last_name') continue
      if (field === 'enabled') {
        if (!p.enabled) lines.push('    enabled: false')
        continue
      }
      const v = p[field]
      if (v === null || v === undefined || v === '') continue
      lines.push(`    ${field}: ${scalar(field === 'valid_from' || field === 'valid_to' ? instant(v, field) : v)}`)
    }
    lines.push(`    groups: [${groups.map(scalar).join(', ')}]`)
    if (roles.length) lines.push(`    roles: [${roles.map(scalar).join(', ')}]`)
  }
  return `${lines.join('\n')}\n`
}

/** DoorFlow's date-time as the roster writes it back to the same second (a bare date would move valid_to to 23:59:59). */
function instant(value: string, field: 'valid_from' | 'valid_to'): string {
  const asIs = dateInstant(value, field === 'valid_to' ? 'end' : 'start')
  const ms = Date.parse(value)
  if (typeof asIs === 'string' && Math.floor(Date.parse(asIs) / 1000) === Math.floor(ms / 1000)) return value
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/** Words that YAML (1.2 or 1.1) reads as something other than text. */
const KEYWORDS = /^(?:null|true|false|yes|no|on|off|y|n|~)$/i

/**
 * A YAML scalar that reads back as exactly `value`: plain when it is words of letters, digits
 * and `_ . @ + / -` (starting with a letter, no YAML keyword), double-quoted (JSON escapes,
 * which YAML 1.2 reads alike) otherwise.
 */
export function scalar(value: string): string {
  if (/^[A-Za-z][A-Za-z0-9_.@+/-]*(?: [A-Za-z0-9_.@+/-]+)*$/.test(value) && !KEYWORDS.test(value)) return value
  return JSON.stringify(value)
}

/** A file name for a split key: letters and digits joined by '-', lower case, at most 60 characters. */
export function safeName(key: string): string {
  const name = key
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
  const short = [...name].slice(0, 60).join('').replace(/-+$/, '')
  if (!short) return 'unnamed'
  // Names Windows keeps for devices.
  return /^(?:con|prn|aux|nul|com\d|lpt\d)$/.test(short) ? `${short}-people` : short
}

/** Natural order: runs of digits by their value, so EMP-2 comes before EMP-10. */
export function naturalCompare(a: string, b: string): number {
  const x = a.match(/\d+|\D+/g) ?? []
  const y = b.match(/\d+|\D+/g) ?? []
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]
    const q = y[i]
    if (p === q) continue
    const digits = /^\d/.test(p) && /^\d/.test(q)
    if (digits) {
      const pv = p.replace(/^0+/, '')
      const qv = q.replace(/^0+/, '')
      if (pv.length !== qv.length) return pv.length - qv.length
      if (pv !== qv) return pv < qv ? -1 : 1
      continue
    }
    return p < q ? -1 : 1
  }
  if (x.length !== y.length) return x.length - y.length
  return a < b ? -1 : a > b ? 1 : 0
}
