/**
 * A leaver's times from the apply record on the pull request that removed them (the trailer that
 * roster/apply-record.ts writes and reads back strictly): when it was merged, and the apply run that
 * carried the change - the one whose revoked ids name the person, else the last that wrote, else
 * the last - with its applied, synced and confirmed times (a run the record says was refused is
 * never it: it applied nothing). Only a record of the roster reviewed is read: a pull request that
 * changed two rosters carries one of each, written by two apply jobs at their own times. Only
 * comments of the identity that writes the records reach here (github/pull-facts.ts's commentsBy).
 */
import { readRecord } from '../roster/apply-record.js'
import type { ApplyTimes } from './review.js'

export function applyTimesOf(
  body: string,
  doorflowIds: readonly number[],
  /** rosterKey of the roster reviewed: a pull request that changed two rosters carries a record of each. */
  roster?: string
): ApplyTimes | undefined {
  const record = readRecord(body)
  if (!record || (roster !== undefined && record.roster !== roster)) return undefined
  // A rebase merge pushes several commits and records the last: any record on the commit's pull request is its.
  // A refused run applied nothing: its time is no time the change was applied.
  const runs = record.runs.filter(r => !r.outcome?.startsWith('refused'))
  // The run that names the person; else the last that wrote (a revoked list may be cut short, and a
  // later run is the safe guess: it can only make the delay look longer, never shorter); else the last.
  const wrote = runs.filter(r => r.written > 0)
  const run =
    runs.find(r => r.revoked.some(id => doorflowIds.includes(id))) ?? wrote[wrote.length - 1] ?? runs[runs.length - 1]
  if (!run) return undefined
  return {
    ...(record.merged === undefined ? {} : { merged: record.merged }),
    applied: run.applied,
    ...(run.synced === undefined ? {} : { synced: run.synced }),
    ...(run.confirmed === undefined ? {} : { confirmed: run.confirmed })
  }
}
