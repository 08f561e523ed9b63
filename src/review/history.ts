/**
 * The roster's history, as the review reads it: the roster at each commit that changed it, oldest
 * first, gives the commit that last granted each group to each person (the step from "not granted"
 * to "granted": listed, enabled, the group named) and each person the roster disabled or removed.
 * Pure: git.ts reads the snapshots. One snapshot at a time is held beside the state, so 10,000
 * people over hundreds of commits stay in memory once.
 */
import { grantKey, type GrantCommit, type LeaverChange } from './review.js'

/** One person as a roster snapshot has them. */
export interface SnapshotPerson {
  name: string
  enabled: boolean
  groups: readonly string[]
}

/** The roster at one commit; `people` undefined when it could not be read there (the last reading stands). */
export interface Snapshot {
  commit: string
  /** The committer's time (ms). */
  at: number
  people: ReadonlyMap<string, SnapshotPerson> | undefined
}

/** The fold over the history: feed snapshots oldest first, then read `grants` and `leavers`. */
export class GrantHistory {
  readonly grants = new Map<string, GrantCommit>()
  readonly leavers: LeaverChange[] = []
  /** Commits whose roster could not be read. */
  readonly unreadable: string[] = []
  commits = 0
  private previous: ReadonlyMap<string, SnapshotPerson> = new Map()

  add(snapshot: Snapshot): void {
    this.commits++
    if (!snapshot.people) {
      this.unreadable.push(snapshot.commit)
      return
    }
    const { commit, at } = snapshot
    for (const [id, now] of snapshot.people) {
      const before = this.previous.get(id)
      if (!now.enabled) {
        if (before?.enabled) this.leavers.push({ systemId: id, name: now.name, change: 'disabled', commit, at })
        continue
      }
      const had = before?.enabled ? new Set(before.groups) : undefined
      for (const group of now.groups) if (!had?.has(group)) this.grants.set(grantKey(id, group), { commit, at })
    }
    for (const [id, before] of this.previous)
      if (!snapshot.people.has(id) && before.enabled)
        this.leavers.push({ systemId: id, name: before.name, change: 'removed', commit, at })
    this.previous = snapshot.people
  }

  /**
   * The commits the review needs the pull requests of: the last grant of each grant still in force
   * (`inForce`: grant keys), and each leaver's change committed since `since` (ms). The history is read
   * along the first parent, so a commit is what was pushed to the branch: its time is the merge's.
   */
  commitsToLookUp(inForce: Iterable<string>, since: number): string[] {
    const out = new Set<string>()
    for (const key of inForce) {
      const g = this.grants.get(key)
      if (g) out.add(g.commit)
    }
    for (const l of this.leavers) if (l.at >= since) out.add(l.commit)
    return [...out]
  }
}
