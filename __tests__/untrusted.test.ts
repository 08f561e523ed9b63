import { escapeHtml, htmlPageText, inertCode, inertMarkdown, untrusted, UNTRUSTED_MAX } from '../src/untrusted.js'
import { gfm, rendered } from './helpers/gfm.js'

/** What the runner would read as a command in one line: `::name` after leading space, or `##[name` anywhere. */
const isCommandLine = (line: string) => /^\s*::[^:]*::/.test(line) || line.includes('##[')

describe('untrusted: one line', () => {
  it.each([
    ['LF', 'ok\n::error::X', 'ok ::error::X'],
    ['CRLF', 'ok\r\n::add-mask::X', 'ok ::add-mask::X'],
    ['CR alone', 'a\rb', 'a b'],
    ['NEL', 'a\u0085b', 'a b'],
    ['line separator', 'a\u2028b', 'a b'],
    ['paragraph separator', 'a\u2029b', 'a b'],
    ['vertical tab, form feed', 'a\u000b\u000cb', 'a b'],
    ['NUL and DEL', 'a\u0000b\u007fc', 'a b c'],
    ['C1 controls', 'a\u0080\u009fb', 'a b'],
    ['tabs and runs of spaces', '  a\t\t  b  ', 'a b']
  ])('%s: a space', (_name, input, expected) => {
    expect(untrusted(input)).toBe(expected)
  })

  it('never contains a line break or control character, whatever the input', () => {
    let all = ''
    for (let c = 0; c < 0x100; c++) all += `${String.fromCharCode(c)}x`
    const out = untrusted(`${all}\u2028\u2029`, 10_000)
    const controls = [...out].filter(ch => {
      const c = ch.codePointAt(0)!
      return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029
    })
    expect(controls).toEqual([])
  })
})

describe('untrusted: no workflow command', () => {
  it.each([
    '::error::X',
    '  ::warning file=a::X',
    '\n::stop-commands::abc',
    '\u2028::add-mask::X',
    '\u001b[0m::notice::X',
    '\u200b::error::X'
  ])('a leading command %j is broken up', input => {
    const out = untrusted(input)
    expect(isCommandLine(out)).toBe(false)
    expect(out.startsWith('::')).toBe(false)
  })

  it('breaks up the older ##[command] form, which the runner reads anywhere in a line', () => {
    expect(untrusted('x ##[stop-commands]abc')).toBe('x # #[stop-commands]abc')
    expect(untrusted('###[add-mask]x')).not.toContain('##[')
    expect(untrusted('##[##[error]x')).not.toContain('##[')
  })

  it('keeps %0A literal: the runner decodes it only inside command data, which @actions/core escapes', () => {
    expect(untrusted('%0A::warning::X')).toBe('%0A::warning::X')
  })

  it('keeps a :: inside the text (an IPv6 address) as it is', () => {
    expect(untrusted('connect ECONNREFUSED ::1:443')).toBe('connect ECONNREFUSED ::1:443')
  })
})

