/**
 * The roster as the planner sees it, after parsing and validation (see parse.ts): people keyed
 * by DoorFlow's system_id, their fields in DoorFlow's terms, and where in which file each came
 * from so that a problem found later (an unknown group) still lands on the right line.
 */
import type { FieldValue, PersonField } from '../doorflow/people.js'
import { untrusted } from '../untrusted.js'

/** A place in a roster file: path relative to the workspace, 1-based line and column. */
export interface Position {
  file: string
  line: number
  col: number
}

/** One finding about the roster, reported as an annotation on its line when it has one. */
/** At most this many problems are listed in a comment or summary; one more line gives the rest's count. */
export const MAX_LISTED_PROBLEMS = 50

export interface Problem {
  message: string
  at?: Position
}

export interface RosterPerson {
  /** DoorFlow's system_id. */
  id: string
  /**
   * The fields the roster sets, by DoorFlow's names; a field it omits is absent (left as
   * DoorFlow has it) and `null` clears it. `enabled` is always present (default true).
   * Dates are instants in UTC ISO 8601 (see parse.ts for how a bare date maps).
   */
  fields: Partial<Record<PersonField, FieldValue>>
  /** Group names: the complete set. */
  groups: string[]
  /** Role names: the complete set, or undefined when the roster leaves roles as DoorFlow has them. */
  roles: string[] | undefined
  /**
   * DoorFlow's own id of the person this entry adopts (`doorflow_id`), when given: matched
   * exactly, for people DoorFlow holds without a system_id (and often without an email).
   */
  doorflowId?: number
  doorflowIdAt?: Position
  /** Where the person's entry starts. */
  at: Position
  /** Where the id and each field's value stand, when parsed from a file. */
  idAt?: Position
  fieldsAt?: Partial<Record<PersonField, Position>>
  /** Where each group and role name stands, by index. */
  groupsAt: Position[]
  rolesAt: Position[]
}

export interface Roster {
  /** `manages` patterns (union over every file); empty when none: then nothing is ever removed. */
  manages: string[]
  /** `except`: exact system_ids no pattern manages (union over every file): never removed, never listed. */
  except?: string[]
  people: RosterPerson[]
  /** The files read, relative to the workspace. */
  files: string[]
}

/**
 * A `manages` pattern as a test on system_ids: `*` matches any run of characters (none
 * included), every other character matches itself, case-sensitively, over the whole id. An id
 * in `except` is matched by none.
 */
export function managesMatcher(
  patterns: string[],
  except: readonly string[] = []
): ((systemId: string) => boolean) | undefined {
  if (!patterns.length) return undefined
  // Ids without a star are looked up, not scanned: an exported roster may list thousands.
  const exact = new Set(patterns.filter(p => !p.includes('*')))
  const globs = patterns.filter(p => p.includes('*')).map(p => p.split('*'))
  // `except` only ever narrows what the patterns claim: an id in it is nobody's to remove.
  const excepted = new Set(except)
  return id => !excepted.has(id) && (exact.has(id) || globs.some(parts => globMatch(parts, id)))
}

/**
 * Whether `text` matches the pattern split at its stars, in time linear in the text's length
 * (no regular expression, so no backtracking: a roster from a fork can write any pattern). The
 * first part is a prefix, the last a suffix, and each part between is taken at its leftmost
 * place after the one before: a leftmost place leaves the most room for what follows, so when
 * this fails no other placement succeeds.
 */
export function globMatch(parts: string[], text: string): boolean {
  if (parts.length === 1) return text === parts[0]
  const first = parts[0]
  const last = parts[parts.length - 1]
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false
  let from = first.length
  const end = text.length - last.length
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i]
    if (!part) continue
    const found = text.indexOf(part, from)
    if (found < 0 || found + part.length > end) return false
    from = found + part.length
  }
  return true
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  return editDistanceWithin(a, b, Math.max(a.length, b.length))
}

/**
 * Levenshtein distance when it is at most `max`, else `max + 1`: only the band of cells within
 * `max` of the diagonal is computed, so a 16 MiB word against a short one costs its length times
 * `max`, not the product of the lengths.
 */
export function editDistanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  const over = max + 1
  let row = Array.from({ length: b.length + 1 }, (_, j) => (j <= max ? j : over))
  for (let i = 1; i <= a.length; i++) {
    const next = new Array<number>(b.length + 1).fill(over)
    const from = Math.max(1, i - max)
    const to = Math.min(b.length, i + max)
    if (from === 1) next[0] = i <= max ? i : over
    let best = next[0]
    for (let j = from; j <= to; j++) {
      next[j] = Math.min(over, row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (next[j] < best) best = next[j]
    }
    if (best > max) return over
    row = next
  }
  return Math.min(over, row[b.length])
}

/** The closest candidate, when close enough to be a likely typo (case ignored). */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  return new Suggester(candidates).guess(word)
}

/**
 * "Did you mean" for many words against one list of candidates, in bounded time: each word is
 * compared only with candidates of a length within the typo limit (at most 3 edits), through a
 * band of that width; a word asked again is answered from memory; and after `maxLookups`
 * different words no more are looked up (undefined), so a roster of a million unknown names
 * against a thousand DoorFlow groups costs at most `maxLookups` lookups, not a billion. Messages
 * past the first few dozen are only counted anyway (review.ts, MAX_LISTED_PROBLEMS).
 */
export class Suggester {
  private readonly byLength = new Map<number, { name: string; lower: string; index: number }[]>()
  private readonly memo = new Map<string, string | undefined>()
  private readonly all: ReadonlySet<string>
  private joined: string | undefined

  constructor(
    candidates: readonly string[],
    private readonly maxLookups = Infinity
  ) {
    this.all = new Set(candidates)
    candidates.forEach((name, index) => {
      const lower = name.toLowerCase()
      const same = this.byLength.get(lower.length)
      if (same) same.push({ name, lower, index })
      else this.byLength.set(lower.length, [{ name, lower, index }])
    })
  }

  /** Whether `word` is one of the candidates, exactly. */
  knows(word: string): boolean {
    return this.all.has(word)
  }

  /** The candidates, comma-separated, as a message lists them (joined once). */
  get listed(): string {
    return (this.joined ??= [...this.all].join(', '))
  }

  guess(word: string): string | undefined {
    if (this.memo.has(word)) return this.memo.get(word)
    if (this.memo.size >= this.maxLookups) return undefined
    const w = word.toLowerCase()
    const limit = Math.max(1, Math.min(3, Math.floor(w.length / 3)))
    // The nearest; of equally near ones, the first in the candidates' order.
    let best: { name: string; d: number; index: number } | undefined
    for (let length = w.length - limit; length <= w.length + limit; length++) {
      for (const c of this.byLength.get(length) ?? []) {
        const d = editDistanceWithin(w, c.lower, limit)
        if (d <= limit && (!best || d < best.d || (d === best.d && c.index < best.index)))
          best = { name: c.name, d, index: c.index }
      }
    }
    const found = best?.name
    this.memo.set(word, found)
    return found
  }
}

/** A roster value inside a message: through the one gate (a fork's pull request writes the roster), quoted. */
export function quote(value: string): string {
  return `'${untrusted(value, 80)}'`
}
