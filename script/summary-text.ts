/**
 * The job summary as a person sees it on the run page, in plain text: headings underlined,
 * tables as aligned columns, folded <details> shown with their contents, entities decoded.
 * The demo prints summaries with it. A summary is GitHub-flavoured Markdown with HTML in it (the
 * roster plan's changes are `diff` blocks): marked renders it as GitHub would (the renderer the
 * tests read summaries with), html-to-text sets the result as text and lays out the tables.
 */
import { convert, type FormatCallback } from 'html-to-text'
import { marked } from 'marked'

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

export function summaryText(summary: string, width = 100): string {
  // A zero-width space (the gate puts one after `@`, `.` and `:` so GitHub links nothing) shows as
  // nothing on the page; html-to-text would break words there ("ada@ example. com").
  const html = marked.parse(summary, { gfm: true, async: false }).replace(/\u200b|&#8203;|&#x200b;/gi, '')
  return convert(html, {
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
