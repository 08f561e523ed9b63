/**
 * Jest setup of both projects: what src/ says through @actions/core (workflow commands such as
 * `::debug::`, and plain log lines) goes to process.stdout as it would on a runner. In a test run
 * that is noise between jest's own lines, so it is dropped here; a test that wants to read it spies
 * on process.stdout.write itself (report.test.ts), which replaces this filter while it lasts.
 * DOORFLOW_TEST_LOG=1 keeps it, for debugging a test.
 */
const QUIET = Symbol.for('doorflow.quietRunner')
const stdout = process.stdout as NodeJS.WriteStream & { [QUIET]?: true }

if (process.env['DOORFLOW_TEST_LOG'] !== '1' && !stdout[QUIET]) {
  stdout[QUIET] = true
  stdout.write = (_chunk: unknown, ...rest: unknown[]) => {
    const callback = rest.find(arg => typeof arg === 'function') as (() => void) | undefined
    if (callback) process.nextTick(callback)
    return true
  }
}

export {}
