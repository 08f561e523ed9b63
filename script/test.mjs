// `npm test`: jest, then one coverage report of src/ from every kind of test, and its gate.
//   node script/test.mjs [jest arguments]
// The tests that import src/ (unit tests, and the terminal commands' suites) are measured by jest
// (coverage/coverage-final.json).
// The end-to-end suites run the bundle, `node dist/index.js`, as the runner does: this script
// names a directory in DOORFLOW_BUNDLE_COVERAGE, __fixtures__/run-action.ts gives every run
// NODE_V8_COVERAGE=<it>, and once jest is done the runs' V8 coverage of dist/*.js is mapped back
// to src/ through dist/*.js.map (kept by `npm run bundle`). The lines counted are the ones jest
// counts (where a statement of src/ starts); one is covered when either kind of test ran it,
// and a full run fails below GATE % of them.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { eachMapping, TraceMap } from '@jridgewell/trace-mapping'
import libCoverage from 'istanbul-lib-coverage'

const ROOT = join(fileURLToPath(import.meta.url), '..', '..')
const SRC = join(ROOT, 'src')
const DIST = join(ROOT, 'dist')
const COVERAGE = join(ROOT, 'coverage')
const JEST = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js')
/** The gate: a full run fails below this share of the lines of src/ (unit and end-to-end together). */
const GATE = 90

const args = process.argv.slice(2)
/** `--coverage=false` and the like: plain jest, no report. */
const coverageOff = args.some(arg =>
  /^--(no-coverage|no-collectCoverage|coverage=false|collectCoverage=false)$/.test(arg)
)
/**
 * Whether this run picks some tests only (`npm test -- __tests__/x.test.ts`, `-t name`, a
 * project): such a run still reports coverage, but only a full run is held to the gate.
 */
const partial = args.some(
  arg =>
    !arg.startsWith('-') ||
    /^(-t|--testNamePattern|--testPathPatterns?|--selectProjects|-o|--onlyChanged|--findRelatedTests|--watch)\b/.test(
      arg
    )
)
/** With `--json` jest may print its report on stdout: ours goes to stderr then. */
const out = args.includes('--json') ? process.stderr : process.stdout

const bundleDir = coverageOff ? undefined : mkdtempSync(join(tmpdir(), 'doorflow-bundle-coverage-'))
const unitFile = join(COVERAGE, 'coverage-final.json')
rmSync(unitFile, { force: true }) // never report an earlier run's figures

/**
 * The two projects want different workers. The unit suites are CPU-bound and share what they
 * load when they run in one process (22 s and 22 s of CPU on 2 cores, against 52 s and 82 s of
 * CPU across four workers); the end-to-end suites mostly wait (retry windows, polls, a second
 * between writes to GitHub), so they run across the workers jest.config.js gives. So a run that
 * names no project or workers runs jest twice: the unit project in band, then the end-to-end
 * project; a unit suite's CPU then never delays a run whose test counts its seconds. A report
 * asked for with `--json --outputFile=<file>` (as .ci/run asks) is written per run and merged into
 * <file>; `--json` alone prints one report on stdout, so that run is one jest run, as given.
 */
const outputAt = args.findIndex(arg => /^--outputFile(=|$)/.test(arg))
const outputFile =
  outputAt < 0 ? undefined : args[outputAt].includes('=') ? args[outputAt].slice(13) : args[outputAt + 1]
const ownChoice =
  args.some(arg =>
    /^(--selectProjects|--runInBand|-i$|--maxWorkers|-w\b|--watch|--listTests|--showConfig)/.test(arg)
  ) ||
  (args.includes('--json') && !outputFile)
const phases = ownChoice
  ? [[]]
  : [
      ['--selectProjects', 'unit', '--runInBand', '--passWithNoTests'],
      ['--selectProjects', 'e2e', '--passWithNoTests']
    ]
/** Each phase's own report when there are phases and a report file: merged into outputFile at the end. */
const reportDir = outputFile && phases.length > 1 ? mkdtempSync(join(tmpdir(), 'doorflow-jest-report-')) : undefined
const phaseArgs = (i, phase) => {
  if (!reportDir) return [...phase, ...args]
  const rest = args.filter((arg, j) => j !== outputAt && !(j === outputAt + 1 && !args[outputAt].includes('=')))
  return [...phase, ...rest, `--outputFile=${join(reportDir, `${i}.json`)}`]
}

let child
let stopped = false
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    stopped = true
    child?.kill(signal)
  })
