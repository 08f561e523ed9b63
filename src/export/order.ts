/** Natural order: runs of digits by their value, so EMP-2 comes before EMP-10. */
export function naturalCompare(a: string, b: string): number {
  const x = a.match(/\d+|\D+/g) ?? []
  const y = b.match(/\d+|\D+/g) ?? []
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]
    const q = y[i]
    if (p === q) continue
    const digits = /^\d/.test(p) && /^\d/.test(q)
    if (digits) {
      const pv = p.replace(/^0+/, '')
      const qv = q.replace(/^0+/, '')
      if (pv.length !== qv.length) return pv.length - qv.length
      if (pv !== qv) return pv < qv ? -1 : 1
      continue
    }
    return p < q ? -1 : 1
  }
  if (x.length !== y.length) return x.length - y.length
  return a < b ? -1 : a > b ? 1 : 0
}
