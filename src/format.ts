/**
 * A duration for people, to the tenth of a second: "3 s", "2.5 s". A whole number of seconds drops
 * the ".0", whatever the milliseconds behind it, so one value always reads one way ("1 s" for 1000
 * and for 1040 ms alike, never "1.0 s").
 */
export function seconds(ms: number): string {
  const tenths = Math.round(ms / 100)
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)} s`
}

/** An instant as ISO 8601 without milliseconds when they are zero. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

/** "1 attempt", "3 attempts"; `many` for a noun whose plural is not an added s. The one place a count picks its word. */
export function plural(n: number, noun: string, many = `${noun}s`): string {
  return `${n} ${verb(n, noun, many)}`
}

/** "1 person", "3 people". */
export function people(n: number): string {
  return plural(n, 'person', 'people')
}

/** The word that agrees with a count: `verb(1, 'has', 'have')` is "has", `verb(0, 'is', 'are')` is "are". */
export function verb(n: number, one: string, many: string): string {
  return n === 1 ? one : many
}
