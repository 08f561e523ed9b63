import { readFileSync } from 'node:fs'
import { ACTION_VERSION, USER_AGENT } from '../src/version.js'

it('sends the version package.json declares', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  expect(ACTION_VERSION).toBe(pkg.version)
  expect(USER_AGENT).toBe(`doorflow-sync-action/${pkg.version}`)
})
