import { vi } from 'vitest'
import { freePort } from './free-port.ts'
import { stubLambdaEnvironment } from './lambda-environment.ts'

/**
 * The capacity function in-process with its DynamoDB endpoint on a port nothing listens on: every answer
 * comes from the bundled snapshot. Call from `beforeAll`; the function's JSON log lines are silenced.
 */
export async function capacityHandlerFromSnapshot() {
  stubLambdaEnvironment({
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
  })
  vi.spyOn(console, 'log').mockImplementation(() => {})
  return (await import('../../functions/http/capacity.ts')).handler
}
