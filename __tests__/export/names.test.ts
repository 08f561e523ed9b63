/**
 * File names from DoorFlow's department and group names (src/export/names.ts): one plain file on
 * Linux, macOS and Windows checkouts alike. Two names a case-insensitive, normalising file system
 * takes for one file get distinct suffixes; Windows device names never name a file.
 */
import { fileNames, foldedName, safeName } from '../../src/export/names.js'

const named = (keys: string[], reserved: string[] = []) => [...fileNames(keys, reserved).values()]

describe('safeName', () => {
  it('compatibility-normalises and lower-cases: ſ is s, superscripts are digits, full-width letters plain', () => {
    expect(safeName('ſales')).toBe('sales')
    expect(safeName('Floor²')).toBe('floor2')
    expect(safeName('ＳＡＬＥＳ')).toBe('sales')
    expect(safeName('ﬁnance')).toBe('finance')
    expect(safeName('İstanbul')).toBe('i\u0307stanbul')
  })

  it('never gives a Windows device name, with or without superscript digits or an extension', () => {
    for (const key of [
      'CON',
      'con',
      'Prn',
      'AUX',
      'nul',
      'COM0',
      'com9',
      'LPT1',
      'com¹',
      'lpt²',
      'LPT³',
      'ＣＯＮ',
      'con.txt',
      'NUL.'
    ])
      expect(safeName(key)).toMatch(/^(?:con|prn|aux|nul|com\d|lpt\d)-(?:people|txt)$/)
    expect(safeName('con.txt')).toBe('con-txt')
    expect(safeName('console')).toBe('console')
    expect(safeName('com10')).toBe('com10')
  })

  it('keeps no character Windows refuses, no trailing dot or space, no leading dot', () => {
    for (const key of ['a<b>c:d"e/f\\g|h?i*j', 'sales. ', 'sales...', ' .hidden', 'tab\there', 'nul\u0000x'])
      expect(safeName(key)).toMatch(/^[\p{L}\p{N}][\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}]$|^[\p{L}\p{N}]$/u)
    expect(safeName('sales. ')).toBe('sales')
    expect(safeName('a<b>c:d"e/f\\g|h?i*j')).toBe('a-b-c-d-e-f-g-h-i-j')
    expect(safeName('...')).toBe('unnamed')
  })
})

describe('fileNames', () => {
  it('gives names that one case-insensitive checkout would join distinct suffixes', () => {
    expect(named(['sales', 'ſales', 'SALES'])).toEqual(['sales', 'sales-2', 'sales-3'])
    // Final sigma: ΟΔΟΣ lower-cases to οδος, which Windows and macOS take for οδοσ.
    expect(named(['οδος', 'οδοσ', 'ΟΔΟΣ'])).toEqual(['οδος', 'οδοσ-2', 'οδος-3'])
    expect(foldedName('οδος')).toBe(foldedName('οδοσ'))
    expect(named(['Straße', 'strasse'])).toEqual(['straße', 'strasse-2'])
    // A suffix is itself checked: a department named "sales-2" keeps the suffixed one apart.
    expect(named(['sales', 'sales-2', 'Sales'])).toEqual(['sales', 'sales-2', 'sales-3'])
    // Names the export keeps for itself.
    expect(named(['_manages', 'manages'], ['_manages'])).toEqual(['manages', 'manages-2'])
  })

  it('is stable: the same keys give the same names, and no two fold alike', () => {
    const keys = ['Sales', 'ſales', 'οδος', 'ΟΔΟΣ', 'com¹', 'COM1', 'R&D', 'R-D', 'ｒ＆ｄ']
    expect(named(keys)).toEqual(named([...keys]))
    const names = named(keys)
    expect(new Set(names.map(foldedName)).size).toBe(keys.length)
    expect(names).toEqual([
      'sales',
      'sales-2',
      'οδος',
      'οδος-2',
      'com1-people',
      'com1-people-2',
      'r-d',
      'r-d-2',
      'r-d-3'
    ])
  })
})
