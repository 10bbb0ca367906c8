import { CatalogImportError } from '../../errors.ts'
import {
  type CatalogSnapshot,
  type CatalogSource,
  InstanceTypeRecord,
  type Trunking,
} from '../../schemas/instance-type.ts'
import { DescribeInstanceTypesPage, type Ec2InstanceType } from '../ec2/describe-instance-types-page.ts'
import { toInstanceTypeRecord } from '../ec2/to-instance-type-record.ts'
import {
  type BranchEniLimits,
  issuesText,
  recordFromBranchLimit,
  recordFromVpcLimit,
  trunkingOf,
  type VpcIpLimits,
} from './limits-tables.ts'

/**
 * Reads one export file's JSON: a single page (`aws ec2 describe-instance-types --output json`) or an
 * array of pages (what `--no-paginate` runs saved together look like).
 */
export function parseExportPages(fileName: string, json: unknown): DescribeInstanceTypesPage[] {
  const pages = Array.isArray(json) ? json : [json]
  return pages.map((page, index) => {
    const parsed = DescribeInstanceTypesPage.safeParse(page)
    if (!parsed.success) {
      const where = Array.isArray(json) ? `${fileName} page ${index + 1}` : fileName
      throw new CatalogImportError(
        `${where}: not a DescribeInstanceTypes export: ${issuesText(parsed.error)}`,
      )
    }
    return parsed.data
  })
}

/**
 * Merges pages into one sorted, validated catalog; the same input always gives the same snapshot.
 * Each type's facts come from the most trusted source that describes it: the EC2 export, then the VPC
 * CNI's limits table, then the resource controller's; trunking always comes from the latter.
 */
export function buildCatalogSnapshot(
  pages: DescribeInstanceTypesPage[],
  branchLimits: BranchEniLimits | null,
  source: CatalogSource,
  vpcLimits: VpcIpLimits | null = null,
): CatalogSnapshot {
  const byName = new Map<string, Ec2InstanceType>()
  for (const page of pages) {
    for (const instanceType of page.InstanceTypes) {
      const seen = byName.get(instanceType.InstanceType)
      // Overlapping pages are harmless; two different answers for one type are not.
      if (seen && JSON.stringify(seen) !== JSON.stringify(instanceType)) {
        throw new CatalogImportError(`${instanceType.InstanceType} appears twice with different facts`)
      }
      byName.set(instanceType.InstanceType, instanceType)
    }
  }
  if (byName.size === 0) throw new CatalogImportError('the export holds no instance types')

  const records = new Map<string, unknown>()
  for (const [name, ec2] of byName) records.set(name, fromEc2(ec2, trunkingOf(name, branchLimits)))
  for (const [name, limit] of Object.entries(vpcLimits ?? {})) {
    if (!records.has(name)) records.set(name, recordFromVpcLimit(name, limit, trunkingOf(name, branchLimits)))
  }
  for (const [name, limit] of Object.entries(branchLimits ?? {})) {
    const record = records.has(name) ? null : recordFromBranchLimit(name, limit)
    if (record) records.set(name, record)
  }

  const instanceTypes = [...records.keys()].sort(compareCodeUnits).map((name) => {
    const record = InstanceTypeRecord.safeParse(records.get(name))
    if (!record.success) throw new CatalogImportError(`${name}: ${issuesText(record.error)}`)
    return record.data
  })
  return { format: 1, source, typeCount: instanceTypes.length, instanceTypes }
}

/** Stable text: fixed key order, one record per line, so diffs of a refreshed snapshot stay readable. */
export function serializeCatalogSnapshot(snapshot: CatalogSnapshot): string {
  const records = snapshot.instanceTypes.map((record) => `    ${JSON.stringify(record)}`)
  return [
    '{',
    `  "format": ${snapshot.format},`,
    `  "source": ${JSON.stringify(snapshot.source)},`,
    `  "typeCount": ${snapshot.typeCount},`,
    '  "instanceTypes": [',
    records.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n')
}

function fromEc2(ec2: Ec2InstanceType, trunking: Trunking | null) {
  try {
    return toInstanceTypeRecord(ec2, trunking)
  } catch (error) {
    throw new CatalogImportError((error as Error).message, { cause: error })
  }
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
