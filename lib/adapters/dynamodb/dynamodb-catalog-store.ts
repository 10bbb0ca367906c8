import {
  BatchWriteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  paginateQuery,
  UpdateItemCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import type {
  CatalogMeta,
  CatalogStore,
  StoredFingerprint,
  StoredRecord,
} from '../../ports/instance-catalog.ts'
import {
  catalogKeys,
  fromItem,
  key,
  type MetaItem,
  TYPE_PREFIX,
  type TypeItem,
  toTypeItem,
} from './catalog-items.ts'

/** BatchWriteItem takes at most 25 requests. */
export const BATCH_SIZE = 25
/** Unprocessed items are retried this many times, backing off from the base delay, before the refresh fails. */
export const UNPROCESSED_RETRIES = 8
export const UNPROCESSED_BASE_DELAY_MS = 50

/** The refresher's side of the DynamoDB catalog. */
export class DynamoDbCatalogStore implements CatalogStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((done) => setTimeout(done, ms)),
  ) {}

  async readFingerprints(region: string): Promise<Map<string, StoredFingerprint>> {
    const stored = new Map<string, StoredFingerprint>()
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :type)',
        ExpressionAttributeValues: {
          ':pk': { S: catalogKeys.partition(region) },
          ':type': { S: TYPE_PREFIX },
        },
        ProjectionExpression: 'sk, fingerprint, updatedAt, missingSince',
      },
    )
    for await (const page of pages) {
      for (const raw of page.Items ?? []) {
        const item = fromItem<Pick<TypeItem, 'sk' | 'fingerprint' | 'updatedAt' | 'missingSince'>>(raw)
        stored.set(item.sk.slice(TYPE_PREFIX.length), {
          fingerprint: item.fingerprint,
          updatedAt: item.updatedAt,
          missingSince: item.missingSince ?? null,
        })
      }
    }
    return stored
  }

  async putRecords(
    region: string,
    items: StoredRecord[],
  ): Promise<{ batches: number; retriedItems: number }> {
    let batches = 0
    let retriedItems = 0
    for (let start = 0; start < items.length; start += BATCH_SIZE) {
      let pending: WriteRequest[] = items
        .slice(start, start + BATCH_SIZE)
        .map((item) => ({ PutRequest: { Item: toTypeItem(region, item) } }))
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > UNPROCESSED_RETRIES) {
          throw new Error(
            `DynamoDB left ${pending.length} catalog writes unprocessed after ${UNPROCESSED_RETRIES} retries`,
          )
        }
        if (attempt > 0) {
          retriedItems += pending.length
          await this.sleep(UNPROCESSED_BASE_DELAY_MS * 2 ** (attempt - 1))
        }
        batches++
        const { UnprocessedItems } = await this.client.send(
          new BatchWriteItemCommand({ RequestItems: { [this.tableName]: pending } }),
        )
        pending = UnprocessedItems?.[this.tableName] ?? []
      }
    }
    return { batches, retriedItems }
  }

  async markMissing(region: string, instanceTypes: string[], since: string): Promise<void> {
    for (const instanceType of instanceTypes) {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(catalogKeys.type(region, instanceType)),
          UpdateExpression: 'SET missingSince = :since',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':since': { S: since } },
        }),
      )
    }
  }

  async writeMeta(region: string, meta: CatalogMeta): Promise<void> {
    const item: MetaItem = { ...catalogKeys.meta(region), ...meta }
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: marshall(item) }))
  }

  async recordError(region: string, message: string, at: string): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({ ...catalogKeys.lastError(region), message, at }),
      }),
    )
  }

  async readMeta(region: string) {
    const [meta, lastError] = await Promise.all([
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: key(catalogKeys.meta(region)) })),
      this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: key(catalogKeys.lastError(region)) }),
      ),
    ])
    if (!meta.Item && !lastError.Item) return undefined
    const good = meta.Item ? fromItem<MetaItem>(meta.Item) : undefined
    const error = lastError.Item ? fromItem<{ message: string; at: string }>(lastError.Item) : undefined
    return {
      refreshedAt: good?.refreshedAt ?? '',
      typeCount: good?.typeCount ?? 0,
      source: good?.source ?? '',
      // An error older than the last good refresh has been healed since.
      lastError:
        error && (!good || error.at > good.refreshedAt) ? { message: error.message, at: error.at } : null,
    }
  }
}
