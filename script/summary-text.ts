/**
 * The job summary as a person sees it on the run page, in plain text: headings underlined,
 * tables as aligned columns, folded <details> shown with their contents, entities decoded.
 * The demo prints summaries with it; html-to-text does the parsing and the table layout.
 * A summary may also hold Markdown (the roster plan is written as Markdown, its values already
 * HTML-escaped): its headings, lists and emphasis are set the same way.
 */
import { convert, type FormatCallback } from 'html-to-text'

/** A heading on its own line, underlined, as the rendered page sets it apart. */
const heading =
  (rule: string): FormatCallback =>
  (elem, walk, builder) => {
    builder.openBlock({ leadingLineBreaks: 2 })
    walk(elem.children, builder)
    builder.closeBlock({
      trailingLineBreaks: 1,
      blockTransform: text => `${text}\n${rule.repeat(Math.max(3, ...text.split('\n').map(l => [...l].length)))}`
    })
  }

/** A <details> label, marked as the disclosure triangle GitHub shows (its contents follow, unfolded). */
const summaryLine: FormatCallback = (elem, walk, builder) => {
  builder.openBlock({ leadingLineBreaks: 2 })
  builder.addInline('▸ ')
  walk(elem.children, builder)
  builder.closeBlock({ trailingLineBreaks: 1 })
}

/** The Markdown the action writes (headings, `- ` lists, paragraphs, bold, code, emphasis) as HTML; HTML lines pass. */
export function markdownToHtml(text: string): string {
  const inline = (line: string) =>
    line
      .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/(^|\W)_(.+?)_(?=\W|$)/g, '$1<i>$2</i>')
  const out: string[] = []
  let list = false
  for (const line of text.split('\n')) {
    const item = /^[-*] (.*)$/.exec(line)
    if (list && !item) out.push('</ul>')
    if (item && !list) out.push('<ul>')
    list = Boolean(item)
    const heading = /^(#{1,6}) (.*)$/.exec(line)
    if (item) out.push(`<li>${inline(item[1])}</li>`)
    else if (heading) out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`)
    else if (line.trim() === '' || line.trimStart().startsWith('<')) out.push(line)
    else out.push(`<p>${inline(line)}</p>`)
  }
  if (list) out.push('</ul>')
  return out.join('\n')
}

export function summaryText(summary: string, width = 100): string {
  return convert(markdownToHtml(summary), {
    wordwrap: width,
    formatters: { heading1: heading('═'), heading2: heading('─'), summaryLine },
    selectors: [
      ...['h1', 'h2'].map(selector => ({ selector, format: 'heading1' })),
      ...['h3', 'h4', 'h5', 'h6'].map(selector => ({ selector, format: 'heading2' })),
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false, maxColumnWidth: 70 } },
      { selector: 'details', format: 'block' },
      { selector: 'summary', format: 'summaryLine' },
      { selector: 'ul', options: { itemPrefix: '• ' } },
      { selector: 'a', options: { ignoreHref: true } }
    ]
  }).trim()
}
