/**
 * How the roster compares emails, everywhere (adoption, "already belongs to", the diff, duplicate
 * checks): exactly, or ignoring ASCII case only. No Unicode folding: `toLowerCase()` turns
 * U+212A KELVIN SIGN into `k` and U+0130 into `i̇`, so a look-alike address in DoorFlow would match
 * a roster's plain one and hand that record the roster's access.
 */

/** The text with A–Z lowered to a–z and every other character as it is. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, c => String.fromCharCode(c.charCodeAt(0) + 32))
}

/** Whether two emails are the same address, ignoring ASCII case only. */
export function sameEmail(a: string, b: string): boolean {
  return asciiLower(a) === asciiLower(b)
}
