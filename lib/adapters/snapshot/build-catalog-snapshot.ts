import { z } from 'zod'
import { CatalogImportError } from '../../errors.ts'
import { fieldIssues } from '../../schemas/field-issues.ts'
import {
  type CatalogSnapshot,
  type CatalogSource,
  InstanceTypeRecord,
  type Trunking,
} from '../../schemas/instance-type.ts'
import { DescribeInstanceTypesPage, type Ec2InstanceType } from '../ec2/describe-instance-types-page.ts'
import { toInstanceTypeRecord } from '../ec2/to-instance-type-record.ts'

/** The VPC resource controller's per-type limits file; only the trunking facts are read. */
export const BranchEniLimits = z.record(
  z.string(),
  z.looseObject({ IsTrunkingCompatible: z.boolean(), BranchInterface: z.number().int().min(0) }),
)
export type BranchEniLimits = z.infer<typeof BranchEniLimits>

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
      throw new CatalogImportError(`${where}: not a DescribeInstanceTypes export: ${describe(parsed.error)}`)
    }
    return parsed.data
  })
}

export function parseBranchLimits(fileName: string, json: unknown): BranchEniLimits {
  const parsed = BranchEniLimits.safeParse(json)
  if (!parsed.success) {
    throw new CatalogImportError(`${fileName}: not a branch ENI limits file: ${describe(parsed.error)}`)
  }
  return parsed.data
}

/** Merges pages into one sorted, validated catalog; the same input always gives the same snapshot. */
export function buildCatalogSnapshot(
  pages: DescribeInstanceTypesPage[],
  branchLimits: BranchEniLimits | null,
  source: CatalogSource,
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

  const names = [...byName.keys()].sort(compareCodeUnits)
  const instanceTypes = names.map((name) => {
    const ec2 = byName.get(name) as Ec2InstanceType
    const record = InstanceTypeRecord.safeParse(
      toInstanceTypeRecordOrThrow(ec2, trunkingOf(name, branchLimits)),
    )
    if (!record.success) throw new CatalogImportError(`${name}: ${describe(record.error)}`)
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

function trunkingOf(name: string, branchLimits: BranchEniLimits | null): Trunking | null {
  const limits = branchLimits?.[name]
  return limits ? { compatible: limits.IsTrunkingCompatible, branchEnis: limits.BranchInterface } : null
}

function toInstanceTypeRecordOrThrow(ec2: Ec2InstanceType, trunking: Trunking | null) {
  try {
    return toInstanceTypeRecord(ec2, trunking)
  } catch (error) {
    throw new CatalogImportError((error as Error).message, { cause: error })
  }
}

function describe(error: z.ZodError): string {
  return fieldIssues(error)
    .slice(0, 5)
    .map((issue) => `${issue.field || '(top level)'}: ${issue.message}`)
    .join('; ')
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
