import snapshotFile from '../../../data/instance-catalog.json' with { type: 'json' }
import type { CatalogEntry, CatalogOrigin, InstanceCatalog } from '../../ports/instance-catalog.ts'
import type { CatalogSnapshot, InstanceTypeRecord } from '../../schemas/instance-type.ts'

/**
 * The catalog shipped in data/, always available, no AWS needed. The file is written and validated by
 * the importer and checked against the schema in the tests, so it is not re-validated on every start.
 */
export class BundledCatalog implements InstanceCatalog {
  private readonly byName: ReadonlyMap<string, InstanceTypeRecord>

  constructor(private readonly snapshot: CatalogSnapshot = snapshotFile as CatalogSnapshot) {
    this.byName = new Map(snapshot.instanceTypes.map((record) => [record.instanceType, record]))
  }

  async get(instanceType: string): Promise<CatalogEntry | undefined> {
    const record = this.byName.get(instanceType)
    return record ? { record, lifecycle: null } : undefined
  }

  async list(): Promise<readonly InstanceTypeRecord[]> {
    return this.snapshot.instanceTypes
  }

  async origin(): Promise<CatalogOrigin> {
    const { source } = this.snapshot
    return {
      source: 'snapshot',
      region: null,
      refreshedAt: source.capturedOn,
      description: [source.instanceTypes, source.branchLimits && `trunking: ${source.branchLimits}`]
        .filter(Boolean)
        .join('; '),
    }
  }

  /** Trunking facts are not in the EC2 API; the refresher takes them from here. */
  trunkingOf(instanceType: string): InstanceTypeRecord['trunking'] {
    return this.byName.get(instanceType)?.trunking ?? null
  }
}
