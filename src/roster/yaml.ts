/**
 * The glue between the roster's two YAML libraries, and why there are two. js-yaml reads the
 * values: 52 ms for a roster of 10,000 people (1.4 MiB). The `yaml` library knows where every node
 * stands and lists every syntax error (js-yaml stops at the first), but its Document with a line
 * counter takes 1.1 s for the same file, 21 times as long (bench/results.md, section 5: the two
 * YAML libraries, `npm run bench -- roster`). So js-yaml reads every file, and the `yaml` Document
 * is built only when a position is first read or js-yaml fails, that is, only when there is a
 * problem to show (Locator, LazyPosition); a roster without problems never pays for it.
 *
 * js-yaml's schema here is YAML 1.2's without numbers, so a plain scalar is text as written (`0123`
 * stays "0123"; `version: 1` is "1"), and without timestamps, so a date stays the text the user
 * wrote. Only true/false and null are typed. A `%YAML` directive other than 1.2 refuses the file.
 */
import jsyaml from 'js-yaml'
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap
} from 'yaml'
import { untrusted } from '../untrusted.js'
import type { Position, Problem } from './roster.js'
import type { RosterFile } from './roster-files.js'

/** Where a value stands in a file's YAML: keys and list indexes from the root. */
export type Path = (string | number)[]

// js-yaml exports its built-in types as `types`; @types/js-yaml does not declare them.
const { types } = jsyaml as unknown as { types: Record<'null' | 'bool', jsyaml.Type> }
const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [types.null, types.bool] })

/**
 * The most bytes of a file whose `yaml` Document is built (for positions and every syntax
 * error): it takes 1 to 3 s a MiB, so a 16 MiB file would take most of a minute. In a larger file
 * a position is found by a second js-yaml pass that notes where each mapping and list begins and
 * ends (SpanIndex), then the Document of the smallest one that holds it, when that is at most
 * this size; otherwise the position is where that mapping or list begins. Its syntax errors are
 * js-yaml's first.
 */
export const DOCUMENT_MAX_BYTES = 1024 * 1024

/**
 * Where things stand in one file. The `yaml` Document, which knows every node's offset, is
 * built only when a position is first read, that is, only when there is a problem to show.
 */
export class Locator {
  private doc: Document | undefined
  private readonly lines = new LineCounter()
  private spans: SpanIndex | undefined
  /** A map node's pairs by key text, built on the first look-up in it (a person with 100,000 keys). */
  private readonly pairs = new WeakMap<object, Map<string, Pair>>()

  constructor(
    private readonly file: RosterFile,
    private readonly documentMaxBytes = DOCUMENT_MAX_BYTES
  ) {}

  /** The position of the value at `path` (or of its key), resolved when first read. */
  at(path: Path, part: 'value' | 'key' = 'value'): Position {
    return new LazyPosition(this.file.file, this, path, part)
  }

  /** Whether the whole file's `yaml` Document may be built (DOCUMENT_MAX_BYTES). */
  get small(): boolean {
    return this.file.text.length <= this.documentMaxBytes
  }

  /** The `yaml` Document, for its syntax errors (all of them, where js-yaml stops at the first). */
  document(): Document {
    this.doc ??= parseDocument(this.file.text, {
      lineCounter: this.lines,
      prettyErrors: false,
      uniqueKeys: true,
      version: '1.2'
    })
    return this.doc
  }

  offsetPosition(offset: number): Position {
    this.document()
    return { file: this.file.file, ...this.lines.linePos(offset) }
  }

  resolve(path: Path, part: 'value' | 'key'): { line: number; col: number } {
    if (this.small) {
      this.document()
      return this.lines.linePos(this.offsetIn(this.document().contents, path, part))
    }
    this.spans ??= new SpanIndex(this.file.text)
    return this.spans.resolve(path, part, (text, rest) => {
      if (text.length > DOCUMENT_MAX_BYTES) return undefined
      const doc = parseDocument(text, { prettyErrors: false, version: '1.2' })
      return doc.errors.length ? undefined : this.offsetIn(doc.contents, rest, part)
    })
  }