let jestCode = 0
const coverageOfPhases = []
for (const [i, phase] of phases.entries()) {
  if (stopped) break
  child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--experimental-vm-modules', JEST, ...phaseArgs(i, phase)],
    { stdio: 'inherit', env: { ...process.env, ...(bundleDir ? { DOORFLOW_BUNDLE_COVERAGE: bundleDir } : {}) } }
  )
  const code = await new Promise(done => child.on('close', (code, signal) => done(code ?? (signal ? 1 : 0))))
  jestCode ||= code
  if (existsSync(unitFile)) {
    coverageOfPhases.push(JSON.parse(readFileSync(unitFile, 'utf8')))
    rmSync(unitFile)
  }
}
if (coverageOfPhases.length > 0) {
  const merged = libCoverage.createCoverageMap({})
  for (const data of coverageOfPhases) merged.merge(data)
  writeFileSync(unitFile, JSON.stringify(merged.toJSON()))
}
if (reportDir) {
  try {
    const files = phases.map((_, i) => join(reportDir, `${i}.json`))
    const reports = files.filter(file => existsSync(file)).map(file => JSON.parse(readFileSync(file, 'utf8')))
    // A run that wrote no report ended early (a test called process.exit, a signal, a crash), whatever
    // its exit code: its tests are not in the merged report, so neither that report nor the run passes.
    const missing = files.length - reports.length
    if (missing) {
      jestCode ||= 1
      out.write(`${missing} of the ${files.length} jest runs ended without a report: the tests did not all run.\n`)
    }
    if (reports.length > 0)
      writeFileSync(
        resolve(outputFile),
        JSON.stringify({ ...mergeReports(reports), ...(missing ? { success: false } : {}) })
      )
  } finally {
    rmSync(reportDir, { recursive: true, force: true })
  }
}

let gateCode = 0
if (bundleDir) {
  try {
    gateCode = await report(bundleDir)
  } finally {
    rmSync(bundleDir, { recursive: true, force: true })
  }
}
process.exitCode = jestCode || gateCode

/**
 * jest's --json reports of the phases as one: the counts (num*) added up, the suites' results one
 * after another, a success only when every phase succeeded, the earliest start. The coverage map
 * is left out: the merged coverage is coverage/coverage-final.json.
 */
function mergeReports(reports) {
  const merged = { ...reports[0], testResults: [] }
  delete merged.coverageMap
  for (const key of Object.keys(merged)) if (key.startsWith('num')) merged[key] = 0
  for (const report of reports) {
    for (const [key, value] of Object.entries(report)) if (key.startsWith('num')) merged[key] += value
    merged.testResults.push(...report.testResults)
    merged.success &&= report.success
    merged.wasInterrupted ||= report.wasInterrupted
    merged.startTime = Math.min(merged.startTime, report.startTime)
  }
  return merged
}

/** Prints the per-file table, writes coverage/lines.json, and says whether the gate holds (0) or not (1). */
async function report(dir) {
  if (!existsSync(unitFile)) {
    out.write('No coverage report from jest (coverage/coverage-final.json): nothing to merge.\n')
    return partial ? 0 : 1
  }
  const unit = libCoverage.createCoverageMap(JSON.parse(readFileSync(unitFile, 'utf8')))
  const bundle = await bundleCoverage(dir)
  const rows = unit
    .files()
    .sort()
    .map(file => {
      const lines = Object.entries(unit.fileCoverageFor(file).getLineCoverage())
      const ran = bundle.lines.get(file) ?? new Set()
      const row = { file: relative(ROOT, file).split(sep).join('/'), lines: lines.length, unit: 0, e2e: 0, both: 0 }
      const missed = []
      for (const [line, count] of lines) {
        const byUnit = count > 0
        const byE2e = ran.has(Number(line))
        row.unit += byUnit ? 1 : 0
        row.e2e += byE2e ? 1 : 0
        row.both += byUnit || byE2e ? 1 : 0
        if (!byUnit && !byE2e) missed.push(Number(line))
      }
      return { ...row, missed }
    })
  const total = rows.reduce(
    (sum, r) => ({
      lines: sum.lines + r.lines,
      unit: sum.unit + r.unit,
      e2e: sum.e2e + r.e2e,
      both: sum.both + r.both
    }),
    { lines: 0, unit: 0, e2e: 0, both: 0 }
  )
  mkdirSync(COVERAGE, { recursive: true })
  writeFileSync(join(COVERAGE, 'lines.json'), `${JSON.stringify({ runs: bundle.runs, total, files: rows }, null, 2)}\n`)

  const pct = (n, of) => (of === 0 ? '100.0' : ((100 * n) / of).toFixed(1)).padStart(5) + ' %'
  const width = Math.max(...rows.map(r => r.file.length), 10)
  const line = (name, r, missed = '') =>
    `${name.padEnd(width)} ${String(r.lines).padStart(5)}  ${pct(r.unit, r.lines)}  ${pct(r.e2e, r.lines)}  ${pct(r.both, r.lines)}  ${missed}`.trimEnd()
  out.write(
    [
      '',
      `Lines of src/ covered: tests that import it (jest), end-to-end runs of dist/ (${bundle.runs} runs), either`,
      `${'File'.padEnd(width)} ${'Lines'.padStart(5)}  ${'Unit'.padStart(7)}  ${'E2E'.padStart(7)}  ${'Either'.padStart(7)}  Not covered`,
      ...rows.filter(r => r.both < r.lines || !partial).map(r => line(r.file, r, ranges(r.missed))),
      line('All files', total),
      ''
    ].join('\n') + '\n'
  )
  if (partial) return 0
  if (bundle.runs === 0) {
    out.write(
      'Coverage: no end-to-end run left coverage of dist/ (DOORFLOW_BUNDLE_COVERAGE is passed on by __fixtures__/run-action.ts).\n'
    )
    return 1
  }
  const share = (100 * total.both) / total.lines
  if (share < GATE) {
    out.write(`Coverage gate: ${share.toFixed(2)} % of the lines of src/ are covered, below ${GATE} %.\n`)
    return 1
  }
  return 0
}

