import { people, plural, seconds, verb } from '../src/format.js'

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

describe('plural, people and verb', () => {
  it('picks the word by the count: one alone is singular, zero and many are plural', () => {
    expect([0, 1, 2].map(n => plural(n, 'attempt'))).toEqual(['0 attempts', '1 attempt', '2 attempts'])
    expect([0, 1, 2].map(people)).toEqual(['0 people', '1 person', '2 people'])
    expect([0, 1, 2].map(n => verb(n, 'has', 'have'))).toEqual(['have', 'has', 'have'])
  })
})
