/**
 * File names for the export's files, made from DoorFlow's department and group names (DoorFlow's
 * text: anything at all). A name must be one plain file on every checkout the roster may land
 * on: Linux, and the case-insensitive file systems of macOS and Windows, where `Sales.yaml` and
 * `sales.yaml` are one file and `con.yaml` is a device, not a file. Two names that one of those
 * checkouts would take for the same file get distinct suffixes, so no file overwrites another.
 */

/** The most characters (code points) of a name, before `.yaml`. */
export const NAME_MAX = 60

/**
 * Names Windows keeps for devices, whatever the extension (`con.yaml` opens the console): CON,
 * PRN, AUX, NUL, COM0–COM9 and LPT0–LPT9, the superscript digits ¹ ² ³ included (Windows reads
 * `COM¹` as a port too). Matched after NFKC and lower case, so `ＣＯＮ` and `com¹` are caught.
 */
const RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/

/**
 * A file name (without `.yaml`) for a split key: compatibility-normalised (NFKC: `ſ` is `s`,
 * `¹` is `1`, full-width letters are plain ones), lower case, only letters and digits joined by
 * `-` (a letter keeps its combining marks), at most NAME_MAX characters, never a Windows device name (`con` becomes `con-people`).
 * Nothing else is possible in it: no dot (so no dot-file, no trailing dot, no extension of its
 * own), no space, no `< > : " / \ | ? *`, no control character. `unnamed` when nothing is left.
 */
export function safeName(key: string): string {
  const name = key
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFKC')
    // Combining marks stay with their letter (`İ` lower-cased is `i` and a combining dot).
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^[-\p{M}]+|-+$/gu, '')
  const short = [...name].slice(0, NAME_MAX).join('').replace(/-+$/, '')
  if (!short) return 'unnamed'
  return RESERVED.test(short) ? `${short}-people` : short
}

/**
 * Two names that a case-insensitive, normalising file system (Windows, macOS) takes for one
 * file have the same key: NFKC, then upper case (Unicode's full mapping: `σ` and final `ς` are
 * both `Σ`, `ß` is `SS`, `ſ` is `S`), then NFKC again. It may join a few names Windows would
 * keep apart (`ß` and `ss`): that costs a suffix, never a lost file.
 */
export function foldedName(name: string): string {
  return name.normalize('NFKC').toUpperCase().normalize('NFKC')
}

/**
 * A distinct file name for each key, in the keys' order: the first key to claim a folded name
 * keeps it, each later one gets `-2`, `-3`, … (itself checked against every name taken). The
 * same keys always give the same names. `reserved` are names already taken (the export's own).
 */
export function fileNames(keys: readonly string[], reserved: readonly string[] = []): Map<string, string> {
  const taken = new Set(reserved.map(foldedName))
  const names = new Map<string, string>()
  for (const key of keys) {
    const base = safeName(key)
    let name = base
    for (let n = 2; taken.has(foldedName(name)); n++) name = `${base}-${n}`
    taken.add(foldedName(name))
    names.set(key, name)
  }
  return names
}
