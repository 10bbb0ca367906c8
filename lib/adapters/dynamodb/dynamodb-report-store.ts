import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb'
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb'
import type { ReportHeader, ReportStore } from '../../ports/report-store.ts'
import type { StoredBlockMap, TargetResult } from '../../schemas/report.ts'

// REPORT#<scope> / <window>#HEADER            expected targets, created, finalized; expiresAt (TTL)
// REPORT#<scope> / <window>#TARGET#<acct>#<region>   one target's result and first subnets; parts; expiresAt (TTL)
// REPORT#<scope> / <window>#SUBNETS#<acct>#<region>#<scannedAt>#<n>   more of its subnets, when they are many
// REPORT#<scope> / MAP#<window>#<acct>#<region>#<subnet>   one at-risk subnet's /28 block map; expiresAt (TTL)
// REPORT#<scope> / WINDOW#<window>                the header again, alone in its key range: listings read only these
// Windows are ISO times, so keys sort by time and a window's items sit together. Block maps start with a
// letter, after every window ('M' > '9'): neither `read` (begins with the window) nor `list` (BETWEEN
// windows) ever meets one, and a report's items stay small however many maps it keeps.

const partition = (scope: string) => `REPORT#${scope}`
const HEADER = '#HEADER'
/**
 * A target's subnets per item: DynamoDB refuses an item over 400 KB, and a subnet's entry takes up to about
 * 450 bytes, so one item could hold some 900 subnets; a region with more is split into parts.
 */
export const SUBNETS_PER_ITEM = 250
/**
 * A continuation part's key: named for its run (the result's scan time), so two runs of one target (a
 * re-run, a message delivered twice) never write each other's parts, and outside `#TARGET#`, so no reader
 * takes a part for a target. A run's parts are written before its result; older runs' parts age out.
 */
const partKey = (
  window: string,
  result: Pick<TargetResult, 'account' | 'region' | 'scannedAt'>,
  index: number,
) => `${window}#SUBNETS#${result.account}#${result.region}#${result.scannedAt}#${index}`
/** The header index: one small item per window, after every window and block map ('W' > 'M' > '9'). */
const INDEX = 'WINDOW#'
const mapsOf = (window: string) => `MAP#${window}#`

/** BatchWriteItem takes at most 25 requests. */
export const BLOCK_MAP_BATCH_SIZE = 25
/** Unprocessed block maps are retried this many times, backing off from the base delay, before the write fails. */
export const BLOCK_MAP_RETRIES = 5
export const BLOCK_MAP_BASE_DELAY_MS = 50

