/**
 * Personal data where the run publishes it. On a public repository the plan comment, the job
 * summary and the log are open to anyone, so there (and wherever `personal-data: hide` says so)
 * they name people by their roster id (system_id) and DoorFlow id only: no first or last name,
 * email, phone, notes or other field about the person, whether it comes from the roster or from
 * DoorFlow. What is kept is what a reviewer of door access needs: ids, groups and roles, whether
 * someone is enabled, their validity dates, and every count. The plan file (under RUNNER_TEMP,
 * never published) keeps everything.
 */
import type { Runner } from '../runner.js'
import { untrusted } from '../untrusted.js'
import type { PersonalDataMode } from '../settings.js'
import type { PersonField } from '../doorflow/people.js'
import { guard } from './guard.js'
import type { FieldChange, Plan, PlannedChange } from './plan.js'
import { MAX_LISTED_PROBLEMS, type Problem } from './roster.js'

/** What stands for a hidden value: "email (hidden) → (hidden)". */
export const HIDDEN = '(hidden)'

/** The fields about access, shown everywhere; every other person field is personal data. */
const ACCESS_FIELDS: ReadonlySet<PersonField> = new Set<PersonField>(['enabled', 'valid_from', 'valid_to'])

const isPersonalField = (field: PersonField): boolean => !ACCESS_FIELDS.has(field)

/**
 * What the run's event payload says of the repository: `public` or `private` (an internal
 * repository counts as private), `silent` when there is no payload or it does not say (a run
 * outside GitHub Actions), `unreadable` when GITHUB_EVENT_PATH names a file that cannot be read
 * as JSON (runner.ts read it once). The one place the action decides the repository's visibility.
 */
export type Visibility = 'public' | 'private' | 'silent' | 'unreadable'

export function repositoryVisibility(runner: Pick<Runner, 'payload' | 'payloadProblem'>): Visibility {
  if (runner.payloadProblem) return 'unreadable'
  const payload = runner.payload
  const repository = (payload as { repository?: { private?: unknown; visibility?: unknown } } | null | undefined)
    ?.repository
  if (repository?.visibility === 'public' || repository?.private === false) return 'public'
  if (repository?.private === true || repository?.visibility === 'private' || repository?.visibility === 'internal')
    return 'private'
  return 'silent'
}

/** Whether the log, summary and comment show personal data, and one line for the log saying why. */
export interface PersonalView {
  shown: boolean
  why: string
}

/**
 * `personal-data`: `show` and `hide` say it outright; `auto` (the default) hides on a public
 * repository, and when the payload that would tell cannot be read (hidden is the safe side).
 */
export function personalView(mode: PersonalDataMode, visibility: Visibility): PersonalView {
  const hidden =
    'people are named by id only in the log, job summary and pull-request comment (the plan file has it all)'
  if (mode === 'show') return { shown: true, why: 'Personal data: shown (personal-data is show).' }
  if (mode === 'hide') return { shown: false, why: `Personal data: hidden (personal-data is hide): ${hidden}.` }
  if (visibility === 'public')
    return {
      shown: false,
      why: `Personal data: hidden, as the repository is public: ${hidden}; personal-data: show shows it.`
    }
  if (visibility === 'unreadable')
    return {
      shown: false,
      why: `Personal data: hidden, as the event payload (GITHUB_EVENT_PATH) could not be read to tell whether the repository is public: ${hidden}; personal-data: show shows it.`
    }
  const said = visibility === 'private' ? 'the repository is private' : 'no event payload says the repository is public'
  return { shown: true, why: `Personal data: shown (${said}; personal-data: hide hides it).` }
}

/** A field change as published: a personal value is `(hidden)`, a cleared or empty one stays so. */
function hiddenField(f: FieldChange): FieldChange {
  if (!isPersonalField(f.field)) return f
  const hide = (v: FieldChange['from']) => (v === null || v === '' ? v : HIDDEN)
  return { ...f, from: hide(f.from), to: hide(f.to) }
}

