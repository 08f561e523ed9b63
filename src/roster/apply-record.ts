/**
 * The apply's record on the merged pull request: what each apply of its merge wrote to DoorFlow
 * and when, one comment of ours per roster beside the plan, updated on every re-run. Pure: what
 * the comment says (a table a person reads) and the trailer on its last line (what a program
 * reads back, strictly: the access review does, review/records.ts). Nothing of a roster or of a
 * server is in it: counts, DoorFlow person ids, hex SHAs, UTC times and our own words only, so it
 * is inert whatever anyone wrote elsewhere.
 */
import { plural } from '../format.js'

/** How the sync after one apply went, in the record's words. */
export type RecordSync =
  /** DoorFlow accepted this run's sync, or a sync already under way covered it. */
  | 'accepted'
  /** No sync was sent: nothing was written (sync: auto). */
  | 'not-sent'
  /** A sync was asked for and not accepted. */
  | 'failed'

/**
 * A run that did not apply the plan as planned, and why, in our own fixed words (absent: applied, in
 * full or in part): refused before any write, by the guard, by unreviewed-changes: fail or by
 * unmanaged: fail; or cancelled after its writes began.
 */
export type RecordOutcome = 'refused-guard' | 'refused-unreviewed' | 'refused-unmanaged' | 'cancelled'

/** What each outcome says in the record, ours only: never a server's or a roster's text. */
export const OUTCOME_WORDS: Record<RecordOutcome, string> = {
  'refused-guard': 'the guard refused the plan',
  'refused-unreviewed': 'the plan is not the one reviewed (unreviewed-changes: fail)',
  'refused-unmanaged': 'people no roster manages have door access (unmanaged: fail)',
  cancelled: 'the job was cancelled while applying'
}

/** One apply of the merge: one run (a re-run is another). */
export interface RecordRun {
  /** When the writes ended, or when the apply was refused (ms since the epoch, the run's clock). */
  applied: number
  /** Not applied as planned, and why; absent when applied. */
  outcome?: RecordOutcome
  /** Changes written to DoorFlow. */
  written: number
  failed: number
  notAttempted: number
  sync: RecordSync
  /** When DoorFlow accepted the sync (ms), when it did. */
  synced?: number
  /** With wait-for-completion: when DoorFlow reported the sync complete on the doors (ms). */
  confirmed?: number
  /** DoorFlow ids of the people whose access a written change narrowed (at most MAX_REVOKED_IDS). */
  revoked: number[]
  /** Ids of such people left out past MAX_REVOKED_IDS. */
  revokedMore: number
}

/** What the record says: which roster, which merge, and each apply of it, oldest first. */
export interface ApplyRecord {
  /** rosterKey of the roster applied (digest.ts). */
  roster: string
  /** The commit applied: the push's (the merge commit, the squash, the last rebased commit). */
  commit: string
  /** When the pull request was merged, as GitHub said (ms); undefined when it did not. */
  merged?: number
  runs: RecordRun[]
}

/** Revoked ids carried per run; more are counted, not listed (the comment stays well under 65,536 characters). */
export const MAX_REVOKED_IDS = 200
/** Runs a record keeps: the first and the newest MAX_RUNS - 1. */
export const MAX_RUNS = 20

/** The hidden first line that finds our record comment for one roster (hex key: inert). */
export function recordMarker(roster: string): string {
  return `<!-- doorflow-roster-applied ${roster} -->`
}

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/
const KEY = /^[0-9a-f]{12}$/
/** A time as the trailer writes it: UTC, whole seconds. */
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
const COUNT = /^(?:0|[1-9]\d{0,8})$/

