import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DynamoDbCatalogStore } from '../../lib/adapters/dynamodb/dynamodb-catalog-store.ts'
import { CATALOG_AGE_CHECK } from '../../lib/services/refresh-catalog.ts'
import { lambdaContext } from '../builders/http-event.ts'
import { capturedOutput } from '../support/captured-output.ts'
import { startDynamoDb } from '../support/dynalite.ts'
import { freePort } from '../support/free-port.ts'
import { stubLambdaEnvironment } from '../support/lambda-environment.ts'

// The refresh function in-process, as the hourly schedule invokes it: it reports the catalog's age from
// the table and calls no EC2 (its endpoint is a port nothing listens on, so a call would fail the test).

let dynamo: Awaited<ReturnType<typeof startDynamoDb>>

beforeAll(async () => {
  dynamo = await startDynamoDb('refresh-function')
  stubLambdaEnvironment({
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    TABLE_NAME: 'refresh-function',
    CATALOG_REGIONS: 'us-east-1',
    EC2_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
  })
})
afterAll(async () => {
  await dynamo.stop()
})

describe('the refresh function on the hourly catalog-age check', () => {
  it('reports how old the stored catalog is, as CatalogAgeHours, without refreshing it', async () => {
    // Prepare: a catalog refreshed five hours ago.
    const fiveHoursAgo = new Date(Date.now() - 5 * 3_600_000).toISOString()
    await new DynamoDbCatalogStore(dynamo.client, 'refresh-function').writeMeta('us-east-1', {
      refreshedAt: fiveHoursAgo,
      typeCount: 1,
      source: 'test',
    })
    const { handler } = await import('../../functions/scheduled/refresh-catalog.ts')
    const output = capturedOutput()
    // Act
    const result = (await handler(CATALOG_AGE_CHECK, lambdaContext())) as { catalogAgeHours: number }
    output.restore()
    // Assess
    expect(result.catalogAgeHours).toBeCloseTo(5, 1)
    const age = output.emf().find((line) => 'CatalogAgeHours' in line)
    expect(age?.CatalogAgeHours).toBeCloseTo(5, 1)
    expect(age?.Service).toBe('eks-ip-capacity')
  })
})
