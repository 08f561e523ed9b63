import { untrusted } from './untrusted.js'

/**
 * A duration for people, to the tenth of a second: "3 s", "2.5 s". A whole number of seconds drops
 * the ".0", whatever the milliseconds behind it, so one value always reads one way ("1 s" for 1000
 * and for 1040 ms alike, never "1.0 s").
 */
export function seconds(ms: number): string {
  const tenths = Math.round(ms / 100)
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)} s`
}

/** A longer wait or estimate, rounded up to the whole second: "7 min 26 s", "42 s". */
export function duration(ms: number): string {
  const s = Math.ceil(ms / 1000)
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`
}

/** An instant as ISO 8601 without milliseconds when they are zero. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

/** "1 attempt", "3 attempts"; `many` for a noun whose plural is not an added s. The one place a count picks its word. */
export function plural(n: number, noun: string, many = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${verb(n, noun, many)}`
}

/** A count of people: "1 person", "3 people" (the people themselves are doorflow/people.ts's). */
export function headcount(n: number): string {
  return plural(n, 'person', 'people')
}

/** The word that agrees with a count: `verb(1, 'has', 'have')` is "has", `verb(0, 'is', 'are')` is "are". */
export function verb(n: number, one: string, many: string): string {
  return n === 1 ? one : many
}

/** A person as a message names them: the roster's or DoorFlow's name, and their system_id. */
export interface PersonNamed {
  name: string
  systemId: string
}

/**
 * "Ada Lovelace (EMP-7)": how every log line, summary and comment names a person. A person with
 * no name (or one the escape leaves empty, or hidden as personal data) is named by the system_id
 * alone: "EMP-7", "EMP-7 (disabled)". `escape`
 * gates each piece: plain data for a log by default, the Markdown escape where the text goes into
 * Markdown. `detail` joins the system_id in the brackets: "Ada Lovelace (EMP-7, disabled)".
 */
export function personLabel(
  person: PersonNamed,
  escape: (text: string) => string = text => untrusted(text, 120),
  detail?: string
): string {
  const id = escape(person.systemId)
  const name = escape(person.name)
  if (!name) return detail === undefined ? id : `${id} (${detail})`
  return `${name} (${detail === undefined ? id : `${id}, ${detail}`})`
}

/** A size as people read it: "16 MiB", "1.5 MiB", "512 bytes". */
export function byteSize(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB` : exactBytes(n)
}

/** Exact, for a size just over a cap ("16 MiB, more than the 16 MiB" would say nothing). */
export const exactBytes = (n: number): string => `${n.toLocaleString('en-US')} bytes`
