import { readFileSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { CatalogImportError } from '../../errors.ts'
import { type CatalogSnapshot, CatalogSource, type FactSource } from '../../schemas/instance-type.ts'
import { buildCatalogSnapshot, parseExportPages, serializeCatalogSnapshot } from './build-catalog-snapshot.ts'
import { parseBranchLimits, parseVpcIpLimits } from './limits-tables.ts'

export interface ImportCatalogFiles {
  /** `aws ec2 describe-instance-types --output json` exports: whole exports or page files. */
  exports: string[]
  /** The VPC CNI's per-type limits (vpc_ip_resource_limit.go as JSON): types the exports lack. */
  vpcLimits?: string | undefined
  /** The VPC resource controller's per-type limits, for trunking facts. */
  branchLimits?: string | undefined
  out: string
  /** Where the export came from, in words; defaults to the file names. */
  source?: string | undefined
  vpcLimitsSource?: string | undefined
  branchSource?: string | undefined
  /** The day the export was taken (YYYY-MM-DD); not today's date, so re-runs stay byte-identical. */
  capturedOn?: string | undefined
}

/** Reads exports, builds the snapshot and writes it; returns a one-line summary. */
export function importCatalogFiles(options: ImportCatalogFiles): string {
  if (options.exports.length === 0)
    throw new CatalogImportError('name at least one DescribeInstanceTypes export file')
  const pages = options.exports.flatMap((file) => parseExportPages(basename(file), readJson(file)))
  const vpcLimits = options.vpcLimits
    ? parseVpcIpLimits(basename(options.vpcLimits), readJson(options.vpcLimits))
    : null
  const branchLimits = options.branchLimits
    ? parseBranchLimits(basename(options.branchLimits), readJson(options.branchLimits))
    : null
  const source = CatalogSource.safeParse({
    instanceTypes: options.source ?? options.exports.map((file) => basename(file)).join(', '),
    vpcLimits: options.vpcLimits ? (options.vpcLimitsSource ?? basename(options.vpcLimits)) : null,
    branchLimits: options.branchLimits ? (options.branchSource ?? basename(options.branchLimits)) : null,
    capturedOn: options.capturedOn ?? null,
  })
  if (!source.success) throw new CatalogImportError('--captured-on: expected a date as YYYY-MM-DD')

  const snapshot = buildCatalogSnapshot(pages, branchLimits, source.data, vpcLimits)
  writeFileSync(options.out, serializeCatalogSnapshot(snapshot))
  const trunkingKnown = snapshot.instanceTypes.filter((record) => record.trunking !== null).length
  return `wrote ${options.out}: ${snapshot.typeCount} instance types from ${pages.length} page(s) (${bySource(snapshot)}), trunking known for ${trunkingKnown}`
}

const SOURCE_WORDS: Record<FactSource, string> = {
  'describe-instance-types': 'from DescribeInstanceTypes',
  'vpc-cni-limits': 'from the VPC CNI limits only',
  'vpc-resource-controller-limits': 'from the resource controller limits only',
}

function bySource(snapshot: CatalogSnapshot): string {
  const counts = new Map<FactSource, number>()
  for (const record of snapshot.instanceTypes)
    counts.set(record.sources.limits, (counts.get(record.sources.limits) ?? 0) + 1)
  return [...counts].map(([source, count]) => `${count} ${SOURCE_WORDS[source]}`).join(', ')
}

function readJson(file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new CatalogImportError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new CatalogImportError(`${basename(file)}: not JSON (${(error as Error).message})`)
  }
}
