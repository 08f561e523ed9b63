/**
 * Plans in tests: one written by hand, finished as planRoster finishes one, and its Markdown.
 */
import { guard } from '../../src/roster/guard.js'
import type { Plan } from '../../src/roster/plan.js'
import { planMarkdownParts, type MarkdownOptions } from '../../src/roster/render.js'

export type DraftPlan = Omit<Plan, 'guard' | 'lockOuts'> & Partial<Pick<Plan, 'lockOuts'>>

/**
 * The plan finished as planRoster finishes one: the lock-outs given (none when absent) and the
 * guard's report with `maxRemovals` (undefined: the default rule) on it. A plan is read-only once
 * made (plan.ts), so a test that needs another plan makes another one.
 */
export function finished(draft: DraftPlan, maxRemovals?: number): Plan {
  const lockOuts = draft.lockOuts ?? []
  return { ...draft, lockOuts, guard: guard({ ...draft, lockOuts }, maxRemovals) }
}

/** The plan's first part as Markdown (all of it when it fits): what the comment's part 1 and the summary open with. */
export function planMarkdown(plan: Plan, options: MarkdownOptions): string {
  return planMarkdownParts(plan, options)[0]
}
