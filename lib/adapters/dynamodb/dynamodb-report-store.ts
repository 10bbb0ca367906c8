import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb'
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb'
import type { ReportHeader, ReportStore } from '../../ports/report-store.ts'
import type { TargetResult } from '../../schemas/report.ts'

// REPORT#<scope> / <window>#HEADER            expected targets, created, finalized; expiresAt (TTL)
// REPORT#<scope> / <window>#TARGET#<acct>#<region>   one target's subnets; expiresAt (TTL)
// Windows are ISO times, so keys sort by time and a window's items sit together.

const partition = (scope: string) => `REPORT#${scope}`
const HEADER = '#HEADER'

export class DynamoDbReportStore implements ReportStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
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
  }

  async putTarget(scope: string, window: string, result: TargetResult, expiresAt: number): Promise<void> {
    const sk = `${window}#TARGET#${result.account}#${result.region}`
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({ pk: partition(scope), sk, ...result, expiresAt }, { removeUndefinedValues: true }),
      }),
    )
  }

  async read(scope: string, window: string) {
    const items = await this.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :window)',
      ExpressionAttributeValues: marshall({ ':pk': partition(scope), ':window': `${window}#` }),
    })
    const header = items.find((item) => String(item.sk).endsWith(HEADER))
    if (!header) return undefined
    return {
      header: toHeader(header),
      targets: items.filter((item) => String(item.sk).includes('#TARGET#')).map((item) => toTarget(item)),
    }
  }

  async list(
    scope: string,
    options: { since?: string; until?: string; limit: number; before?: string },
  ): Promise<ReportHeader[]> {
    const upper = options.before ?? `${options.until ?? '9999'}~`
    const items = await this.query(
      {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        FilterExpression: 'attribute_exists(expectedTargets)',
        ExpressionAttributeValues: marshall({
          ':pk': partition(scope),
          ':low': options.since ?? '0',
          ':high': upper,
        }),
        ScanIndexForward: false,
      },
      (found) =>
        found.filter((item) => String(item.sk).endsWith(HEADER) && String(item.sk) < upper).length >=
        options.limit,
    )
    return items
      .filter((item) => String(item.sk).endsWith(HEADER) && String(item.sk) < upper)
      .slice(0, options.limit)
      .map(toHeader)
  }

  async finalize(scope: string, window: string, at: string): Promise<boolean> {
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
      return true
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false
      throw error
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

function toTarget(item: Record<string, unknown>): TargetResult {
  const { pk: _pk, sk: _sk, expiresAt: _expires, ...result } = item
  return result as TargetResult
}
