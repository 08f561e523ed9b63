// Writes dist/licenses.txt: the licence of every runtime package that can end up in dist/.
// ncc's own --license output keeps only the last chunk's packages once the bundle is split
// (libsodium is a chunk of its own), so the list is made here from the production tree.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = process.cwd()
const dirs = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean)
  .slice(1)
const entries = dirs
  .map(dir => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const file = existsSync(dir) ? readdirSync(dir).find(f => /^(licen[cs]e|copying)(\.|$)/i.test(f)) : undefined
    const text = file
      ? readFileSync(join(dir, file), 'utf8').trim()
      : `${pkg.license ?? 'UNKNOWN'} (no licence file shipped)`
    return { name: pkg.name, license: pkg.license ?? 'UNKNOWN', text, where: relative(root, dir) }
  })
  .sort((a, b) => a.name.localeCompare(b.name))
writeFileSync(join(root, 'dist', 'licenses.txt'), entries.map(e => `${e.name}\n${e.license}\n${e.text}\n`).join('\n'))
