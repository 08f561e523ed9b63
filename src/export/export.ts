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
 * - `manages` once for the directory (manages.ts): prefix patterns that match every exported
 *   person and nobody else in DoorFlow, the people left out named in `except`; in `_manages.yaml`
 *   beside the department files (a name safeName never gives), or in the one file of --split none.
 *   So a new hire is one entry in one file, and no person left out is ever managed (or pruned).
 * - File names (names.ts) stay distinct on case-insensitive checkouts and are never Windows devices.
 * - A DoorFlow value the roster would refuse (an id it cannot adopt by, a date it cannot read back)
 *   leaves the person out, named: never written into a roster that then fails every plan.
 */
import type { Account, DoorFlowPerson } from '../doorflow/people.js'
import { PERSON_FIELDS, type Named, type PersonField } from '../doorflow/people.js'
import { dateInstant, DOORFLOW_ID, EMAIL_ADDRESS } from '../roster/parse.js'
import { characterName, FORBIDDEN_IN_VALUE } from '../roster/characters.js'
import { asciiLower } from '../roster/email.js'
import { managesCover, type ManagesCover } from './manages.js'
import { fileNames, safeName } from './names.js'
import { naturalCompare } from './order.js'

export { naturalCompare, safeName }

/** The file that holds the directory's `manages` when the export writes several files. */
export const MANAGES_FILE = '_manages.yaml'

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

  // One file per key, with a safe name no other file of the directory folds to.
  const byKey = new Map<string, Entry[]>()
  for (const e of entries) {
    const list = byKey.get(e.key)
    if (list) list.push(e)
    else byKey.set(e.key, [e])
  }
  const keys = [...byKey.keys()].sort(naturalCompare)
  const fileOf = fileNames(keys, [MANAGES_FILE.replace(/\.yaml$/, '')])

  // manages once, for every file: matching each exported id and no other system_id DoorFlow holds
  // but those left out, which `except` names. Ids are checked against everyone, not just the exported.
  const known = account.people.flatMap(p => (p.system_id === null ? [] : [p.system_id]))
  const cover = entries.length
    ? managesCover(
        entries.map(e => e.id),
        known,
        id => !id.includes('*') && !FORBIDDEN.test(id)
      )
    : undefined
  const personOf = new Map<string, number[]>()
  for (const p of account.people)
    if (p.system_id !== null) personOf.set(p.system_id, [...(personOf.get(p.system_id) ?? []), p.id])

  const files: ExportedFile[] = []
  const one = options.split === 'none'
  if (cover && !one)
    files.push({ name: MANAGES_FILE, text: fileText(managesLines(cover, personOf, true), undefined), people: 0 })
  for (const key of keys) {
    const list = byKey.get(key)!.sort((a, b) => naturalCompare(a.id, b.id))
    const head =
      one && cover
        ? managesLines(cover, personOf, false)
        : [`# Who this directory manages (and so may remove) is in ${MANAGES_FILE}: add a new hire here only.`]
    files.push({ name: `${fileOf.get(key)!}.yaml`, text: fileText(head, list), people: list.length })
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
  // An id the roster's doorflow_id cannot hold (0, negative, fractional, past 15 digits) names nobody the roster can adopt or write to.
  if (typeof p.id !== 'number' || !DOORFLOW_ID.test(String(p.id)))
    return 'its DoorFlow id is not a whole number from 1 to 999,999,999,999,999, which the roster refuses.'
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
    if (v && !readsBack(v, field))
      return `its ${field} is a date the roster cannot read back (it takes years 0100 to 9999), which would fail every plan.`
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

/** The lines that say who the roster manages: its patterns, and the people left out, each with their DoorFlow id. */
function managesLines(cover: ManagesCover, personOf: Map<string, number[]>, directory: boolean): string[] {
  return [
    directory
      ? '# For every file of this directory: a DoorFlow person whose system_id matches manages and whom no file lists is removed (input prune).'
      : '# A DoorFlow person whose system_id matches manages and who is not listed is removed (input prune).',
    'manages:',
    ...cover.manages.map(m => `  - ${scalar(m)}`),
    ...(cover.except.length
      ? [
          '# Left out of the export (DoorFlow data the roster refuses): never managed, so never removed.',
          'except:',
          ...cover.except.map(id => `  - ${scalar(id)} # DoorFlow person ${(personOf.get(id) ?? []).join(', ')}`)
        ]
      : [])
  ]
}

/** A roster file: the export's note, version, `head` (manages, or where it is), then the people when there are entries. */
function fileText(head: string[], entries: Entry[] | undefined): string {
  const lines = [
    '# Exported from DoorFlow: review it, then commit it. docs/roster.md explains every field.',
    'version: 1',
    ...head
  ]
  if (!entries) return `${lines.join('\n')}\n`
  lines.push('people:')
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

/** Whether the date the export would write for DoorFlow's `value` is one the roster reads, as the same second. */
function readsBack(value: string, field: 'valid_from' | 'valid_to'): boolean {
  const read = dateInstant(instant(value, field), field === 'valid_to' ? 'end' : 'start')
  return typeof read === 'string' && Math.floor(Date.parse(read) / 1000) === Math.floor(Date.parse(value) / 1000)
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
