import { type DynamoDBClient, GetItemCommand, paginateQuery } from '@aws-sdk/client-dynamodb'
import type { CatalogEntry, CatalogOrigin, InstanceCatalog } from '../../ports/instance-catalog.ts'
import type { InstanceTypeRecord } from '../../schemas/instance-type.ts'
import { catalogKeys, fromItem, key, type MetaItem, TYPE_PREFIX, type TypeItem } from './catalog-items.ts'

/** One region's refreshed catalog in the DynamoDB table (read side). */
export class DynamoDbCatalog implements InstanceCatalog {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly region: string,
  ) {}

  async get(instanceType: string): Promise<CatalogEntry | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: key(catalogKeys.type(this.region, instanceType)),
      }),
    )
    if (!Item) return undefined
    const item = fromItem<TypeItem>(Item)
    return {
      record: item.record,
      lifecycle: { updatedAt: item.updatedAt, seenAt: item.seenAt, missingSince: item.missingSince ?? null },
    }
  }

  async list(): Promise<readonly InstanceTypeRecord[]> {
    const records: InstanceTypeRecord[] = []
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :type)',
        ExpressionAttributeValues: {
          ':pk': { S: catalogKeys.partition(this.region) },
          ':type': { S: TYPE_PREFIX },
        },
        // `record` is a DynamoDB reserved word.
        ProjectionExpression: '#record',
        ExpressionAttributeNames: { '#record': 'record' },
      },
    )
    for await (const page of pages) {
      for (const item of page.Items ?? []) records.push(fromItem<Pick<TypeItem, 'record'>>(item).record)
    }
    // Keys sort as strings, which is the order the API promises.
    return records
  }

  async origin(): Promise<CatalogOrigin | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: key(catalogKeys.meta(this.region)) }),
    )
    if (!Item) return undefined
    const meta = fromItem<MetaItem>(Item)
    return {
      source: 'dynamodb',
      region: this.region,
      refreshedAt: meta.refreshedAt,
      description: meta.source,
    }
  }
}
