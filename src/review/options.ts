/**
 * The review's windows, read as inputs are read: the action's `access-review-unused-days`,
 * `access-review-ending-days`, `access-review-delay-hours` and `access-review-period-days`, the
 * terminal's `--unused-days` and the rest (the same names without the prefix). A bad value is one
 * line naming the input before any request.
 */
import { InputError, type InputReader } from '../inputs.js'
import { REVIEW_DEFAULTS, type ReviewOptions } from './review.js'

const WINDOWS = [
  ['unused-days', 'unusedDays', 3650],
  ['ending-days', 'endingDays', 3650],
  ['delay-hours', 'delayHours', 8760],
  ['period-days', 'periodDays', 3650]
] as const

/** The windows: each a whole number from 1 to its maximum, or empty for the default. */
export function parseReviewWindows(read: InputReader, prefix: string, asOf: number): ReviewOptions {
  const options: ReviewOptions = { asOf, ...REVIEW_DEFAULTS }
  for (const [name, key, max] of WINDOWS) {
    const input = `${prefix}${name}`
    const raw = read(input).trim()
    if (!raw) continue
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
      throw new InputError(
        input,
        `must be a whole number from 1 to ${max} (or empty for ${REVIEW_DEFAULTS[key]}), got '${raw.slice(0, 40)}'.`
      )
    options[key] = Number(raw)
  }
  return options
}
