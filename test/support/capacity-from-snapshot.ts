import { vi } from 'vitest'
import { freePort } from './free-port.ts'

/**
 * The capacity function in-process with its DynamoDB endpoint on a port nothing listens on: every answer
 * comes from the bundled snapshot. Call from `beforeAll`; the function's JSON log lines are silenced.
 */
export async function capacityHandlerFromSnapshot() {
  vi.stubEnv('DYNAMODB_ENDPOINT', `http://127.0.0.1:${await freePort()}`)
  vi.stubEnv('AWS_REGION', 'us-east-1')
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test')
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test')
  // Lambda sets this; Powertools reports a cold start only where it is `on-demand`.
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand')
  vi.spyOn(console, 'log').mockImplementation(() => {})
  return (await import('../../functions/http/capacity.ts')).handler
}
