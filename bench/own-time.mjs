// Preloaded with NODE_OPTIONS=--import (OWN_TIME_ENV in bench/measure.ts): the action's own time (from the
// moment Node starts loading the bundle to exit, so Node's start-up is left out) and its peak
// resident memory, written as one line to stderr.
import { performance } from 'node:perf_hooks'

const startedAt = performance.now()
process.on('exit', () => {
  const ownMs = performance.now() - startedAt
  const rssMb = process.resourceUsage().maxRSS / 1024
  process.stderr.write(`BENCH own_ms=${ownMs.toFixed(1)} rss_mb=${rssMb.toFixed(1)}\n`)
})
