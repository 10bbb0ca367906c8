import { vi } from 'vitest'

/**
 * A function's environment as Lambda gives it (region, credentials, an on-demand start, which Powertools
 * needs to report a cold start) plus the test's own variables. Call before importing the handler.
 */
export function stubLambdaEnvironment(variables: Record<string, string>): void {
  vi.stubEnv('AWS_REGION', 'us-east-1')
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test')
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test')
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand')
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value)
}
