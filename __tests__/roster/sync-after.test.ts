import { NOTHING_WRITTEN, syncAfterApply } from '../../src/roster/sync-after.js'

describe('syncAfterApply', () => {
  it.each([
    ['auto', { refused: false, wrote: true }, { sync: true }],
    ['always', { refused: false, wrote: true }, { sync: true }],
    ['auto', { refused: false, wrote: false }, { sync: false, why: NOTHING_WRITTEN }],
    ['always', { refused: false, wrote: false }, { sync: true }],
    ['auto', { refused: true, wrote: false }, { sync: false }],
    ['always', { refused: true, wrote: false }, { sync: false }]
  ] as const)('sync %s after %j: %j', (mode, applied, expected) => {
    expect(syncAfterApply(mode, applied)).toEqual(expected)
  })

  it('says plainly why no sync was sent, and how to send one', () => {
    expect(NOTHING_WRITTEN).toMatch(/^No sync was sent: nothing was written \(sync: auto\)\. Set sync: always /)
  })
})
