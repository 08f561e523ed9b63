/**
 * The one gate for text this action did not write: anything DoorFlow, GitHub, a proxy or the
 * operating system says. Its result is data on one line: it can be put inside a log line, an
 * annotation, a summary cell (after HTML escaping) or an output without changing how the
 * runner reads the log.
 *
 * Why each step:
 * - The runner reads a line as a workflow command when, after leading spaces, it starts with
 *   `::`; and it reads the older `##[name]` form anywhere in a line. So the text becomes one
 *   line (CR, LF, NEL, U+2028/U+2029 and every other control character turn into a space),
 *   `##[` is broken up, and a leading `::` is broken up for the places where the text stands
 *   alone. Every line the action prints starts with its own words, so gated text never starts
 *   a line there.
 * - `%0A`, `%0D` and `%25` are decoded by the runner only inside `::command::` lines, and
 *   @actions/core escapes every `%` it writes there, so such sequences stay literal text.
 * - ANSI escape sequences (colours, cursor moves, OSC titles and links) are dropped; bidi
 *   controls and marks, zero-width, filler and tag characters are removed so the text reads as it
 *   is (a file's cell then starts with what a spreadsheet sees first).
 * - A lone UTF-16 surrogate (invalid UTF-8 decodes to U+FFFD already) becomes U+FFFD.
 * - The text is capped, so a 50 MB field is not a 50 MB log line: `…` and the original length
 *   say that it was cut.
 */

/** The default cap, in characters, for one piece of server text. */
export const UNTRUSTED_MAX = 300

// CSI (ESC [ … or the C1 CSI), OSC (ESC ] … BEL or ST) and the two-character ESC sequences.
// eslint-disable-next-line no-control-regex -- control characters are what these patterns are for
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]?|\x9b[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -~]?/g
// C0, DEL and C1 (NEL is U+0085), and the line and paragraph separators: a space each.
// eslint-disable-next-line no-control-regex -- control characters are what this pattern is for
const BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g
// Removed: characters that show nothing yet change what the text says or how it reads. The soft hyphen (U+00AD),
// the combining grapheme joiner (U+034F), the Arabic letter mark (U+061C, a bidi mark the roster refuses too), the
// Hangul fillers (U+115F, U+1160, U+3164, U+FFA0, blank letters), the Mongolian vowel separator (U+180E), zero-width
// and bidi controls (U+200B-U+200F, U+202A-U+202E), the word joiner, invisible operators and the bidi isolates
// (U+2060-U+206F), the byte-order mark, the interlinear annotation marks (U+FFF9-U+FFFB) and the tag characters
// (U+E0000-U+E007F, which spell hidden ASCII).
// Also the Khmer inherent vowels, the Mongolian and supplementary variation selectors, the Braille blank and the
// musical, shorthand and hieroglyph format controls. The roster refuses every one (roster/characters.ts builds its
// patterns from this source), so a plan never shows less than DoorFlow is given.
export const INVISIBLE_SOURCE = String.raw`\u034f|\u17b4|\u17b5|\u180b|\u180c|\u180d|\u180f|[\u{e0100}-\u{e01ef}]|[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u2800\u3164\ufeff\uffa0\ufff9-\ufffb\u{13430}-\u{1343f}\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0000}-\u{e007f}]`
const INVISIBLE = new RegExp(INVISIBLE_SOURCE, 'gu')
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/**
 * `text` as one line of plain data, at most `max` characters (plus the note of its length).
 * Non-strings are shown as JSON; null and undefined as ''.
 */
export function untrusted(text: unknown, max: number = UNTRUSTED_MAX): string {
  const raw = typeof text === 'string' ? text : text === undefined || text === null ? '' : safeJson(text)
  // Work on a head a little longer than the cap: a 50 MB string is not scanned whole.
  const head = raw.length > max * 4 + 64 ? raw.slice(0, max * 4 + 64) : raw
  let line = head
    .replace(ANSI, ' ')
    .replace(BREAKS, ' ')
    .replace(INVISIBLE, '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(/##\[/g, '# #[')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^::/, ': :')
  if (line.length > max || head !== raw) {
    let cut = line.slice(0, max).trimEnd()
    if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1)
    line = `${cut}… (${raw.length} characters)`
  }
  return line
}

