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

/** "1 attempt", "3 attempts". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
