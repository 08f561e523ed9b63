/**
 * `npm run fake-doorflow -- [--port 8080] [--rate-limit-first SECONDS] [--window-seconds W]`:
 * the fake DoorFlow on its own, for `npm run local-action`, the CI job that runs the action
 * with `uses: ./`, and trying the action by hand. It accepts the token in FAKE_TOKEN (printed)
 * and serves until stopped.
 */
import { parseArgs } from 'node:util'
import { FakeDoorFlow, FAKE_TOKEN } from '../__fixtures__/fake-doorflow.js'

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8080' },
    'rate-limit-first': { type: 'string' },
    'window-seconds': { type: 'string', default: '0' }
  }
})

const fake = await FakeDoorFlow.start({
  host: values.host,
  port: Number(values.port),
  windowMs: Number(values['window-seconds']) * 1000
})
if (values['rate-limit-first']) {
  fake.script('POST /api/3/sync', {
    status: 429,
    body: {
      error: 'rate_limited',
      description: 'Sync rate limit exceeded. Please wait before trying again.',
      retry_in: Number(values['rate-limit-first'])
    }
  })
}
console.log(`Fake DoorFlow listening on ${fake.url} (token: ${FAKE_TOKEN})`)
const stop = () => void fake.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