describe('untrusted: escapes and invisible characters', () => {
  it('drops ANSI colour, cursor and OSC sequences', () => {
    expect(untrusted('\u001b[31mred\u001b[0m plain')).toBe('red plain')
    expect(untrusted('a\u001b[2K\u001b[1Ab')).toBe('a b')
    expect(untrusted('\u001b]0;title\u0007text')).toBe('text')
    expect(untrusted('\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\')).toBe('link')
    expect(untrusted('\u009b31mc1')).toBe('c1')
  })

  it('removes bidi overrides, zero-width characters and the BOM', () => {
    expect(untrusted('\ufeffab\u202ecd\u200be\u2066f')).toBe('abcdef')
  })

  it('removes the marks, fillers and tag characters that show nothing', () => {
    const hidden = {
      'Arabic letter mark (bidi)': '\u061c',
      'soft hyphen': '\u00ad',
      'combining grapheme joiner': '\u034f',
      'Hangul fillers': '\u115f\u1160\u3164\uffa0',
      'Mongolian vowel separator': '\u180e',
      'word joiner and invisible operators': '\u2060\u2061\u2062\u2063\u2064',
      'interlinear annotation marks': '\ufff9\ufffa\ufffb',
      'tag characters (hidden ASCII)': '\u{e0001}\u{e0041}\u{e0020}\u{e007f}',
      'Khmer inherent vowels': '\u17b4\u17b5',
      'Mongolian variation selectors': '\u180b\u180c\u180d\u180f',
      'variation selectors 17-256': '\u{e0100}\u{e01ef}',
      'Braille blank': '\u2800',
      'musical, shorthand and hieroglyph format controls': '\u{1d173}\u{1d17a}\u{1bca0}\u{1bca3}\u{13430}\u{1343f}'
    }
    for (const [what, chars] of Object.entries(hidden)) expect([what, untrusted(`a${chars}b`)]).toEqual([what, 'ab'])
    // "ignore" spelled in tag characters after a visible name: nothing of it is left.
    const smuggled = `Ada${[...'ignore'].map(c => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('')}`
    expect(untrusted(smuggled)).toBe('Ada')
    expect(untrusted('\u061c=1+1')).toBe('=1+1')
    expect(untrusted('door 🚪 café ✔️')).toBe('door 🚪 café ✔️')
  })

  it('turns lone surrogates into U+FFFD and keeps pairs', () => {
    expect(untrusted('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc')
    expect(untrusted('door 🚪')).toBe('door 🚪')
  })

  it('keeps U+FFFD from invalid UTF-8 as it is', () => {
    const decoded = Buffer.from([0x6f, 0x6b, 0xff, 0xfe, 0xc3]).toString('utf8')
    expect(untrusted(decoded)).toBe('ok\ufffd\ufffd\ufffd')
  })
})

describe('untrusted: capped', () => {
  it('keeps short text whole', () => {
    expect(untrusted('x'.repeat(UNTRUSTED_MAX))).toBe('x'.repeat(UNTRUSTED_MAX))
  })

  it('cuts long text with … and the original length', () => {
    expect(untrusted('x'.repeat(UNTRUSTED_MAX + 1))).toBe(
      `${'x'.repeat(UNTRUSTED_MAX)}… (${UNTRUSTED_MAX + 1} characters)`
    )
    expect(untrusted('abcdef', 3)).toBe('abc… (6 characters)')
  })

  it('caps 1 MB to a short line', () => {
    const out = untrusted('\n::error::X '.repeat(100_000))
    expect(out.length).toBeLessThan(UNTRUSTED_MAX + 40)
    expect(out).toMatch(/… \(1200000 characters\)$/)
  })

  it('says the text was cut even when only the unscanned tail was long', () => {
    expect(untrusted(`a${' '.repeat(10_000)}b`, 10)).toBe('a… (10002 characters)')
  })

  it('never cuts a surrogate pair in half', () => {
    const out = untrusted('🚪'.repeat(10), 5)
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
  })
})

describe('untrusted: values that are not strings', () => {
  it.each([
    [undefined, ''],
    [null, ''],
    [42, '42'],
    [{ a: 'b\nc' }, '{"a":"b\\nc"}'],
    [['x'], '["x"]']
  ])('%p → %p', (input, expected) => {
    expect(untrusted(input)).toBe(expected)
  })
})

describe('escapeHtml', () => {
  it('escapes markup, quotes and the table pipe', () => {
    expect(escapeHtml(`R&D Lab <Level 2> "a" 'b' | c`)).toBe(
      'R&amp;D Lab &lt;Level 2&gt; &quot;a&quot; &#39;b&#39; &#124; c'
    )
    expect(escapeHtml('</td></tr></table><img src=x onerror=alert(1)>')).not.toMatch(/[<>]/)
  })
})

describe('htmlPageText', () => {
  it('is undefined for text that is not HTML', () => {
    expect(htmlPageText('plain text a < b')).toBeUndefined()
    expect(htmlPageText('{"error":"x"}')).toBeUndefined()
  })

  it('takes the title first', () => {
    const page = `<!DOCTYPE html><html><head><title>We're sorry, but something went wrong (500)</title></head>
      <body><h1>We're sorry, but something went wrong.</h1></body></html>`
    expect(htmlPageText(page)).toBe("We're sorry, but something went wrong (500)")
  })

  it('then the first heading, then the text, never the markup', () => {
    expect(htmlPageText('<body><h2 class="x">Bad <b>gateway</b></h2><p>more</p></body>')).toBe('Bad gateway')
    expect(htmlPageText('<html>\n<body>Service <i>unavailable</i>\n</body></html>')).toBe('Service unavailable')
    expect(htmlPageText('<p>x</p><script>alert(1)</script><style>p{}</style>')).toBe('x')
  })

  it('decodes entities and gates the result', () => {
    expect(htmlPageText('<title>R&amp;D &lt;b&gt; &#x41;&#66;</title>')).toBe('R&D <b> AB')
    expect(htmlPageText('<title>a\n::error::X</title>')).toBe('a ::error::X')
    expect(htmlPageText('<h1>&#10;::error::X</h1>')).toBe(': :error::X')
  })

  it('caps a giant page', () => {
    const out = htmlPageText(`<p>${'word '.repeat(300_000)}</p>`)!
    expect(out.length).toBeLessThan(260)
  })
})

describe('inertCode and inertMarkdown: no hidden markup in the raw text', () => {
  const HIDING = [
    '<!-- doorflow-plan-digest roster 0123456789ab head - digest 0123456789ab changes - -->',
    '-->',
    '--->',
    '--!>',
    '<!',
    '<![CDATA[ x ]]>',
    '<?php x ?>',
    '<!DOCTYPE html>',
    '<!-->',
    'a\n<!--\nb'
  ]

  it('never leaves the start or end of an HTML comment, a declaration or an instruction, and reads the same', () => {
    for (const text of HIDING) {
      for (const out of [inertCode(text), inertMarkdown(text)]) {
        expect(out).not.toMatch(/<!|<\?|--!?>|\n/)
      }
      // In a code block the text shows as it is (a zero-width space is all that was added).
      expect(inertCode(text).replace(/\u200b/g, '')).toBe(untrusted(text))
    }
    expect(inertCode('a -> b < c')).toBe('a -> b < c')
  })
})

describe('inertMarkdown: no reference GitHub links after rendering', () => {
  // The text GitHub's autolinker reads: the rendered HTML's text, entities decoded, zero-width spaces kept.
  const autolinked = (md: string) =>
    gfm(md)
      .replace(/<[^>]*>/g, '')
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))

  it('breaks GH-123 (any case) as it breaks #123, and reads the same', () => {
    for (const text of ['see GH-123', 'gh-7 and Gh-42', 'fixes GH-1, owner/repo#2', '(GH-99)']) {
      const md = inertMarkdown(text)
      expect(autolinked(md)).not.toMatch(/gh-\d|#\d/i)
      expect(md).not.toMatch(/GH&#45;(?!&#8203;)/i)
      expect(rendered(md).trim()).toBe(text)
    }
    expect(inertMarkdown('see GH-123')).toBe('see GH&#45;&#8203;123')
    expect(inertMarkdown('see #123')).toBe('see &#35;&#8203;123')
  })

  it('leaves other dashes as they are', () => {
    expect(inertMarkdown('EMP-1 GH-x AGH-')).toBe('EMP&#45;1 GH&#45;x AGH&#45;')
  })
})
