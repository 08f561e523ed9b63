import { duration, headcount, personLabel, plural, seconds, verb } from '../src/format.js'
import { inertMarkdown } from '../src/untrusted.js'

describe('seconds', () => {
  it('writes a value one way: to the tenth, a whole number of seconds without ".0"', () => {
    expect([1000, 1040, 1049, 950].map(seconds)).toEqual(['1 s', '1 s', '1 s', '1 s'])
    expect([1050, 1001 + 99, 1950, 2500, 999].map(seconds)).toEqual(['1.1 s', '1.1 s', '2 s', '2.5 s', '1 s'])
    expect([0, 30, 9999, 59_940, 60_000].map(seconds)).toEqual(['0 s', '0 s', '10 s', '59.9 s', '60 s'])
  })

  it('never writes "1.0 s" beside "1 s" for the waits a retry line shows (1000 to 1999 ms)', () => {
    for (let ms = 1000; ms < 2000; ms++) expect(seconds(ms)).toMatch(/^(1|1\.[1-9]|2) s$/)
  })
})

describe('duration', () => {
  it('rounds up to the whole second, with minutes from 60 s on', () => {
    const ms = [42_000, 41_001, 59_000, 59_001, 60_000, 445_100]
    expect(ms.map(duration)).toEqual(['42 s', '42 s', '59 s', '1 min 0 s', '1 min 0 s', '7 min 26 s'])
  })
})

describe('plural, headcount and verb', () => {
  it('picks the word by the count: one alone is singular, zero and many are plural', () => {
    expect([0, 1, 2].map(n => plural(n, 'attempt'))).toEqual(['0 attempts', '1 attempt', '2 attempts'])
    expect([0, 1, 2].map(headcount)).toEqual(['0 people', '1 person', '2 people'])
    expect([0, 1, 2].map(n => verb(n, 'has', 'have'))).toEqual(['have', 'has', 'have'])
  })
})

describe('personLabel', () => {
  it('names a person by name and system_id, and by the system_id alone when the name is empty', () => {
    expect(personLabel({ name: 'Ada Lovelace', systemId: 'EMP-7' })).toBe('Ada Lovelace (EMP-7)')
    expect(personLabel({ name: '', systemId: 'EMP-7' })).toBe('EMP-7')
    // A name of only spaces, control or invisible characters is no name once gated.
    expect(personLabel({ name: ' \u200b\n', systemId: 'EMP-7' })).toBe('EMP-7')
    expect(personLabel({ name: 'Ada', systemId: 'EMP-7' }, undefined, 'disabled')).toBe('Ada (EMP-7, disabled)')
    expect(personLabel({ name: '', systemId: 'EMP-7' }, undefined, 'disabled')).toBe('EMP-7 (disabled)')
  })

  it('gates each piece through the escape it is given: plain data by default, Markdown where asked', () => {
    const hostile = { name: 'Eve\n::error::forged', systemId: 'x'.repeat(500) }
    const plain = personLabel(hostile)
    expect(plain).not.toMatch(/\n/)
    expect(plain).toBe(`Eve ::error::forged (${'x'.repeat(120)}… (500 characters))`)
    const md = personLabel({ name: '@eve *bold*', systemId: 'EMP-1' }, text => inertMarkdown(text, 120))
    expect(md).toBe(`${inertMarkdown('@eve *bold*', 120)} (${inertMarkdown('EMP-1', 120)})`)
    expect(md).not.toContain('@eve')
  })
})