/** `text` without the invisible characters untrusted() removes (and with everything else as it is). */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '')
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** Text for an HTML page or cell: `& < > " '` escaped, and `|` too, so that it cannot end a Markdown table cell. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"'|]/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '|': '&#124;' })[c]!
  )
}

/**
 * What a person would read first on an HTML error page: its <title>, else its first heading,
 * else the start of its text. Undefined when `body` does not look like HTML. The result is
 * gated, so it is plain data even when the page says `&lt;script&gt;`.
 */
export function htmlPageText(body: string, max = 200): string | undefined {
  const page = body.length > 65_536 ? body.slice(0, 65_536) : body
  if (!/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>|<!doctype/i.test(page)) return undefined
  const pick = (pattern: RegExp) => {
    const inner = pattern.exec(page)?.[1]
    const text = inner === undefined ? '' : untrusted(textOf(inner), max)
    return text || undefined
  }
  return (
    pick(/<title\b[^>]*>([\s\S]*?)<\/title\s*>/i) ??
    pick(/<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]\s*>/i) ??
    untrusted(textOf(page.replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')), max)
  )
}

function textOf(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }
      if (name[0] !== '#') return named[name.toLowerCase()] ?? whole
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    })
}

/** `GH-1`, the start of what GitHub links (any case) to issue or pull request 1, as it links `#1`. */
const GH_REFERENCE = /^gh-\d$/i

/**
 * Text this action did not write (a roster value, a file name, a DoorFlow name, a server's message) as Markdown
 * that is only ever text, in a pull-request comment or the job summary: gated by `untrusted()`, then every ASCII
 * punctuation character written as a numeric HTML entity. A GFM parser reads an entity as the character it stands
 * for, never as syntax, so no value can open a link, image, emphasis, strike-through, heading, list item, task
 * box, table cell, code span or HTML. GitHub also links `@name`, `#123`, `GH-123`, bare URLs and emails in text
 * after parsing ("Autolinked references and URLs" in GitHub's docs), so a zero-width space follows every `@`, `#`,
 * `:` and `.`, and the `-` of `GH-` before a digit (`@&#8203;name` is how GitHub's own bots name people without
 * notifying them). The text reads the same; `max` caps it before the escaping.
 */
export function inertMarkdown(text: unknown, max: number = UNTRUSTED_MAX): string {
  return untrusted(text, max).replace(/[!-/:-@[-`{-~]/g, (c, at: number, line: string) => {
    const entity = `&#${c.charCodeAt(0)};`
    const links =
      c === '@' ||
      c === '#' ||
      c === ':' ||
      c === '.' ||
      (c === '-' && GH_REFERENCE.test(line.slice(Math.max(0, at - 2), at + 2)))
    return links ? `${entity}&#8203;` : entity
  })
}

/**
 * Text this action did not write as one line inside a fenced code block (the plan's `diff` blocks) of a comment or
 * the job summary. GitHub shows a code block's text as it is, so entities would show as `&#60;`: the text is gated by
 * `untrusted()`, and then a zero-width space breaks every `<!`, `<?` and `-->`/`--!>`. So the raw body never holds
 * the start or end of an HTML comment (`<!--`, `-->`), a declaration, CDATA or a processing instruction that a
 * value chose: whatever reads the raw Markdown (GitHub's renderer outside the block, a tool, the apply's own
 * reading of our trailer) finds only the action's own markers. The text reads the same; `max` caps it first.
 */
export function inertCode(text: unknown, max: number = UNTRUSTED_MAX): string {
  return untrusted(text, max)
    .replace(/<(?=[!?])/g, '<\u200b')
    .replace(/-(?=-!?>)/g, '-\u200b')
}
