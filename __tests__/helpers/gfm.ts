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
