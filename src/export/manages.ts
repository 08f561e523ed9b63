/**
 * The exported roster's `manages`, declared once for the whole directory: a few prefix patterns
 * (`EMP-*`, `DF-*`) that match every exported person, and nobody else DoorFlow holds, with the
 * people left out of the export named in `except`. So a new hire is one entry in their
 * department's file (`EMP-10001` matches `EMP-*`), a leaver deleted from a file is removed by the
 * apply, and a person left out is never managed, so never removed.
 *
 * Exactness is checked against every system_id DoorFlow holds, exported or not, and those the
 * export gives: a pattern is written only when each id it matches is exported or named in
 * `except`. An id that `except` cannot name (a character the roster refuses, a `*`) is kept out
 * by longer prefixes instead; an id that ends in no number is listed as it is.
 */
import { naturalCompare } from './order.js'

export interface ManagesCover {
  /** `PREFIX*` patterns, then exact ids: every exported id matches one. */
  manages: string[]
  /** Ids DoorFlow holds that a pattern matches but that are not exported: nobody's to remove. */
  except: string[]
}

/**
 * `exported`: the ids of the exported people (their system_id or the generated one). `known`:
 * every system_id DoorFlow holds. `nameable(id)`: whether `except` can name the id.
 */
export function managesCover(
  exported: readonly string[],
  known: readonly string[],
  nameable: (id: string) => boolean
): ManagesCover {
  const isExported = new Set(exported)
  const all = [...new Set([...known, ...exported])].sort()
  const patterns: string[] = []
  const exact: string[] = []
  const except: string[] = []

  // Families: an id with its trailing digits taken off (EMP-1042 → EMP-). The shortest prefix
  // wins: EMP- covers EMP-X-, and every id under it is checked anyway.
  const prefixes = new Set<string>()
  for (const id of exported) {
    const prefix = id.replace(/\d+$/, '')
    if (prefix && prefix !== id) prefixes.add(prefix)
    else exact.push(id)
  }
  const families: string[] = []
  for (const prefix of [...prefixes].sort()) {
    const last = families[families.length - 1]
    if (last === undefined || !prefix.startsWith(last)) families.push(prefix)
  }

  /** Covers the ids all[lo..hi), which all start with `prefix`, at least one of them exported. */
  const cover = (prefix: string, lo: number, hi: number): void => {
    const outside = all.slice(lo, hi).filter(id => !isExported.has(id))
    if (outside.every(nameable)) {
      patterns.push(`${prefix}*`)
      except.push(...outside)
      return
    }
    // One character (code point) longer, where an exported id goes; the id equal to the prefix itself, if any, sorts first.
    let i = lo
    if (all[i] === prefix) {
      if (isExported.has(prefix)) exact.push(prefix)
      i++
    }
    while (i < hi) {
      const next = prefix + String.fromCodePoint(all[i].codePointAt(prefix.length)!)
      let j = i
      let any = false
      while (j < hi && all[j].startsWith(next)) any = isExported.has(all[j++]) || any
      if (any) cover(next, i, j)
      i = j
    }
  }

  for (const prefix of families) {
    const lo = lowerBound(all, prefix)
    let hi = lo
    while (hi < all.length && all[hi].startsWith(prefix)) hi++
    cover(prefix, lo, hi)
  }
  // An exact id that a pattern matches already (EMP-X under EMP-*) is not written twice.
  const alone = exact.filter(id => !patterns.some(p => id.startsWith(p.slice(0, -1))))
  return {
    manages: [...patterns.sort(naturalCompare), ...[...new Set(alone)].sort(naturalCompare)],
    except: [...new Set(except)].sort(naturalCompare)
  }
}

/** The first index of a sorted list whose item is not below `value`. */
function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid] < value) lo = mid + 1
    else hi = mid
  }
  return lo
}
