import type { CatalogSource, InstanceTypeRecord } from '../schemas/instance-type.ts'

/** Where the answer's instance facts came from, reported with every answer. */
export interface CatalogOrigin {
  source: 'snapshot' | 'dynamodb'
  region: string | null
  /** When the facts were last refreshed from EC2 (or captured, for the snapshot); null when unknown. */
  refreshedAt: string | null
  description: CatalogSource
}

/** Instance facts by type; the bundled snapshot and the DynamoDB cache both implement it. */
export interface InstanceCatalog {
  get(instanceType: string): Promise<InstanceTypeRecord | undefined>
  list(): Promise<readonly InstanceTypeRecord[]>
  origin(): Promise<CatalogOrigin>
}
