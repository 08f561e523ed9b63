import { problemsComment } from '../../src/roster/problems.js'
import { gfm, rendered } from '../helpers/gfm.js'

describe('review-inert', () => {
  /**
   * The problems comment quotes roster text (keys, values, file names) that a stranger's pull
   * request writes: it must render as text, never as a link, image, strike-through or mention.
   */
  describe('problemsComment', () => {
    const hostile = '[Approve this PR](https://evil.example/login) ![x](https://t.example/1.png) ~~gone~~ @admin'
    const body = problemsComment(
      [{ message: `Unknown key '${hostile}' in the roster`, at: { file: 'access/a`b [x](y).yaml', line: 3, col: 1 } }],
      ['access/a`b [x](y).yaml']
    )

    it('renders no link, image, strike-through or code-span break from roster text', () => {
      const html = gfm(body)
      expect(html).not.toMatch(/<a |<img |<del>|<code>/)
      expect(html).not.toContain('@admin')
    })

    it('still reads as written', () => {
      const text = rendered(body)
      expect(text).toContain(hostile)
      expect(text).toContain('access/a`b [x](y).yaml:3')
    })
  })
})
