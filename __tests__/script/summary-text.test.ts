/**
 * The demo's job summary as a person reads it: built with the same core.summary calls the
 * action uses, rendered to text.
 */
import * as core from '@actions/core'
import { summaryText } from '../../script/summary-text.js'
import { inertMarkdown } from '../../src/untrusted.js'

function html(build: (s: typeof core.summary) => void): string {
  core.summary.emptyBuffer()
  build(core.summary)
  const text = core.summary.stringify()
  core.summary.emptyBuffer()
  return text
}

const header = (...cells: string[]) => cells.map(data => ({ data, header: true }))

describe('summaryText', () => {
  it('underlines headings and lays tables out as aligned columns', () => {
    const text = summaryText(
      html(s =>
        s
          .addHeading('DoorFlow sync', 3)
          .addTable([
            header('Door', 'Connection', 'Sync status'),
            ['Front Door', 'online', 'ok'],
            ['Loading Dock', 'offline', 'pending']
          ])
      )
    )
    const lines = text.split('\n')
    expect(lines.slice(0, 2)).toEqual(['DoorFlow sync', '─'.repeat('DoorFlow sync'.length)])
    const rows = lines.filter(l => /^(Door|Front Door|Loading Dock) /.test(l))
    expect(rows).toHaveLength(3)
    for (const column of ['online', 'ok']) {
      const header = column === 'online' ? 'Connection' : 'Sync status'
      const at = rows[0].indexOf(header)
      expect(rows[1].indexOf(column)).toBe(at)
    }
    expect(rows[2].indexOf('pending')).toBe(rows[0].indexOf('Sync status'))
  })

  it('underlines a heading that wraps no wider than its longest line', () => {
    const text = summaryText(
      html(s => s.addHeading(`✅ ${'word '.repeat(30).trim()}`, 3)),
      60
    )
    const lines = text.split('\n')
    const at = lines.findIndex(l => /^─+$/.test(l))
    expect(at).toBeGreaterThanOrEqual(2)
    expect([...lines[at]].length).toBe(Math.max(...lines.slice(0, at).map(l => [...l].length)))
  })

  it('shows what a <details> block folds, under its label', () => {
    const folded = html(d => d.addTable([header('Item', 'Value'), ['HTTP status', '200']]))
    const text = summaryText(
      html(s => s.addRaw('<p>❌ 1 of 2 doors failed: Loading Dock</p>', true).addDetails('Details', folded))
    )
    expect(text.split('\n')[0]).toBe('❌ 1 of 2 doors failed: Loading Dock')
    expect(text).toMatch(/^▸ Details$/m)
    expect(text).toMatch(/^HTTP status +200$/m)
    expect(text.indexOf('▸ Details')).toBeLessThan(text.indexOf('HTTP status'))
  })

  it('sets the Markdown of a roster plan as the run page renders it', () => {
    const text = summaryText(
      [
        '### DoorFlow roster plan',
        '',
        '**1 create** · roster `examples/roster/staff.yaml` · prune: disable',
        '',
        '#### Access taken away (applied first)',
        '',
        '- Ken Thompson (EMP-0999) is disabled',
        '- Ada &lt;Lovelace&gt; (EMP-1042): email ada&#64;example.com',
        '',
        '_Dry run: nothing was written to DoorFlow._'
      ].join('\n')
    )
    const lines = text.split('\n').filter(l => l !== '')
    expect(lines.slice(0, 3)).toEqual([
      'DoorFlow roster plan',
      '─'.repeat('DoorFlow roster plan'.length),
      '1 create · roster examples/roster/staff.yaml · prune: disable'
    ])
    expect(lines).toContain('Access taken away (applied first)')
    expect(lines).toContain('• Ken Thompson (EMP-0999) is disabled')
    expect(lines).toContain('• Ada <Lovelace> (EMP-1042): email ada@example.com')
    expect(lines.at(-1)).toBe('Dry run: nothing was written to DoorFlow.')
    expect(text).not.toMatch(/[*#`]|&\w+;/)
  })

  it("keeps a plan's diff block as its lines, signs included", () => {
    const text = summaryText(
      [
        '#### Access taken away',
        '',
        '```diff',
        '- Ken Thompson (EMP-0999) loses Loading Dock',
        '+ Ada Lovelace (EMP-1042) gains Night Shift',
        '```'
      ].join('\n')
    )
    const lines = text.split('\n').filter(l => l !== '')
    expect(lines).toContain('- Ken Thompson (EMP-0999) loses Loading Dock')
    expect(lines).toContain('+ Ada Lovelace (EMP-1042) gains Night Shift')
    expect(text).not.toContain('```')
  })

  it('leaves no markup and decodes entities', () => {
    const text = summaryText(
      html(s => s.addHeading('Doors', 4).addTable([header('Message'), ['HTTP 500 (&lt;html&gt; &amp; more)']]))
    )
    expect(text).not.toMatch(/<\/?(table|tr|td|th|h\d|details|summary|p)\b/)
    expect(text).toContain('HTTP 500 (<html> & more)')
  })

  it('keeps emails, times and links whole where the gate put zero-width spaces (in a sentence and a table cell)', () => {
    // The gate puts a zero-width space after `@`, `.` and `:` so GitHub links nothing; the page shows none.
    const gated = inertMarkdown(
      'Ada Lovelace: email ada@example.com, valid to 2027-01-31T17:00:00Z (https://doorflow.example/p/7)',
      200
    )
    expect(gated).toContain('&#8203;')
    const text = summaryText(
      html(s =>
        s
          .addRaw(`<p>${gated}</p>`, true)
          .addTable([
            header('Email', 'Valid to'),
            [inertMarkdown('grace@example.org', 80), inertMarkdown('2027-03-31T23:59:59Z', 80)]
          ])
          .addRaw(`\n\nRaw: bob@example.net\u200b at 09:\u200b30:\u200b00Z\n`)
      )
    )
    expect(text).toContain(
      'Ada Lovelace: email ada@example.com, valid to 2027-01-31T17:00:00Z (https://doorflow.example/p/7)'
    )
    expect(text).toMatch(/^grace@example\.org +2027-03-31T23:59:59Z$/m)
    expect(text).toContain('Raw: bob@example.net at 09:30:00Z')
    // No word is broken where a zero-width space was: "ada@ example. com", "17: 00: 00Z".
    expect(text).not.toMatch(/@ |\d: \d|\w\. com/)
  })
})
