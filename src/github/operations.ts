import type { Outcome } from '../net/http.js'
import type { Classification } from '../net/retry-policy.js'
import { serverSays, type Operation, type Service } from '../net/failure-messages.js'
import { untrusted } from '../untrusted.js'
import { gitHubRateLimit } from './rate-limit.js'

/**
 * GitHub's advice, in GitHub's terms (the token's input, its permissions, GitHub's limits): never
 * DoorFlow's. `input` names the input that gives the token: github-token for the secrets,
 * pr-comment-token for the plan comments. Its rate limits (403 or 429 with GitHub's headers or
 * message: rate-limit.ts) are waited out, never called a missing permission.
 */
export function gitHubService(input: string): Service {
  return {
    name: 'GitHub',
    refused: `GitHub refused ${input}`,
    rateLimited: `GitHub rate-limited the requests of ${input} (not a missing permission): run again once GitHub's limit has reset, or raise timeout-seconds.`,
    failing: "GitHub's API or the network between is failing: run again later.",
    nextStep: (operation, outcome, classification) => nextStep(input, operation, outcome, classification),
    rateLimit: gitHubRateLimit
  }
}

/** GitHub answering for github-token (the Actions secrets). */
export const GITHUB: Service = gitHubService('github-token')

function nextStep(input: string, operation: Operation, outcome: Outcome, classification: Classification): string {
  if (classification.kind === 'redirect') {
    return classification.location
      ? `GitHub redirected to ${untrusted(classification.location, 200)} (a renamed or moved repository?); redirects are not followed so ${input} never leaves the API host.`
      : 'GitHub answered with a redirect without a Location.'
  }
  if (outcome.kind === 'error') {
    return (
      outcome.hint ??
      "The TLS connection to GitHub's API could not be verified: check GITHUB_API_URL and any proxy that intercepts HTTPS."
    )
  }
  switch (outcome.status) {
    case 401:
      return `${input} is invalid or expired: create a new token and update the secret that ${input} reads.`
    case 403:
      return operation.forbidden
    case 404:
      return operation.notFound ?? `GitHub found no such resource, or ${input} cannot see it.`
    case 422:
      return `GitHub rejected the request as unprocessable: ${serverSays(outcome.body) || 'it gave no reason'}.`
    default:
      return outcome.status >= 500
        ? 'GitHub had an internal error: run again later.'
        : `GitHub refused the request: check ${input} and its permissions on the repository.`
  }
}

/** Writing or probing an Actions secret: GitHub's answer, explained in GitHub's terms. */
export function secretOperation(label: string, repository: string, environment?: string): Operation {
  const where = environment ? `environment ${environment} of ${repository}` : repository
  return {
    label,
    service: GITHUB,
    forbidden:
      `github-token may not write Actions secrets of ${where}: it lacks the "Secrets" repository permission (read and write)` +
      `${environment ? ' and "Environments" (read and write)' : ''}. Use a fine-grained personal access token (or GitHub App token) with ` +
      `${environment ? 'those permissions' : 'that permission'}; the default GITHUB_TOKEN cannot.`,
    notFound: environment
      ? `GitHub has no environment ${environment} in ${repository}, or github-token cannot see it: check refresh-token-secret-environment and the token's repository access.`
      : `GitHub has no repository ${repository}, or github-token cannot see it: check the token's repository access.`
  }
}
