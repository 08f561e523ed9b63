/**
 * How a roster run ended, one variant a way: what main.ts needs to end the step (its failure, the
 * sync to send or why none is sent, a cancel), and the failure line the job summary starts with.
 */
import * as core from '@actions/core'
import { writeSummaryOrWarn } from '../report.js'
import { inertMarkdown } from '../untrusted.js'
import type { Runner } from '../runner.js'
import type { RecordTarget } from './record-step.js'

/** The sign-in a run read DoorFlow with, which the sync after an apply sends with. */
export interface SignedIn {
  accessToken: string
  note: string
}

/** A roster run's outcome. Every variant but `applied` and `cancelled` wrote nothing to DoorFlow. */
export type RosterOutcome =
  /** A dry run's plan, shown for review; `failure`: it fails all the same (unmanaged: fail, or not shown whole on the pull request). */
  | { kind: 'planned'; failure?: string }
  /** The roster has problems, of its own or against DoorFlow: nothing planned. `details`: the problems, for the summary. */
  | { kind: 'problems'; message: string; details?: string }
  /** DoorFlow could not be signed in to or read, so nothing was planned. */
  | { kind: 'not-planned'; message: string }
  /**
   * An apply stopped before its first write by a check: unmanaged: fail, or changes not reviewed (`details`: the review
   * check). `record`: main.ts writes that it was refused on the merged pull requests, once they are known.
   */
  | { kind: 'refused'; message: string; details?: string; record?: RecordTarget }
  /** The apply refused by the guard's verdict: nothing was written and no sync is sent; its section of the summary says so. */
  | { kind: 'guard-refused'; message: string; record?: RecordTarget }
  /**
   * Applied (in full or in part; `failure` when not in full): main.ts sends the sync that carries it, with this
   * sign-in, then writes `record` (the apply's record on the merged pull request, record-step.ts) when there is one.
   */
  | { kind: 'applied'; failure?: string; wrote: boolean; sync: SignedIn; record?: RecordTarget }
  /** Applied with nothing written and sync: auto, so no sync is sent: `why`, for the log, outputs and summary. */
  | { kind: 'applied-no-sync'; failure?: string; why: string; record?: RecordTarget }
  /**
   * The job was cancelled while applying; the one sync it sent at once is said in `message`. `record`: once a write
   * was sent, main.ts writes what was, if the runner leaves it the time (record-step.ts), with `accepted`: that sync's.
   */
  | { kind: 'cancelled'; message: string; record?: RecordTarget; accepted?: boolean }

/** A step ends the run here, with this outcome. */
export interface Stop<End = RosterOutcome> {
  stop: End
}

/** The outcome's failure, in one line; undefined when the run passes. */
function failureOf(outcome: RosterOutcome): string | undefined {
  switch (outcome.kind) {
    case 'planned':
    case 'applied':
    case 'applied-no-sync':
      return outcome.failure
    case 'problems':
    case 'not-planned':
    case 'refused':
    case 'guard-refused':
    case 'cancelled':
      return outcome.message
  }
}

/** A failed run's outcome as the job summary's first line, unless the apply's section already says it. */
export async function summariseFailure(runner: Runner, outcome: RosterOutcome): Promise<void> {
  const summarised = ['guard-refused', 'applied', 'applied-no-sync', 'cancelled'].includes(outcome.kind)
  const failure = failureOf(outcome)
  if (failure === undefined || summarised || !runner.summary) return
  const details = 'details' in outcome ? outcome.details : undefined
  // The blank line first: a heading right after an HTML block (the apply's) would show as text.
  const message = inertMarkdown(failure, 2000)
  await writeSummaryOrWarn(
    core.summary
      .addRaw(`\n### ❌ DoorFlow roster failed\n\n${message}\n${details ? `\n${details}\n` : ''}`, true)
      .write()
  )
}
