/**
 * The step's one budget of annotations. GitHub keeps at most 10 error, 10 warning and 10 notice
 * annotations per step and drops the rest without a word (actions/runner's ExecutionContext,
 * `_maxIssueCount`; actions/toolkit docs/problem-matchers.md, "Limitations"). So every error and
 * warning the action raises goes through `annotate`: the first ones become annotations, in the
 * order they are raised (each caller raises its most important first), and the rest are plain
 * lines of the log, where nothing is lost. `endAnnotations` then adds one notice with how many
 * were left out. One error is kept back for the step's own failure (main.ts's `core.setFailed`),
 * so that the failure line is always among the errors GitHub shows.
 */
import * as core from '@actions/core'
import { plural } from './format.js'
import { untrusted } from './untrusted.js'

/** Annotations of one kind GitHub shows per step. */
export const ANNOTATIONS_PER_KIND = 10

export type AnnotationKind = 'error' | 'warning'

/** How many annotations of each kind `annotate` may raise: the errors leave room for the step's failure. */
const LIMIT: Record<AnnotationKind, number> = { error: ANNOTATIONS_PER_KIND - 1, warning: ANNOTATIONS_PER_KIND }

/** Where an annotation points, as @actions/core takes it. */
export interface AnnotationAt {
  title?: string
  file?: string
  startLine?: number
  startColumn?: number
}

/**
 * One step's annotations: what it raised, per kind, as annotations and as plain log lines. The
 * action has one (`annotate`, `endAnnotations`); tests make their own.
 */
export class AnnotationBudget {
  private readonly raised = { error: { shown: 0, logged: 0 }, warning: { shown: 0, logged: 0 } }
  /** Errors counted but neither annotated nor logged (a roster's problems past the first 50). */
  private unlisted = 0

  /**
   * An error or warning: an annotation while the step's budget for its kind lasts, else a plain
   * log line ("Error (not annotated): Roster: roster.yaml:4:3: …") that says the same. `message`
   * must already be gated (untrusted()) where it carries text the action did not write.
   */
  annotate(kind: AnnotationKind, message: string, at: AnnotationAt = {}): void {
    const count = this.raised[kind]
    if (count.shown < LIMIT[kind]) {
      count.shown++
      if (kind === 'error') core.error(message, at)
      else core.warning(message, at)
      return
    }
    count.logged++
    const line = at.startLine ? `:${at.startLine}${at.startColumn ? `:${at.startColumn}` : ''}` : ''
    const where = at.file ? `${at.file}${line}: ` : ''
    const title = at.title ? `${at.title}: ` : ''
    core.info(untrusted(`${kind === 'error' ? 'Error' : 'Warning'} (not annotated): ${title}${where}${message}`, 4000))
  }

  /**
   * `count` more errors that are not listed one by one anywhere in the log (a roster with 100,000
   * typos), only counted, so the step's end counts them in.
   */
  unlistedErrors(count: number): void {
    this.unlisted += count
  }

  /**
   * The one line for the step's end when some errors or warnings were only logged (or only
   * counted): how many, of how many in all, and where they are. Undefined when every one was annotated.
   */
  leftOutLine(): string | undefined {
    const { error, warning } = this.raised
    const logged = error.logged + warning.logged
    if (!logged && !this.unlisted) return undefined
    const all = logged + this.unlisted + error.shown + warning.shown
    const kinds = [
      error.logged ? plural(error.logged, 'error') : '',
      warning.logged ? plural(warning.logged, 'warning') : ''
    ].filter(Boolean)
    const starts = [error.logged ? '"Error (not annotated)"' : '', warning.logged ? '"Warning (not annotated)"' : '']
      .filter(Boolean)
      .join(' or ')
    const where = logged ? `in the log only (${kinds.join(' and ')}, on lines starting ${starts})` : ''
    const unlisted = this.unlisted ? `${plural(this.unlisted, 'error')} not listed (fix those above and run again)` : ''
    return (
      `…and ${plural(logged + this.unlisted, 'more problem')} (${all.toLocaleString('en-US')} in all) ${[where, unlisted].filter(Boolean).join('; ')}: ` +
      `GitHub shows at most ${ANNOTATIONS_PER_KIND} error and ${ANNOTATIONS_PER_KIND} warning annotations per step.`
    )
  }

  /** At the step's end: the notice of what was left out, when anything was. */
  end(): void {
    const line = this.leftOutLine()
    if (line) core.notice(line, { title: 'More in the log' })
  }
}

const step = new AnnotationBudget()

/** An error or warning of this step, through its one budget (see AnnotationBudget.annotate). */
export function annotate(kind: AnnotationKind, message: string, at: AnnotationAt = {}): void {
  step.annotate(kind, message, at)
}

/** `count` errors of this step only counted, not listed (see AnnotationBudget.unlistedErrors). */
export function unlistedErrors(count: number): void {
  step.unlistedErrors(count)
}

/** At the step's end (main.ts): the notice of the errors and warnings only logged, when there were any. */
export function endAnnotations(): void {
  step.end()
}
