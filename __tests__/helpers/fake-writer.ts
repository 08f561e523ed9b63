import type { Clock } from '../../src/net/context.js'
import type { Outcome } from '../../src/net/http.js'
import type { PersonInput } from '../../src/doorflow/people.js'
import type { PersonWriter } from '../../src/roster/writes.js'

export interface WriterRequest {
  method: 'POST' | 'PUT' | 'DELETE' | 'GET'
  /** The person's id, or the system_id looked up / created. */
  target: string
  body?: PersonInput
  startedAt: number
  endedAt?: number
  status?: number
  /** The retry_in of a 429 answer, in seconds. */
  retryIn?: number
}

const answer = (status: number, body: unknown): Outcome => ({
  kind: 'response',
  status,
  headers: {},
  body: JSON.stringify(body)
})

/**
 * An in-memory people API on a virtual clock, for unit tests of the apply engine: every
 * request takes `latencyMs`; a write limit of `perSecond` in any one-second span answers 429
 * with a whole-second retry_in beyond it; chosen people are refused with 422; a create can be
 * made to happen and then lose its answer.
 */
export class FakeWriter implements PersonWriter {
  readonly people = new Map<number, Record<string, unknown>>()
  readonly requests: WriterRequest[] = []
  inFlight = 0
  maxInFlight = 0
  latencyMs = 10
  perSecond: number | undefined
  /** system_ids whose create or update DoorFlow refuses with 422. */
  readonly invalid = new Set<string>()
  /** system_ids whose next create happens, but whose answer is lost (a timeout). */
  readonly loseAnswer = new Set<string>()
  /** system_ids whose next create is dropped before DoorFlow sees it (a connection reset). */
  readonly dropBefore = new Set<string>()
  /** Any request answers this status (e.g. 401) once set. */
  refuseAll: number | undefined
  private nextId = 500
  private accepted: number[] = []

  constructor(private readonly clock: Clock) {}

  add(person: Record<string, unknown>): number {
    const id = this.nextId++
    this.people.set(id, { id, enabled: true, ...person })
    return id
  }

  bySystemId(systemId: string): Record<string, unknown>[] {
    return [...this.people.values()].filter(p => p['system_id'] === systemId)
  }

  createPerson(body: PersonInput): Promise<Outcome> {
    return this.exchange('POST', String(body['system_id']), body, () => {
      const systemId = String(body['system_id'])
      if (this.dropBefore.delete(systemId)) return { kind: 'error', reason: 'connection', detail: 'ECONNRESET' }
      if (this.invalid.has(systemId))
        return answer(422, { error: 'Validation failed', errors: { email: ['is invalid'] } })
      const id = this.add({ ...body })
      if (this.loseAnswer.delete(systemId)) return { kind: 'error', reason: 'timeout', detail: 'no answer within 5 s' }
      return answer(201, this.people.get(id))
    })
  }

  updatePerson(personId: number, body: PersonInput): Promise<Outcome> {
    return this.exchange('PUT', String(personId), body, () => {
      const person = this.people.get(personId)
      if (!person) return answer(404, { error: 'not_found' })
      if (this.invalid.has(String((person['system_id'] as PersonInput['system_id']) ?? body['system_id'])))
        return answer(422, { error: 'Validation failed', errors: { email: ['has already been taken'] } })
      Object.assign(person, body)
      return answer(201, person)
    })
  }

  deletePerson(personId: number): Promise<Outcome> {
    return this.exchange('DELETE', String(personId), undefined, () => {
      if (!this.people.delete(personId)) return answer(404, { error: 'not_found' })
      return answer(200, { result: 'ok' })
    })
  }

  findBySystemId(systemId: string): Promise<Outcome> {
    return this.exchange('GET', systemId, undefined, () => answer(200, this.bySystemId(systemId)))
  }

  writes(): WriterRequest[] {
    return this.requests.filter(r => r.method !== 'GET')
  }

  private async exchange(
    method: WriterRequest['method'],
    target: string,
    body: PersonInput | undefined,
    handle: () => Outcome
  ): Promise<Outcome> {
    const request: WriterRequest = { method, target, body, startedAt: this.clock.now() }
    this.requests.push(request)
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight)
    await this.clock.sleep(this.latencyMs / 2)
    let outcome: Outcome
    const now = this.clock.now()
    this.accepted = this.accepted.filter(at => at > now - 1000)
    if (this.refuseAll) outcome = answer(this.refuseAll, { error: 'forbidden', error_description: 'No.' })
    else if (method !== 'GET' && this.perSecond !== undefined && this.accepted.length >= this.perSecond) {
      const retryIn = Math.ceil((this.accepted[0] + 1000 - now) / 1000)
      request.retryIn = retryIn
      outcome = answer(429, { error: 'rate_limited', description: 'Rate limit exceeded.', retry_in: retryIn })
    } else {
      if (method !== 'GET') this.accepted.push(now)
      outcome = handle()
    }
    await this.clock.sleep(this.latencyMs / 2)
    this.inFlight--
    request.endedAt = this.clock.now()
    request.status = outcome.kind === 'response' ? outcome.status : undefined
    return outcome
  }
}
