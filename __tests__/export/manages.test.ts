/**
 * The export's manages (src/export/manages.ts): patterns that match every exported id and no
 * other id DoorFlow holds, with those left out named in except; checked exhaustively on random
 * accounts whose ids share prefixes in every way, some of which except cannot name.
 */
import { managesCover } from '../../src/export/manages.js'
import { managesMatcher } from '../../src/roster/roster.js'

/** A small deterministic generator (mulberry32), so a failure is repeatable. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const nameable = (id: string) => !id.includes('*') && !id.includes('\u200b')

describe('managesCover', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))(
    'account %i: matches exactly the exported ids among all of DoorFlow’s',
    seed => {
      const next = random(seed)
      const alphabet = ['A', 'B', '-', '1', '2', '0', '\u200b', '*']
      const ids = new Set<string>()
      for (let i = 0; i < 300; i++) {
        const length = 1 + Math.floor(next() * 6)
        ids.add(Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''))
      }
      const all = [...ids]
      // An id with '*' or a zero-width space is never exported (the export leaves such people out).
      const exported = all.filter(id => nameable(id) && next() < 0.8)
      const { manages, except } = managesCover(exported, all, nameable)
      const matches = managesMatcher(manages, except)!
      const wrong = all.filter(id => matches(id) !== exported.includes(id))
      expect(wrong).toEqual([])
      expect(except.every(nameable)).toBe(true)
      expect(manages.every(m => !m.slice(0, -1).includes('*'))).toBe(true)
    }
  )

  it('writes one pattern per family when nobody is left out, and except for those who are', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => (i % 5 ? `EMP-${i}` : `DF-${i}`))
    expect(managesCover(ids, ids, nameable)).toEqual({ manages: ['DF-*', 'EMP-*'], except: [] })
    const left = ['EMP-17', 'EMP-4242']
    expect(
      managesCover(
        ids.filter(id => !left.includes(id)),
        ids,
        nameable
      )
    ).toEqual({ manages: ['DF-*', 'EMP-*'], except: left })
    // A new hire under a family is managed without a word more.
    expect(managesMatcher(['DF-*', 'EMP-*'], left)!('EMP-10001')).toBe(true)
  })

  it('lists an id that ends in no number as it is, and keeps a wider family from swallowing a left-out id', () => {
    const all = ['alice', 'bob', 'EMP-1', 'EMP-X-1', 'EMP-\u200b1']
    const { manages, except } = managesCover(['alice', 'bob', 'EMP-1', 'EMP-X-1'], all, nameable)
    expect(except).toEqual([])
    expect(manages).toEqual(['EMP-1*', 'EMP-X*', 'alice', 'bob'])
  })
})
