import { performance } from 'node:perf_hooks'
import { realClock } from './net/context.js'
import { run } from './main.js'

// The budget starts when the process did: performance.now() counts from then.
await run(realClock, process, Date.now() - performance.now())
