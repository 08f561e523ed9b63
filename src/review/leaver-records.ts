/**
 * The apply records of the period's leavers: on the merged pull request of each leaver's commit, the
 * comment of the identity that writes the records whose first line is this roster's marker
 * (`<!-- doorflow-roster-applied KEY -->`), the first one as the apply itself finds it
 * (github/record-comment.ts); a quoted trailer in any other comment, ours included, is never read.
 * Its trailer must be of this roster and of the pull request's merge commit (or the leaver's own
 * commit). Anyone with Write access may edit our comment and keep us its author, so GitHub is asked
 * who last edited each record chosen, all of them in one GraphQL request (github/comment-history.ts):
 * one edited by anyone but its author, or one GitHub would not say of, gives no times. A leaver whose
 * record is not used has a reason (`problems`), which the review flags in place of "no apply record
 * found".
 */
import type { Context } from '../net/context.js'
import type { Operation } from '../net/failure-messages.js'
import { commentsBy, MAX_COMMENTS, type OurComment, type Where } from '../github/pull-facts.js'
import { recordEdits } from '../github/comment-history.js'
import { firstLineIs } from '../github/comments.js'
import { gitHubService } from '../github/operations.js'
import { readRecord, recordMarker } from '../roster/apply-record.js'
import { leaverRecordKey, type ApplyTimes, type LeaverChange, type PullFacts } from './review.js'

const EDITS: Operation = {
  label: 'Asking GitHub who last edited the apply records of the leavers',
  service: gitHubService('github-token'),
  forbidden: 'GitHub would not say who last edited the apply records, so their times are not used.'
}

export interface LeaverRecordsInput {
  github: Where & { recordAuthor: (user: { login?: unknown; id?: unknown }) => boolean }
  /** rosterKey of the roster reviewed. */
  roster: string
  /** The period's leavers (their commits' pull requests are looked at). */
  leavers: readonly LeaverChange[]
  pulls: ReadonlyMap<string, PullFacts | string>
  /** DoorFlow ids of a system_id. */
  ids: (systemId: string) => number[]
  recordTimes: (body: string, doorflowIds: readonly number[], roster?: string) => ApplyTimes | undefined
  /** True: stop asking (the time budget). */
  stop: () => boolean
}

export interface LeaverRecords {
  /** leaverRecordKey → the times of the run that carried that leaver's change. */
  records: Map<string, ApplyTimes>
  /** leaverRecordKey → why that leaver's record is not used (a flag). */
  problems: Map<string, string>
  notes: string[]
}

export async function leaverRecords(
  ctx: Context,
  input: LeaverRecordsInput,
  counter: { requests: number }
): Promise<LeaverRecords> {
  const out: LeaverRecords = { records: new Map(), problems: new Map(), notes: [] }
  const chosen: { sha: string; comment: OurComment }[] = []
  const problem = (sha: string, why: string) => {
    for (const l of input.leavers) if (l.commit === sha) out.problems.set(leaverRecordKey(sha, l.systemId), why)
  }
  for (const sha of new Set(input.leavers.map(l => l.commit))) {
    const pull = input.pulls.get(sha)
    if (typeof pull !== 'object' || input.stop()) continue
    const read = await commentsBy(ctx, input.github, pull.number, input.github.recordAuthor, counter)
    if ('none' in read) {
      out.notes.push(`${read.none}: its leavers show no apply record.`)
      problem(sha, 'the comments of its pull request could not be read')
      continue
    }
    const comment = read.comments.find(c => firstLineIs(c.body, recordMarker(input.roster)))
    if (!comment) {
      if (read.cut) problem(sha, `more than ${MAX_COMMENTS} comments: the record was not looked for past them`)
      continue
    }
    const record = readRecord(comment.body)
    if (!record || record.roster !== input.roster) {
      problem(sha, 'its apply record cannot be read')
      continue
    }
    // A rebase merge records its last commit, the pull request's merge commit; any other merge, the leaver's.
    // With no merge commit known (a cache written before it kept them), a record of another commit is not taken.
    const merge = pull.mergeCommit
    if (record.commit !== sha && record.commit !== merge) {
      problem(
        sha,
        merge === undefined
          ? `its apply record is of commit ${record.commit.slice(0, 12)}, and the pull request's merge commit is not known to hold it against`
          : `its apply record is of another commit (${record.commit.slice(0, 12)})`
      )
      continue
    }
    chosen.push({ sha, comment })
  }
  if (!chosen.length) return out
  const ids = chosen.flatMap(c => (c.comment.nodeId === undefined ? [] : [c.comment.nodeId]))
  const edits = ids.length
    ? await recordEdits(ctx, input.github.apiUrl, input.github.token, ids, EDITS, counter)
    : new Map<string, never>()
  for (const { sha, comment } of chosen) {
    const edit = comment.nodeId === undefined ? undefined : edits.get(comment.nodeId)
    if (!edit) problem(sha, 'apply record could not be checked (GitHub gave no node_id to ask who edited it)')
    else if ('edited' in edit)
      problem(sha, `apply record edited by someone else (${edit.edited}): its times are not used`)
    else if ('unknown' in edit) problem(sha, `apply record could not be checked (who last edited it: ${edit.unknown})`)
    else
      for (const leaver of input.leavers.filter(l => l.commit === sha)) {
        const times = input.recordTimes(comment.body, input.ids(leaver.systemId), input.roster)
        if (times) out.records.set(leaverRecordKey(sha, leaver.systemId), times)
      }
  }
  return out
}