/** One change as published without personal data: no name (labels show the id), personal values hidden. */
export function withoutPersonalData(change: PlannedChange): PlannedChange {
  switch (change.kind) {
    case 'create':
      return {
        ...change,
        name: '',
        fields: Object.fromEntries(
          Object.entries(change.fields).map(([field, value]) => [
            field,
            isPersonalField(field as PersonField) && value !== null && value !== '' ? HIDDEN : value
          ])
        )
      }
    case 'update':
    case 'adopt':
      return { ...change, name: '', fields: change.fields.map(hiddenField) }
    case 'remove':
      return { ...change, name: '' }
  }
}

/**
 * The plan as published without personal data: every change as withoutPersonalData, the people
 * locked out and the unmanaged by id, and the guard's refusal worded again from those. Its digest
 * is not the plan's: the digest and the change hashes are always of the plan itself.
 */
export function planWithoutPersonalData(plan: Plan): Plan {
  const shown: Plan = {
    ...plan,
    changes: plan.changes.map(withoutPersonalData),
    lockOuts: plan.lockOuts.map(l => ({ ...l, name: '' })),
    ...(plan.unmanaged
      ? { unmanaged: { ...plan.unmanaged, first: plan.unmanaged.first.map(p => ({ ...p, name: '(name hidden)' })) } }
      : {})
  }
  if (!plan.guard.refused) return shown
  const maxRemovals = plan.guard.limitSource === 'max-removals' ? plan.guard.limit : undefined
  return { ...shown, guard: { ...plan.guard, reason: guard(shown, maxRemovals).reason } }
}

/** The plan or change as this run publishes it. */
export function published(view: PersonalView, plan: Plan): Plan {
  return view.shown ? plan : planWithoutPersonalData(plan)
}

export function publishedChange(view: PersonalView, change: PlannedChange): PlannedChange {
  return view.shown ? change : withoutPersonalData(change)
}

/** Anything shaped like an email in a message. */
const EMAIL = /[^\s'"(),;:<>@]+@[^\s'"(),;:<>@]+\.[^\s'"(),;:<>@]*[^\s'"(),;:<>@.]/g

/** `text` with every email in it read as `(hidden)`: for DoorFlow's own words, which may quote a value sent. */
export function withoutEmails(text: string): string {
  return text.replace(EMAIL, HIDDEN)
}

/** The message of a problem past the listed ones: only counted where problems are published, so it needs no words of its own. */
export const UNLISTED_PROBLEM = 'A further problem (only the first ones are listed); personal data hidden.'

/**
 * Problems as published without personal data: every email in a message reads `(hidden)`, and
 * each of `names` (the people the run read: DoorFlow's and the roster's, "First Last"), as a
 * message quotes it (raw, or through the planner's gate), reads `(name hidden)`. Messages quote
 * people only by those, so ids, groups, lines and advice stay. Only the first `listed` problems
 * are ever shown (the annotations, the summary and the comment list that many and count the
 * rest), so only they are searched for names, and every later one keeps its place but reads
 * UNLISTED_PROBLEM: the search costs names × listed, not names × problems, which for a roster of
 * 300,000 people with as many problems would be hours.
 */
export function problemsWithoutPersonalData(
  problems: Problem[],
  names: Iterable<string>,
  listed = MAX_LISTED_PROBLEMS
): Problem[] {
  const quoted = new Set<string>()
  for (const name of names) {
    const trimmed = name.trim()
    if (trimmed.length < 2) continue
    quoted.add(trimmed)
    quoted.add(untrusted(trimmed, 80))
  }
  const longestFirst = [...quoted].filter(q => q.length >= 2).sort((a, b) => b.length - a.length)
  return problems.map((p, i) => {
    if (i >= listed) return { ...p, message: UNLISTED_PROBLEM }
    let message = withoutEmails(p.message)
    for (const name of longestFirst)
      if (name.length <= message.length && message.includes(name)) message = message.split(name).join('(name hidden)')
    return { ...p, message }
  })
}

/** The problems as this run publishes them; `names` is asked for only when they are hidden. */
export function publishedProblems(view: PersonalView, problems: Problem[], names: () => Iterable<string>): Problem[] {
  return view.shown || !problems.length ? problems : problemsWithoutPersonalData(problems, names())
}
