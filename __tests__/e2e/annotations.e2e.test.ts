/**
 * End to end, the step's annotations: GitHub shows 10 errors and 10 warnings per step and drops
 * the rest unseen, so a roster with 30 problems raises 10 errors (the first 9 problems and the
 * step's failure), logs the other 21, and one notice says so.
 */
import { FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { PLAN_SCOPES, rosterYaml, useRosterWorld } from '../../__fixtures__/roster-world.js'
import { leakedLines, runAction } from '../../__fixtures__/run-action.js'
import { rendered } from '../helpers/gfm.js'

const world = useRosterWorld(PLAN_SCOPES)

describe('a roster with more problems than GitHub shows', () => {
  it('raises 10 errors, the failure among them, logs the rest, and counts them in one notice', async () => {
    // 30 people outside manages: one problem each, on its own line.
    const outside = Array.from({ length: 30 }, (_, i) => ({
      id: `CON-${i + 1}`,
      first_name: 'Pat',
      last_name: `Contractor${i + 1}`,
      groups: []
    }))
    world.ws.write(rosterYaml(outside))
    const run = await runAction(
      { token: FAKE_TOKEN, 'base-url': world.fake.url, roster: 'roster.yaml', 'dry-run': 'true' },
      { env: world.ws.env }
    )
    expect(leakedLines(run, [FAKE_TOKEN])).toEqual([])
    expect(run.code).toBe(1)
    const errors = run.lines.filter(l => l.startsWith('::error'))
    expect(errors).toHaveLength(10)
    expect(errors.slice(0, 9).map(l => /file=roster\.yaml,line=(\d+)/.exec(l)?.[1])).toEqual(
      Array.from({ length: 9 }, (_, i) => String(4 + 4 * i))
    )
    expect(errors[9]).toMatch(/^::error::The roster has 30 problems; nothing was written to DoorFlow\. First: /)
    // The other 21 are in the log, each once, with its place.
    const logged = run.lines.filter(l => l.startsWith('Error (not annotated): Roster: roster.yaml:'))
    expect(logged).toHaveLength(21)
    expect(logged[20]).toContain("roster.yaml:120:9: id 'CON-30' is outside manages")
    expect(run.lines.filter(l => l.startsWith('::notice'))).toEqual([
      expect.stringMatching(/^::notice title=More in the log::…and 21 more problems \(30 in all\) in the log only/)
    ])
    // The job summary still lists every problem.
    expect(rendered(run.summary)).toContain("roster.yaml:120: id 'CON-30' is outside manages")
  })
})
