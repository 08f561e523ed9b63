// The bundle's fingerprint: a SHA-256 of everything `npm run bundle` builds dist/ from (every
// file under src/ and package-lock.json, line endings normalised). `npm run bundle` records it
// in dist/source-hash; the end-to-end suites compare it before running dist/index.js, so a
// change to src/ that was never bundled cannot be tested through the old bundle unnoticed.
//   node script/source-hash.mjs   writes dist/source-hash
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = join(fileURLToPath(import.meta.url), '..', '..')
export const HASH_FILE = join(ROOT, 'dist', 'source-hash')

/** The fingerprint of src/ and the lockfile as they are in the working tree. */
export function sourceHash(root = ROOT) {
  const files = [...walk(join(root, 'src')), join(root, 'package-lock.json')]
  const hash = createHash('sha256')
  for (const file of files) {
    const name = relative(root, file).split(sep).join('/')
    const text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n')
    hash.update(`${name}\0${Buffer.byteLength(text)}\0${text}`)
  }
  return hash.digest('hex')
}

/** The fingerprint `npm run bundle` recorded, or undefined before any bundle. */
export function recordedHash(root = ROOT) {
  try {
    return readFileSync(join(root, 'dist', 'source-hash'), 'utf8').trim()
  } catch {
    return undefined
  }
}

function* walk(dir) {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(path)
    else yield path
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(HASH_FILE, `${sourceHash()}\n`)
}
