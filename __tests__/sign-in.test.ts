import { missingScopes, wantedScopes } from '../src/sign-in.js'

describe('wantedScopes: what a token short of a scope is re-authorized with', () => {
  it('keeps the granted scopes and adds the missing ones, so other workflows on the same refresh token keep theirs', () => {
    const granted = ['account.person', 'account.group.readonly', 'account.role.readonly', 'account.sync']
    const missing = missingScopes(granted, ['account.person.readonly', 'account.event.access.readonly'])
    expect(missing).toEqual(['account.event.access.readonly'])
    expect(wantedScopes(granted, missing)).toEqual([...granted, 'account.event.access.readonly'])
  })

  it("leaves out a granted 'scope' that is not spelled as DoorFlow's scopes are: no server text in the advice", () => {
    const granted = ['account.person', '::error::x', 'a b', 'account.sync\n::warning::y', `account.${'x'.repeat(100)}`]
    expect(wantedScopes(granted, ['account.sync'])).toEqual(['account.person', 'account.sync'])
  })

  it('names a scope once, and at most 30 of those granted', () => {
    const many = Array.from({ length: 50 }, (_, i) => `account.s${i}`)
    expect(wantedScopes(['account.sync', ...many], ['account.sync'])).toHaveLength(30)
    expect(wantedScopes(['account.sync'], ['account.sync'])).toEqual(['account.sync'])
  })
})
