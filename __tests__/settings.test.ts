import { InputError, parseSettings } from '../src/settings.js'

const reader =
  (inputs: Record<string, string>) =>
  (name: string): string =>
    inputs[name] ?? ''

function errorFor(inputs: Record<string, string>): InputError {
  try {
    parseSettings(reader({ token: 'abc123', ...inputs }))
  } catch (err) {
    if (err instanceof InputError) return err
    throw err
  }
  throw new Error('expected an InputError')
}

describe('parseSettings', () => {
  it('falls back to the defaults when only the token is set', () => {
    expect(parseSettings(reader({ token: 'abc123' }))).toEqual({
      token: 'abc123',
      baseUrl: 'https://api.doorflow.com',
      maxAttempts: 5,
      timeoutMs: 300_000,
      requestTimeoutMs: 30_000,
      waitForCompletion: false,
      pollIntervalMs: 5_000,
      coalesce: true
    })
  })

  it('reads every input and drops a trailing slash from base-url', () => {
    const s = parseSettings(
      reader({
        token: 'abc123',
        'base-url': 'https://proxy.example.com/doorflow/',
        'max-attempts': '2',
        'timeout-seconds': '60',
        'request-timeout-seconds': '7',
        'wait-for-completion': 'TRUE',
        'poll-interval-seconds': '30',
        coalesce: 'false'
      })
    )
    expect(s).toMatchObject({
      baseUrl: 'https://proxy.example.com/doorflow',
      maxAttempts: 2,
      timeoutMs: 60_000,
      requestTimeoutMs: 7_000,
      waitForCompletion: true,
      pollIntervalMs: 30_000,
      coalesce: false
    })
  })

  it('accepts plain http to loopback only', () => {
    expect(parseSettings(reader({ token: 'a', 'base-url': 'http://127.0.0.1:8080' })).baseUrl).toBe('http://127.0.0.1:8080')
    expect(parseSettings(reader({ token: 'a', 'base-url': 'http://localhost:1' })).baseUrl).toBe('http://localhost:1')
    expect(parseSettings(reader({ token: 'a', 'base-url': 'http://[::1]:1' })).baseUrl).toBe('http://[::1]:1')
  })

  it.each([
    [{ token: '' }, 'token', /empty.*forks/],
    [{ token: 'abc\ndef' }, 'token', /whitespace or control/],
    [{ token: 'abc def' }, 'token', /whitespace or control/],
    [{ token: 'abc\u0007def' }, 'token', /whitespace or control/],
    [{ 'max-attempts': '0' }, 'max-attempts', /whole number from 1 to 100, got '0'/],
    [{ 'max-attempts': '-1' }, 'max-attempts', /got '-1'/],
    [{ 'max-attempts': '2.5' }, 'max-attempts', /got '2.5'/],
    [{ 'timeout-seconds': 'ten' }, 'timeout-seconds', /got 'ten'/],
    [{ 'request-timeout-seconds': '1e3' }, 'request-timeout-seconds', /got '1e3'/],
    [{ 'poll-interval-seconds': '31' }, 'poll-interval-seconds', /from 1 to 30, got '31'/],
    [{ 'wait-for-completion': 'yes' }, 'wait-for-completion', /must be true or false, got 'yes'/],
    [{ coalesce: '1' }, 'coalesce', /must be true or false/],
    [{ 'base-url': 'api.doorflow.com' }, 'base-url', /is not a URL/],
    [{ 'base-url': 'ftp://api.doorflow.com' }, 'base-url', /https/],
    [{ 'base-url': 'http://api.doorflow.com' }, 'base-url', /clear text/],
    [{ 'base-url': 'http://10.0.0.5' }, 'base-url', /clear text/],
    [{ 'base-url': 'https://user:pw@api.doorflow.com' }, 'base-url', /user name or password/],
    [{ 'base-url': 'https://api.doorflow.com/?x=1' }, 'base-url', /query/]
  ])('rejects %j naming the input', (inputs, input, pattern) => {
    const err = errorFor(inputs as Record<string, string>)
    expect(err.input).toBe(input)
    expect(err.message).toMatch(new RegExp(`^Input '${input}' `))
    expect(err.message).toMatch(pattern)
    expect(err.message).not.toContain('\n')
  })

  it('never repeats the token in its own error', () => {
    expect(errorFor({ token: 'secret value' }).message).not.toContain('secret value')
  })
})
