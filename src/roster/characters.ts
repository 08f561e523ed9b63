/**
 * The characters a roster refuses: in the file (before any value is read from it) and in a value
 * (where a quoted string's escapes can put them), each problem naming the character.
 */
import { lineStarts } from './yaml.js'
import { quote, type Position, type Problem } from './roster.js'
import type { RosterFile } from './roster-files.js'
import { INVISIBLE_SOURCE } from '../untrusted.js'

/**
 * Characters a roster may not hold: C0 and C1 controls (a NUL makes git show the file as
 * binary, so the diff cannot be reviewed), bidi controls, zero-width and other invisible
 * characters, the byte-order mark and the line and paragraph separators. Each would make the
 * file, the diff or the plan read differently from what is written to DoorFlow (the plan shows
 * text through untrusted(), which drops or replaces every one of them). In the file, tab, LF
 * and the CR of CRLF are allowed, and a byte-order mark as its first character.
 */
const FORBIDDEN_IN_FILE = new RegExp(
  String.raw`${INVISIBLE_SOURCE}|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]|\r(?!\n)`,
  'gu'
)

/**
 * In a value (where a quoted string's escapes such as "\t" or "\u200b" can put them), every control
 * character and every character the gate (untrusted.ts) drops as invisible: the soft hyphen,
 * Hangul fillers, tag characters and the rest, so the plan never shows less than is written.
 */
export const FORBIDDEN_IN_VALUE = new RegExp(
  String.raw`${INVISIBLE_SOURCE}|[\u0000-\u001f\u007f-\u009f\u2028\u2029]`,
  'u'
)

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
export function visible(
  value: string,
  what: string,
  where: Position,
  fail: (message: string, at: Position) => void
): boolean {
  const found = FORBIDDEN_IN_VALUE.exec(value)
  if (!found) return true
  fail(
    `${what} holds ${characterName(found[0])}: control, bidi and invisible characters are refused, so that the plan shows exactly what is written to DoorFlow.`,
    where
  )
  return false
}

/** Problems for every refused character in the file (the first few, then their count). True when any. */
export function refuseCharacters(file: RosterFile, problems: Problem[]): boolean {
  FORBIDDEN_IN_FILE.lastIndex = file.text.startsWith('\ufeff') ? 1 : 0
  let count = 0
  let lines: ReturnType<typeof lineStarts> | undefined
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
