import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb'
import type { CatalogMeta, StoredRecord } from '../../ports/instance-catalog.ts'
import type { InstanceTypeRecord } from '../../schemas/instance-type.ts'

// Single-table layout (keys pk/sk):
//   CATALOG#<region> / TYPE#<instanceType>  the normalized record, fingerprint, updatedAt, seenAt, missingSince
//   CATALOG#<region> / META                 refreshedAt, typeCount, source of the last good refresh
//   CATALOG#<region> / LAST_ERROR           the last failed refresh, kept apart so META stays as it was
// Reports will live under REPORT#… partitions.

export const TYPE_PREFIX = 'TYPE#'

export const catalogKeys = {
  partition: (region: string) => `CATALOG#${region}`,
  type: (region: string, instanceType: string) => ({
    pk: `CATALOG#${region}`,
    sk: `${TYPE_PREFIX}${instanceType}`,
  }),
  meta: (region: string) => ({ pk: `CATALOG#${region}`, sk: 'META' }),
  lastError: (region: string) => ({ pk: `CATALOG#${region}`, sk: 'LAST_ERROR' }),
}

export interface TypeItem {
  pk: string
  sk: string
  record: InstanceTypeRecord
  fingerprint: string
  updatedAt: string
  seenAt: string
  missingSince?: string
}

export interface MetaItem extends CatalogMeta {
  pk: string
  sk: string
}

export function toTypeItem(region: string, stored: StoredRecord): Record<string, AttributeValue> {
  const item: TypeItem = { ...catalogKeys.type(region, stored.record.instanceType), ...stored }
  return marshall(item, { removeUndefinedValues: true, convertEmptyValues: false })
}

export function fromItem<T>(item: Record<string, AttributeValue>): T {
  return unmarshall(item) as T
}

export function key(value: { pk: string; sk: string }): Record<string, AttributeValue> {
  return marshall(value)
}
