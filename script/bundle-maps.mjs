// Part of `npm run bundle`, after `ncc build --source-map`: keeps the source maps that coverage
// needs and nothing else, and leaves the bundle's code exactly as it runs without them.
//   - Every dist/*.js loses its trailing `//# sourceMappingURL=` comment: the runner never reads
//     maps, and with NODE_V8_COVERAGE set Node would parse the map and copy it into every
//     coverage file of every end-to-end run.
//   - A chunk's map stays only if the chunk holds code of src/ (the others map dependencies
//     only), without sourcesContent (coverage reads src/ from the tree: dist/source-hash proves
//     the bundle was built from it).
// The end-to-end tests' V8 coverage of dist/*.js is mapped back to src/ through these maps (see
// script/test.mjs), so the lines they run count for coverage like the unit tests' do.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const DIST = join(fileURLToPath(import.meta.url), '..', '..', 'dist')
const COMMENT = /\n?\/\/# sourceMappingURL=[^\n]*\s*$/

/** Whether a map's source path (relative to dist/, e.g. `.././src/roster/plan.ts`) is project source. */
const isProjectSource = source => /^(\.\.?\/)*src\//.test(source.replace(/^webpack:\/\/[^/]*\//, ''))

for (const name of readdirSync(DIST).sort()) {
  const path = join(DIST, name)
  if (name.endsWith('.js')) {
    const code = readFileSync(path, 'utf8')
    if (COMMENT.test(code)) writeFileSync(path, code.replace(COMMENT, ''))
  } else if (name.endsWith('.js.map')) {
    const map = JSON.parse(readFileSync(path, 'utf8'))
    if (!map.sources.some(isProjectSource)) {
      rmSync(path)
      continue
    }
    delete map.sourcesContent
    map.sources = map.sources.map(source => source.replace(/^(\.\.\/)\.\//, '$1'))
    writeFileSync(path, `${JSON.stringify(map)}\n`)
  }
}