  /** The offset of `path` (or its key) from `root`, as far down as the nodes lead. */
  private offsetIn(root: unknown, path: Path, part: 'value' | 'key'): number {
    let node: unknown = root
    let offset = (node as Node | null)?.range?.[0] ?? 0
    for (const [i, step] of path.entries()) {
      if (isMap(node)) {
        const pair = this.pairOf(node, String(step))
        if (!pair) break
        const keyAt = (pair.key as Node).range?.[0] ?? offset
        if (part === 'key' && i === path.length - 1) {
          offset = keyAt
          break
        }
        node = pair.value
        offset = (node as Node | null)?.range?.[0] ?? keyAt
      } else if (isSeq(node) && typeof step === 'number' && node.items[step]) {
        node = node.items[step]
        offset = (node as Node).range?.[0] ?? offset
      } else break
    }
    return offset
  }

  private pairOf(node: YAMLMap, key: string): Pair | undefined {
    let byKey = this.pairs.get(node)
    if (!byKey) {
      byKey = new Map()
      for (const p of node.items) if (isScalar(p.key) && !byKey.has(keyText(p.key))) byKey.set(keyText(p.key), p)
      this.pairs.set(node, byKey)
    }
    return byKey.get(key)
  }
}

/**
 * Where each mapping and list of a large file begins and ends, from a js-yaml pass that listens
 * to its nodes opening and closing (about as fast as reading the values). A position inside one
 * is found in the `yaml` Document of its own text (`within`), as if it stood alone.
 */
class SpanIndex {
  private readonly root: unknown
  private readonly spans = new Map<object, { start: number; end: number }>()
  private readonly lines: LineCounter

  constructor(private readonly text: string) {
    const opened: number[] = []
    this.lines = lineStarts(text)
    // Read only for positions: a file js-yaml cannot read has its error reported already.
    try {
      this.root = jsyaml.load(text, {
        schema: SCHEMA,
        listener: (event, state) => {
          if (event === 'open') opened.push(state.position)
          else {
            const start = opened.pop() ?? 0
            const result: unknown = state.result
            if (typeof result === 'object' && result !== null && !this.spans.has(result))
              this.spans.set(result, { start: this.skipSpace(start), end: state.position })
          }
        }
      })
    } catch {
      this.root = undefined
    }
  }

  resolve(
    path: Path,
    part: 'value' | 'key',
    within: (text: string, rest: Path) => number | undefined
  ): { line: number; col: number } {
    let value: unknown = this.root
    let span = typeof value === 'object' && value !== null ? this.spans.get(value) : undefined
    let depth = 0
    // Down through the mappings and lists of the path, as far as each has a span.
    for (const step of path) {
      const next: unknown =
        typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[step] : undefined
      const nextSpan = typeof next === 'object' && next !== null ? this.spans.get(next) : undefined
      if (!nextSpan || (part === 'key' && depth === path.length - 1)) break
      value = next
      span = nextSpan
      depth++
    }
    if (!span) return this.lines.linePos(0)
    const rest = path.slice(depth)
    if (rest.length) {
      // The span's own text, indented as in the file, so that a block mapping reads the same.
      const lineStart = this.text.lastIndexOf('\n', span.start - 1) + 1
      const pad = span.start - lineStart
      const inner = within(' '.repeat(pad) + this.text.slice(span.start, span.end), rest)
      if (inner !== undefined) return this.lines.linePos(span.start + Math.max(0, inner - pad))
    }
    return this.lines.linePos(span.start)
  }

  /** The first offset from `at` that is not a space, a line end or a comment. */
  private skipSpace(at: number): number {
    let i = at
    for (;;) {
      const c = this.text[i]
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++
      else if (c === '#') {
        const end = this.text.indexOf('\n', i)
        if (end < 0) return i
        i = end + 1
      } else return i
    }
  }
}

