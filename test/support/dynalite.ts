import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import dynalite from 'dynalite'
import { createCatalogTable } from '../../lib/adapters/dynamodb/catalog-table.ts'

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' }

/** DynamoDB over HTTP on 127.0.0.1 (dynalite, in memory), with the catalog table created. */
export async function startDynamoDb(tableName = 'eks-ip-capacity-test') {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS })
  await createCatalogTable(client, tableName)
  return {
    endpoint,
    client,
    tableName,
    async stop() {
      client.destroy()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}
