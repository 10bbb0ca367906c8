import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import dynalite from 'dynalite'
import { createCatalogTable } from '../../lib/adapters/dynamodb/catalog-table.ts'

/** DynamoDB over HTTP on 127.0.0.1 (dynalite, in memory) with the service's table created: npm start and the tests. */
export async function startDynalite(options: {
  tableName: string
  region: string
  credentials: { accessKeyId: string; secretAccessKey: string }
}) {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const client = new DynamoDBClient({ endpoint, region: options.region, credentials: options.credentials })
  await createCatalogTable(client, options.tableName)
  return {
    endpoint,
    client,
    tableName: options.tableName,
    async stop() {
      client.destroy()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}