export class DynamoDbReportStore implements ReportStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((done) => setTimeout(done, ms)),
  ) {}

  async startReport(header: Omit<ReportHeader, 'finalizedAt'>, expiresAt: number): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({
            pk: partition(header.scope),
            sk: `${header.window}${HEADER}`,
            ...header,
            expiresAt,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
    }
    // The index entry is the header as stored (a re-run keeps the first header, its expiry and whether it
    // is final); written on every start, so a retry after a failure between the two writes it.
    const stored = await this.headerItem(header.scope, header.window)
    if (stored) await this.putIndexEntry(header.scope, header.window, stored)
  }

  /** The window's header item as stored (strongly consistent: it may have been written a moment ago). */
  private async headerItem(scope: string, window: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: partition(scope), sk: `${window}${HEADER}` }),
        ConsistentRead: true,
      }),
    )
    return Item ? unmarshall(Item) : undefined
  }

  private async putIndexEntry(scope: string, window: string, header: Record<string, unknown>): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall(
          { ...header, pk: partition(scope), sk: `${INDEX}${window}` },
          { removeUndefinedValues: true },
        ),
      }),
    )
  }

  async putTarget(scope: string, window: string, result: TargetResult, expiresAt: number): Promise<void> {
    const sk = `${window}#TARGET#${result.account}#${result.region}`
    const [first = [], ...rest] = chunks(result.subnets, SUBNETS_PER_ITEM)
    const put = (item: Record<string, unknown>) =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ pk: partition(scope), ...item, expiresAt }, { removeUndefinedValues: true }),
        }),
      )
    // The continuation parts first, the result itself last: a reader that finds the result finds its parts.
    for (const [index, subnets] of rest.entries())
      await put({ sk: partKey(window, result, index + 1), subnets })
    await put({ sk, ...result, subnets: first, parts: rest.length + 1 })
  }

  async read(scope: string, window: string) {
    const items = await this.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :window)',
      ExpressionAttributeValues: marshall({ ':pk': partition(scope), ':window': `${window}#` }),
    })
    const header = items.find((item) => String(item.sk).endsWith(HEADER))
    if (!header) return undefined
    const bySortKey = new Map(items.map((item) => [String(item.sk), item]))
    return {
      header: toHeader(header),
      targets: items
        .filter((item) => String(item.sk).includes('#TARGET#'))
        .map((item) => toTarget(item, bySortKey)),
    }
  }

  /**
   * Headers newest first from the index, which holds nothing else: a listing reads headers only, however
   * many subnets the reports hold. Reports written before the index existed are listed the old way, below
   * the oldest indexed window (they age out with the table's TTL).
   */
  async list(
    scope: string,
    options: { since?: string; until?: string; limit: number; before?: string },
  ): Promise<ReportHeader[]> {
    const upper = options.before ?? `${options.until ?? '9999'}~`
    const low = options.since ?? '0'
    const indexed = (
      await this.query(
        {
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
          ExpressionAttributeValues: marshall({
            ':pk': partition(scope),
            ':low': `${INDEX}${low}`,
            ':high': `${INDEX}${upper}`,
          }),
          ScanIndexForward: false,
        },
        (found) => found.filter((item) => String(item.window) < upper).length >= options.limit,
      )
    )
      .filter((item) => String(item.window) < upper)
      .slice(0, options.limit)
      .map(toHeader)
    if (indexed.length >= options.limit) return indexed
    const [oldest] = await this.query(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :index)',
        ExpressionAttributeValues: marshall({ ':pk': partition(scope), ':index': INDEX }),
        Limit: 1,
      },
      () => true,
    )
    const legacyUpper = oldest && String(oldest.window) < upper ? String(oldest.window) : upper
    if (low >= legacyUpper) return indexed
    const legacy = await this.legacyList(scope, low, legacyUpper, options.limit - indexed.length)
    return [...indexed, ...legacy]
  }

  /** Headers among every item of their windows, as reports were listed before the index. */
  private async legacyList(
    scope: string,
    low: string,
    upper: string,
    limit: number,
  ): Promise<ReportHeader[]> {
    const items = await this.query(
      {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        FilterExpression: 'attribute_exists(expectedTargets)',
        ExpressionAttributeValues: marshall({ ':pk': partition(scope), ':low': low, ':high': upper }),
        ScanIndexForward: false,
      },
      (found) =>
        found.filter((item) => String(item.sk).endsWith(HEADER) && String(item.sk) < upper).length >= limit,
    )
    return items
      .filter((item) => String(item.sk).endsWith(HEADER) && String(item.sk) < upper)
      .slice(0, limit)
      .map(toHeader)
  }

  async finalize(scope: string, window: string, at: string): Promise<boolean> {
    let first = true
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: partition(scope), sk: `${window}${HEADER}` }),
          UpdateExpression: 'SET finalizedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(finalizedAt)',
          ExpressionAttributeValues: marshall({ ':at': at }),
        }),
      )
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
      first = false
    }
    // The index entry takes the header's own time, on every call: a retry after a failure between the
    // two updates mends the entry, and the two never disagree.
    const stored = await this.headerItem(scope, window)
    if (stored?.finalizedAt !== undefined) await this.putIndexEntry(scope, window, stored)
    return first
  }

  async putBlockMaps(
    scope: string,
    window: string,
    maps: readonly StoredBlockMap[],
    expiresAt: number,
  ): Promise<void> {
    // One request may not name a key twice (DynamoDB refuses the whole batch): the last map of a subnet wins.
    const bySubnet = new Map(maps.map((map) => [`${map.account}#${map.region}#${map.subnetId}`, map]))
    const requests: WriteRequest[] = [...bySubnet].map(([subnet, map]) => ({
      PutRequest: {
        Item: marshall({ pk: partition(scope), sk: `${mapsOf(window)}${subnet}`, ...map, expiresAt }),
      },
    }))
    for (let start = 0; start < requests.length; start += BLOCK_MAP_BATCH_SIZE) {
      await this.writeBatch(requests.slice(start, start + BLOCK_MAP_BATCH_SIZE))
    }
  }

  async readBlockMaps(scope: string, window: string): Promise<unknown[]> {
    const items = await this.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :maps)',
      ExpressionAttributeValues: marshall({ ':pk': partition(scope), ':maps': mapsOf(window) }),
    })
    return items.map(({ pk: _pk, sk: _sk, expiresAt: _expires, ...map }) => map)
  }

  /** The SDK retries a failed request, not a partly done one: unprocessed items are ours to send again. */
  private async writeBatch(batch: WriteRequest[]): Promise<void> {
    let pending = batch
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > BLOCK_MAP_RETRIES)
        throw new Error(
          `DynamoDB left ${pending.length} block map writes unprocessed after ${BLOCK_MAP_RETRIES} retries`,
        )
      if (attempt > 0) await this.sleep(BLOCK_MAP_BASE_DELAY_MS * 2 ** (attempt - 1))
      const { UnprocessedItems } = await this.client.send(
        new BatchWriteItemCommand({ RequestItems: { [this.tableName]: pending } }),
      )
      pending = UnprocessedItems?.[this.tableName] ?? []
    }
  }

  private async query(
    input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
    enough: (items: Record<string, unknown>[]) => boolean = () => false,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = []
    let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined
    do {
      const page = await this.client.send(
        new QueryCommand({ TableName: this.tableName, ...input, ExclusiveStartKey: start }),
      )
      for (const item of page.Items ?? []) items.push(unmarshall(item))
      start = page.LastEvaluatedKey
    } while (start && !enough(items))
    return items
  }
}

function toHeader(item: Record<string, unknown>): ReportHeader {
  return {
    scope: String(item.scope),
    window: String(item.window),
    expectedTargets: Number(item.expectedTargets),
    createdAt: String(item.createdAt),
    finalizedAt: item.finalizedAt === undefined ? null : String(item.finalizedAt),
  }
}

/** A target's result with the subnets of its own run's continuation parts (other runs' have other keys). */
function toTarget(
  item: Record<string, unknown>,
  items: ReadonlyMap<string, Record<string, unknown>>,
): TargetResult {
  const { pk: _pk, sk, expiresAt: _expires, parts, ...result } = item
  const window = String(sk).slice(0, String(sk).indexOf('#TARGET#'))
  const subnets = [...((result.subnets as unknown[]) ?? [])]
  for (let index = 1; index < Number(parts ?? 1); index++) {
    const part = items.get(partKey(window, result as unknown as TargetResult, index))
    if (part) subnets.push(...((part.subnets as unknown[]) ?? []))
  }
  return { ...result, subnets } as TargetResult
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = []
  for (let start = 0; start < items.length; start += size) parts.push(items.slice(start, start + size))
  return parts
}