/**
 * The lines of src/ the end-to-end runs executed: each run's V8 coverage of dist/*.js, through
 * dist/<chunk>.js.map. V8 gives nested ranges of the bundle's code with a count each (the
 * innermost range decides); a span of bundle code that a map segment ties to a line of src/
 * counts for that line when any non-blank character in it ran, in any run. ncc writes
 * line-level maps (webpack's cheap-module-source-map), so a src/ line that TypeScript joined onto
 * the line before (the body of a one-line callback, say) gets no credit of its own: e2e
 * coverage errs towards "not covered", never towards "covered".
 */
async function bundleCoverage(dir) {
  const scripts = new Map() // url → { code, spans: [{ start, end, file, line }] }, or null: no map
  const lines = new Map() // absolute src/ path → Set of lines run
  let runs = 0
  for (const name of readdirSync(dir).filter(f => f.endsWith('.json'))) {
    const { result } = JSON.parse(readFileSync(join(dir, name), 'utf8'))
    const ours = result.filter(s => s.url.startsWith(pathToFileURL(DIST + sep).href) && s.url.endsWith('.js'))
    if (ours.length === 0) continue // a helper script, not the bundle
    runs++
    for (const { url, functions } of ours) {
      if (!scripts.has(url)) scripts.set(url, loadScript(fileURLToPath(url)))
      const script = scripts.get(url)
      if (!script) continue // a chunk of dependencies only
      const counts = new Uint32Array(script.code.length)
      const ranges = functions.flatMap(f => f.ranges)
      ranges.sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset) // outer first
      for (const r of ranges) counts.fill(r.count > 0 ? 1 : 0, r.startOffset, r.endOffset)
      for (const span of script.spans) {
        const seen = lines.get(span.file) ?? new Set()
        lines.set(span.file, seen)
        if (seen.has(span.line)) continue
        for (let i = span.start; i < span.end; i++) {
          if (counts[i] && !/\s/.test(script.code[i])) {
            seen.add(span.line)
            break
          }
        }
      }
    }
  }
  return { runs, lines }
}

/** A bundle file and the spans of it that its map ties to lines of src/ (offsets into the code). */
function loadScript(path) {
  if (!existsSync(`${path}.map`)) return null
  const code = readFileSync(path, 'utf8')
  const map = new TraceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')))
  const lineStarts = [0]
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1)
  const segments = []
  eachMapping(map, m => segments.push(m))
  segments.sort((a, b) => a.generatedLine - b.generatedLine || a.generatedColumn - b.generatedColumn)
  const spans = []
  segments.forEach((m, i) => {
    if (!m.source) return
    const file = resolve(dirname(path), m.source)
    if (!file.startsWith(SRC + sep)) return
    const lineStart = lineStarts[m.generatedLine - 1]
    const lineEnd = m.generatedLine < lineStarts.length ? lineStarts[m.generatedLine] - 1 : code.length
    const next = segments[i + 1]
    const end = next && next.generatedLine === m.generatedLine ? lineStart + next.generatedColumn : lineEnd
    spans.push({ start: lineStart + m.generatedColumn, end, file, line: m.originalLine })
  })
  return { code, spans }
}

/** 3,4,5,9 → "3-5,9", cut to about 60 characters. */
function ranges(numbers) {
  const parts = []
  for (let i = 0; i < numbers.length; i++) {
    let j = i
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) j++
    parts.push(i === j ? `${numbers[i]}` : `${numbers[i]}-${numbers[j]}`)
    i = j
  }
  const text = parts.join(',')
  return text.length > 60 ? `${text.slice(0, text.lastIndexOf(',', 58))},…` : text
}
