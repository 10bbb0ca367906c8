import type { CatalogEntry, CatalogOrigin, InstanceCatalog } from '../../ports/instance-catalog.ts'
import type { CatalogSnapshot, InstanceTypeRecord, Trunking } from '../../schemas/instance-type.ts'

interface Loaded {
  snapshot: CatalogSnapshot
  byName: ReadonlyMap<string, InstanceTypeRecord>
}

/**
 * The catalog shipped in data/, always available, no AWS needed. It is loaded on first use: a function
 * that answers from DynamoDB never pays for parsing it at cold start. The file is written and validated
 * by the importer and checked against the schema in the tests, so it is not re-validated here.
 */
export class BundledCatalog implements InstanceCatalog {
  private loaded: Promise<Loaded> | undefined

  constructor(private readonly given?: CatalogSnapshot) {}

  async get(instanceType: string): Promise<CatalogEntry | undefined> {
    const record = (await this.load()).byName.get(instanceType)
    return record ? { record, lifecycle: null } : undefined
  }

  async list(): Promise<readonly InstanceTypeRecord[]> {
    return (await this.load()).snapshot.instanceTypes
  }

  async origin(): Promise<CatalogOrigin> {
    const { source } = (await this.load()).snapshot
    return {
      source: 'snapshot',
      region: null,
      refreshedAt: source.capturedOn,
      description: [
        source.instanceTypes,
        source.vpcLimits && `VPC CNI limits: ${source.vpcLimits}`,
        source.branchLimits && `trunking: ${source.branchLimits}`,
      ]
        .filter(Boolean)
        .join('; '),
    }
  }

  /** Trunking facts by type: they are not in the EC2 API, so the refresher takes them from here. */
  async trunkingByType(): Promise<ReadonlyMap<string, Trunking | null>> {
    const { byName } = await this.load()
    return new Map([...byName].map(([name, record]) => [name, record.trunking]))
  }

  private load(): Promise<Loaded> {
    this.loaded ??= (async () => {
      const snapshot =
        this.given ??
        ((await import('../../../data/instance-catalog.json', { with: { type: 'json' } }))
          .default as CatalogSnapshot)
      return {
        snapshot,
        byName: new Map(snapshot.instanceTypes.map((record) => [record.instanceType, record])),
      }
    })()
    return this.loaded
  }
}
