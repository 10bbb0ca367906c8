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
  vi.spyOn(console, 'log').mockImplementation(() => {})
  return (await import('../../functions/http/capacity.ts')).handler
}
