import type { InstanceTypeLifecycle } from '../schemas/api/capacity.ts'
import type { InstanceTypeRecord } from '../schemas/instance-type.ts'

/** Where a catalog's facts came from. */
export interface CatalogOrigin {
  source: 'snapshot' | 'dynamodb'
  region: string | null
  /** When the facts were last refreshed from EC2 (the snapshot: the day it was captured). */
  refreshedAt: string | null
  /** Where the facts came from, in words. */
  description: string
}

export interface CatalogEntry {
  record: InstanceTypeRecord
  /** When the record changed and was last seen; null where the catalog does not track it (snapshot). */
  lifecycle: InstanceTypeLifecycle | null
}

/**
 * Instance facts of one region. The bundled snapshot and the DynamoDB cache both implement it.
 * `origin()` is undefined when the catalog holds nothing for the region yet.
 */
export interface InstanceCatalog {
  get(instanceType: string): Promise<CatalogEntry | undefined>
  list(): Promise<readonly InstanceTypeRecord[]>
  origin(): Promise<CatalogOrigin | undefined>
}

/** Normalized instance types straight from EC2 for one region, with how hard it was to get them. */
export interface InstanceTypeSource {
  listInstanceTypes(
    region: string,
  ): Promise<{ records: InstanceTypeRecord[]; calls: number; retries: number }>
}

/** What the refresher reads and writes in the cache. */
export interface StoredFingerprint {
  fingerprint: string
  updatedAt: string
  missingSince: string | null
}

export interface CatalogMeta {
  refreshedAt: string
  typeCount: number
  source: string
}

export interface CatalogStore {
  readFingerprints(region: string): Promise<Map<string, StoredFingerprint>>
  /** Writes whole records; returns how many write requests it took (retries of unprocessed items included). */
  putRecords(region: string, items: StoredRecord[]): Promise<{ batches: number; retriedItems: number }>
  markMissing(region: string, instanceTypes: string[], since: string): Promise<void>
  writeMeta(region: string, meta: CatalogMeta): Promise<void>
  /** Kept apart from META so a failed refresh leaves the last good META as it was. */
  recordError(region: string, message: string, at: string): Promise<void>
  readMeta(
    region: string,
  ): Promise<(CatalogMeta & { lastError: { message: string; at: string } | null }) | undefined>
}

export interface StoredRecord {
  record: InstanceTypeRecord
  fingerprint: string
  updatedAt: string
  seenAt: string
}