/** UTC, whole seconds: 2026-12-07T05:30:00Z. */
export function utc(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

function runWords(run: RecordRun): string {
  const time = (ms: number | undefined) => (ms === undefined ? '-' : utc(ms))
  const ids = run.revoked.length ? run.revoked.join(',') : '-'
  const more = run.revokedMore ? ` +${run.revokedMore}` : ''
  const outcome = run.outcome ? ` outcome ${run.outcome.replace('refused-', 'refused reason ')}` : ''
  return (
    `apply ${utc(run.applied)}${outcome} written ${run.written} failed ${run.failed} not-attempted ${run.notAttempted} ` +
    `sync ${run.sync} synced ${time(run.synced)} confirmed ${time(run.confirmed)} revoked ${ids}${more}`
  )
}

/**
 * The trailer: the record's last line, one HTML comment (hidden when rendered):
 * `<!-- doorflow-apply-record roster KEY commit SHA merged TIME|- runs N apply TIME[ outcome refused reason
 * guard|unreviewed|unmanaged| outcome cancelled] written N failed N not-attempted N sync accepted|not-sent|failed
 * synced TIME|- confirmed TIME|- revoked -|ID,ID[ +N] … -->`, one `apply …` group a run, oldest first. Hex,
 * digits, UTC times and fixed words only. `outcome` is only written for a run that did not apply (a
 * trailer without it, as every record before it was, is of applies).
 */
export function recordTrailer(record: ApplyRecord): string {
  const merged = record.merged === undefined ? '-' : utc(record.merged)
  const runs = record.runs.map(runWords).join(' ')
  return `<!-- doorflow-apply-record roster ${record.roster} commit ${record.commit} merged ${merged} runs ${record.runs.length} ${runs} -->`
}

const HEAD = /^<!-- doorflow-apply-record roster (\S+) commit (\S+) merged (\S+) runs (\S+) (apply .*) -->$/
const RUN =
  /^apply (\S+)(?: outcome (refused reason (?:guard|unreviewed|unmanaged)|cancelled))? written (\S+) failed (\S+) not-attempted (\S+) sync (accepted|not-sent|failed) synced (\S+) confirmed (\S+) revoked (-|\d{1,16}(?:,\d{1,16})*)(?: \+([1-9]\d{0,8}))?$/

/**
 * The record a comment body carries, read from its last line only (trailing white space aside):
 * undefined unless that line is a trailer recordTrailer could have written, every field well
 * formed (a time that is no real UTC time, a count with a leading zero, a run count that is not
 * the number of runs: no record). Text anywhere else, a reviewer's quote of a trailer included,
 * is never read.
 */
export function readRecord(body: string): ApplyRecord | undefined {
  const text = body.trimEnd()
  const m = HEAD.exec(text.slice(text.lastIndexOf('\n') + 1))
  if (!m) return undefined
  const [, roster, commit, mergedText, count, rest] = m
  if (!KEY.test(roster) || !SHA.test(commit) || !COUNT.test(count)) return undefined
  const merged = mergedText === '-' ? undefined : timeOf(mergedText)
  if (merged === null) return undefined
  const groups = rest.split(/ (?=apply )/)
  if (groups.length !== Number(count) || groups.length > MAX_RUNS) return undefined
  const runs: RecordRun[] = []
  for (const group of groups) {
    const r = RUN.exec(group)
    if (!r) return undefined
    const [, appliedText, outcomeText, written, failed, notAttempted, sync, syncedText, confirmedText, ids, more] = r
    if (![written, failed, notAttempted].every(n => COUNT.test(n))) return undefined
    const applied = timeOf(appliedText)
    const synced = syncedText === '-' ? undefined : timeOf(syncedText)
    const confirmed = confirmedText === '-' ? undefined : timeOf(confirmedText)
    if (applied === null || applied === undefined || synced === null || confirmed === null) return undefined
    if (sync !== 'accepted' && (synced !== undefined || confirmed !== undefined)) return undefined
    // A refused run wrote nothing and sent no sync: a trailer that says otherwise is none of ours.
    const refused = outcomeText?.startsWith('refused')
    if (refused && (written !== '0' || failed !== '0' || sync !== 'not-sent')) return undefined
    const revoked = ids === '-' ? [] : ids.split(',').map(Number)
    if (!revoked.every(Number.isSafeInteger)) return undefined
    if (revoked.length > MAX_REVOKED_IDS || (more && revoked.length < MAX_REVOKED_IDS)) return undefined
    runs.push({
      applied,
      ...(outcomeText ? { outcome: outcomeText.replace('refused reason ', 'refused-') as RecordOutcome } : {}),
      written: Number(written),
      failed: Number(failed),
      notAttempted: Number(notAttempted),
      sync: sync as RecordSync,
      ...(synced === undefined ? {} : { synced }),
      ...(confirmed === undefined ? {} : { confirmed }),
      revoked,
      revokedMore: more ? Number(more) : 0
    })
  }
  return { roster, commit, ...(merged === undefined ? {} : { merged }), runs }
}

/** A trailer time as ms; null when it is not a real UTC time (2026-02-30T…), undefined never. */
function timeOf(text: string): number | null {
  if (!TIME.test(text)) return null
  const ms = Date.parse(text)
  return Number.isNaN(ms) || utc(ms) !== text ? null : ms
}

/**
 * The record after this run: the earlier record's runs when it is of the same roster and commit (a
 * re-run of the apply), then this run's. A run that wrote nothing, failed nothing and sent no sync
 * adds nothing a reader needs once there is a record: the record stays as it was (and is not
 * written again). At most MAX_RUNS runs: the first (when access first changed) and the newest.
 */
export function nextRecord(
  earlier: ApplyRecord | undefined,
  of: Omit<ApplyRecord, 'runs'>,
  run: RecordRun
): ApplyRecord {
  const same = earlier && earlier.roster === of.roster && earlier.commit === of.commit ? earlier : undefined
  const idle = run.written === 0 && run.failed === 0 && run.notAttempted === 0 && run.sync !== 'accepted'
  if (same && same.runs.length && idle) return same
  const runs = [...(same?.runs ?? []), run]
  const kept = runs.length > MAX_RUNS ? [runs[0], ...runs.slice(runs.length - (MAX_RUNS - 1))] : runs
  // GitHub's merged_at is its word: a time the trailer cannot read back (year 10000) is left out, not written.
  const merged = of.merged !== undefined && TIME.test(utc(of.merged)) ? of.merged : same?.merged
  return { roster: of.roster, commit: of.commit, ...(merged === undefined ? {} : { merged }), runs: kept }
}

/** "2026-12-07 05:30:00 UTC", for the table. */
const shown = (ms: number | undefined) => (ms === undefined ? '—' : `${utc(ms).replace('T', ' ').replace('Z', '')} UTC`)

function syncCell(run: RecordRun): string {
  if (run.sync === 'not-sent') return 'not sent: nothing was written'
  if (run.sync === 'failed') return '❌ not accepted'
  // A cancelled run's sync, sent at once: accepted, its time not kept.
  return run.synced === undefined ? 'accepted' : shown(run.synced)
}

function confirmedCell(run: RecordRun): string {
  if (run.confirmed !== undefined) return shown(run.confirmed)
  return run.sync === 'accepted' ? 'not waited for, or not confirmed' : '—'
}

/**
 * The record as a comment (its marker is added by the writer): the newest run's headline, a table of
 * every run, and the trailer on the last line. `runUrl`: this run's page (runner.ts made it safe).
 */
export function recordComment(record: ApplyRecord, runUrl?: string): string {
  const last = record.runs[record.runs.length - 1]
  const whole = last.failed === 0 && last.notAttempted === 0
  const synced = last.sync === 'accepted' || (last.sync === 'not-sent' && last.written === 0)
  const refused = last.outcome?.startsWith('refused')
  const head = refused
    ? '### ⛔ DoorFlow roster not applied: refused'
    : last.outcome === 'cancelled'
      ? '### ⏹️ DoorFlow roster applied in part: cancelled'
      : whole && synced
        ? '### ✅ DoorFlow roster applied'
        : `### ⚠️ DoorFlow roster applied ${whole ? 'but not synced' : 'in part'}`
  const revoked = last.revoked.length + last.revokedMore
  const by = runUrl ? `[this run](${runUrl})` : 'the apply'
  const why = last.outcome ? ` ${refused ? 'refused' : 'cancelled'}, as ${OUTCOME_WORDS[last.outcome]}:` : ''
  const lines = [
    head,
    '',
    `Merge commit \`${record.commit.slice(0, 12)}\`${record.merged === undefined ? '' : `, merged ${shown(record.merged)}`}; last ${refused ? 'run' : 'applied'} by ${by}:${why} ` +
      `${plural(last.written, 'change')} written, ${last.failed} failed, ${last.notAttempted} not attempted` +
      `${revoked ? ` (${plural(revoked, 'person', 'people')} lost access)` : ''}.`,
    ''
  ]
  // A refusal after a run that wrote (a re-run, say) leaves what that run wrote: only this run wrote nothing.
  if (refused && record.runs.some(r => r.written > 0))
    lines.push(
      '> This run wrote nothing to DoorFlow; what an earlier run of this merge wrote (the table) stays in force. Once the refusal is resolved (the run says how), re-run the apply job: it adds its row here.',
      ''
    )
  else if (refused)
    lines.push(
      '> Nothing of this merge was written to DoorFlow: everyone keeps the access they had before it. Once the refusal is resolved (the run says how), re-run the apply job: it adds its row here.',
      ''
    )
  else if (!whole)
    lines.push(
      '> Re-run the apply job once what failed is fixed: it plans afresh, writes only what is still missing, and adds its row here.',
      ''
    )
  lines.push(
    '| Apply | Applied | Written | Failed | Not attempted | Sync accepted | Doors confirmed |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...record.runs.map(
      (run, i) =>
        `| ${i + 1} | ${shown(run.applied)}${run.outcome ? ` (${run.outcome.startsWith('refused') ? 'refused' : 'cancelled'})` : ''} | ${run.written} | ${run.failed} | ${run.notAttempted} | ${syncCell(run)} | ${confirmedCell(run)} |`
    ),
    '',
    "_The DoorFlow Sync action's record of what was applied for this pull request, updated on every re-run; times are the runner's, in UTC._",
    recordTrailer(record)
  )
  return lines.join('\n')
}
