// The licences of every runtime package that can end up in dist/ (the production tree).
//   node script/licenses.mjs          writes dist/licenses.txt (part of npm run bundle)
//   node script/licenses.mjs --check  fails unless every licence is on the allow-list (CI)
// ncc's own --license output keeps only the last chunk's packages once the bundle is split
// (libsodium is a chunk of its own), so the list is made here from the production tree.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'

/** Permissive licences whose only condition is keeping the notice, which dist/licenses.txt does. */
const ALLOWED = new Set([
  'MIT',
  'ISC',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'Apache-2.0',
  '0BSD',
  'BlueOak-1.0.0',
  'Unlicense'
])

/**
 * Packages of the production tree that cannot end up in dist/: required only by a
 * dependency's command-line tool, which the action never imports. The check below proves it
 * on the committed bundle (their name appears nowhere in dist/*.js).
 */
const NOT_BUNDLED = new Map([['argparse', "js-yaml's command-line tool (bin/js-yaml.js) only"]])

const root = process.cwd()
const dirs = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean)
  .slice(1)
const entries = dirs
  .map(dir => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const license = licenseOf(pkg)
    const file = existsSync(dir) ? readdirSync(dir).find(f => /^(licen[cs]e|copying)(\.|$)/i.test(f)) : undefined
    const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `${license} (no licence file shipped)`
    return { name: pkg.name, version: pkg.version, license, text, where: relative(root, dir) }
  })
  .filter(e => !NOT_BUNDLED.has(e.name))
  .sort((a, b) => a.name.localeCompare(b.name))

if (process.argv.includes('--check')) {
  const bundle = readdirSync(join(root, 'dist'))
    .filter(f => f.endsWith('.js'))
    .map(f => readFileSync(join(root, 'dist', f), 'utf8'))
  for (const [name, why] of NOT_BUNDLED) {
    if (bundle.some(text => text.includes(name))) {
      console.error(`${name} is listed as never bundled (${why}), but dist/ mentions it: check its licence.`)
      process.exit(1)
    }
  }
  const refused = entries.filter(e => !allowed(e.license))
  for (const e of refused)
    console.error(`${e.name}@${e.version} (${e.where}): licence ${e.license} is not on the allow-list`)
  if (refused.length) {
    console.error(
      `Allowed: ${[...ALLOWED].join(', ')}. Review the licence and extend ALLOWED in script/licenses.mjs, or drop the dependency.`
    )
    process.exit(1)
  }
  console.log(`licences: ${entries.length} production packages, all on the allow-list`)
} else {
  writeFileSync(join(root, 'dist', 'licenses.txt'), entries.map(e => `${e.name}\n${e.license}\n${e.text}\n`).join('\n'))
}

/** The SPDX expression of a package.json (`license`, or the old `licenses` array). */
function licenseOf(pkg) {
  if (typeof pkg.license === 'string') return pkg.license
  if (pkg.license?.type) return pkg.license.type
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map(l => l.type ?? l).join(' OR ')
  return 'UNKNOWN'
}

/** An SPDX expression is allowed when some OR-alternative has every AND-part allowed. */
function allowed(expression) {
  return expression
    .replace(/[()]/g, '')
    .split(/\s+OR\s+/)
    .some(alternative => alternative.split(/\s+AND\s+/).every(id => ALLOWED.has(id.trim())))
}
