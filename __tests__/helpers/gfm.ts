/**
 * Markdown as GitHub shows it: rendered by a GFM renderer (marked), and the text a person reads from that HTML.
 * The comment and the job summary are judged by what they render to, not by their source.
 */
import { marked } from 'marked'

export const gfm = (md: string): string => marked.parse(md, { gfm: true, async: false })

/** The text of rendered HTML: tags dropped, entities decoded, zero-width spaces removed. */
export function readable(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\u200b/g, '')
}

/** What a reader reads of a piece of Markdown. */
export const rendered = (md: string): string => readable(gfm(md))

/**
 * What of a piece of Markdown nobody reads: in its raw text, every line holding the start or end of an HTML
 * comment, a declaration, CDATA or a processing instruction (`<!`, `<?`, `-->`, `--!>`); in what GFM renders,
 * every such construct that reaches the HTML. A comment or summary passes when both are only the action's own
 * marker and trailer.
 */
export function hiddenMarkup(md: string): { raw: string[]; rendered: string[] } {
  const raw = md.split('\n').filter(line => /<!|<\?|--!?>/.test(line))
  const rendered = gfm(md).match(
    /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![A-Za-z][^>]*>?|<\?[\s\S]*?(?:\?>|$)/g
  )
  return { raw, rendered: rendered ?? [] }
}
