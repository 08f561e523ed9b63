/**
 * A plan written by hand, finished as planRoster finishes one: the lock-outs given (none when
 * absent) and the guard's report with `maxRemovals` (undefined: the default rule) on it. A plan is
 * read-only once made (plan.ts), so a test that needs another plan makes another one.
 */
import { guard } from '../../src/roster/guard.js'
import type { Plan } from '../../src/roster/plan.js'

export type DraftPlan = Omit<Plan, 'guard' | 'lockOuts'> & Partial<Pick<Plan, 'lockOuts'>>

export function finished(draft: DraftPlan, maxRemovals?: number): Plan {
  const lockOuts = draft.lockOuts ?? []
  return { ...draft, lockOuts, guard: guard({ ...draft, lockOuts }, maxRemovals) }
}