/** A Position whose line and column are looked up on first read (10,000 people make 100,000 of them). */
class LazyPosition implements Position {
  private found: { line: number; col: number } | undefined

  constructor(
    readonly file: string,
    private readonly locator: Locator,
    private readonly path: Path,
    private readonly part: 'value' | 'key'
  ) {}

  get line(): number {
    return (this.found ??= this.locator.resolve(this.path, this.part)).line
  }

  get col(): number {
    return (this.found ??= this.locator.resolve(this.path, this.part)).col
  }

  toJSON(): Position {
    return { file: this.file, line: this.line, col: this.col }
  }
}

/**
 * The file's values as js-yaml reads them (SCHEMA), or undefined when it cannot read them: then
 * its problems go to `fail`, every syntax error the `yaml` Document finds, each on its line, or
 * js-yaml's own error when the Document finds none (an unknown tag).
 */
export function readValues(
  file: RosterFile,
  locator: Locator,
  fail: (message: string, at: Position) => void
): { root: unknown } | undefined {
  try {
    return { root: jsyaml.load(file.text, { schema: SCHEMA, filename: file.file }) }
  } catch (err) {
    // The values come from js-yaml alone: when it fails, its error is reported and the file is
    // not read. js-yaml stops at the first error; the yaml Document lists every syntax error.
    const doc = locator.small ? locator.document() : undefined
    if (doc?.errors.length) {
      for (const error of doc.errors)
        fail(`YAML syntax: ${untrusted(error.message)}`, locator.offsetPosition(error.pos[0]))
      return undefined
    }
    const e = err as { reason?: string; mark?: { line: number; column: number } }
    const reason = e.reason ?? 'the file cannot be read as YAML'
    const message = /^unknown tag/.test(reason)
      ? `YAML: ${untrusted(reason)}: tags such as !!binary or !foo are not part of the roster format; remove the tag (quote the value if it is text).`
      : `YAML: ${untrusted(reason)}.`
    fail(message, e.mark ? { file: file.file, line: e.mark.line + 1, col: e.mark.column + 1 } : locator.at([]))
    return undefined
  }
}

/**
 * `%YAML` directives stand before the document; only 1.2 (the version the roster is read as)
 * is allowed, since YAML 1.1 reads `0042` as 34 and `off` as false. Problems; true when any.
 */
export function refuseDirectives(file: RosterFile, problems: Problem[]): boolean {
  let refused = false
  let line = 0
  for (let start = 0; start < file.text.length; line++) {
    const end = file.text.indexOf('\n', start)
    const text = file.text.slice(start, end < 0 ? undefined : end).replace(/\r$/, '')
    start = end < 0 ? file.text.length : end + 1
    if (!text.startsWith('%')) {
      if (/^\s*(#.*)?$/.test(text.replace(/^\ufeff/, ''))) continue
      break
    }
    const version = /^%YAML\s+(\S+)/.exec(text)?.[1]
    if (version !== undefined && version !== '1.2') {
      problems.push({
        message: `%YAML ${untrusted(version, 20)}: a roster is read as YAML 1.2 only (under 1.1, 0042 would be 34 and off would be false); delete the directive.`,
        at: { file: file.file, line: line + 1, col: 1 }
      })
      refused = true
    }
  }
  return refused
}

/** Line starts of a text, for positions of offsets found without a Document (refused characters). */
export function lineStarts(text: string): LineCounter {
  const lines = new LineCounter()
  lines.addNewLine(0)
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1)
  return lines
}

/** A key as js-yaml reads it (SCHEMA keeps numbers as written), for finding it in the yaml Document. */
function keyText(key: Scalar): string {
  if (key.type === 'PLAIN' && typeof key.source === 'string') {
    if (/^(?:~|null|Null|NULL|)$/.test(key.source)) return 'null'
    return key.source
  }
  return String(key.value)
}
