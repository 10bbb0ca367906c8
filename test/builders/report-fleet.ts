import type { BlockMap } from '../../lib/domain/block-map-code.ts'
import { formatCidr } from '../../lib/domain/ipv4.ts'
import { subnetKey } from '../../lib/domain/report.ts'
import type { PageObservation, ReportPageData } from '../../lib/http/report-page.ts'
import type { Report, SubnetReportEntry } from '../../lib/schemas/report.ts'

// A large scope's report page data, made up: the page's size bounds and the bench draw it.

/** A fleet of `/prefix` subnets, the first `atRisk` of them at risk, each with a block map and a history. */
export function fleet(subnets: number, atRisk: number, prefix: number, reports: number): ReportPageData {
  const entries: SubnetReportEntry[] = Array.from({ length: subnets }, (_, index) => ({
    account: '111122223333',
    region: 'eu-west-1',
    subnetId: `subnet-${String(index).padStart(17, '0')}`,
    vpcId: 'vpc-0123456789abcdef0',
    cidr: formatCidr(index * 2 ** (32 - prefix), prefix),
    assignableBlocks: index < atRisk ? 3 : 200,
    freeBlocks: 3,
    fragmentedBlocks: 40,
    fragmentationScore: 93,
    freeIps: 900,
    unaccountedAddresses: 0,
    worstOwners: [],
    atRisk: index < atRisk,
    trend: { assignableChange: -2, blocksPerDay: 1.5, daysToExhaustion: 2 },
  }))
  const report: Report = {
    reportId: 'prod@2026-11-30T06:00:00.000Z',
    scope: 'prod',
    window: '2026-11-30T06:00:00.000Z',
    complete: true,
    targets: [
      { account: '111122223333', region: 'eu-west-1', status: 'ok', error: null, scannedAt: '', subnets },
    ],
    subnets: entries,
    subnetsAtRisk: atRisk,
  }
  const histories = new Map<string, PageObservation[]>()
  const blockMaps = new Map<string, BlockMap>()
  for (const entry of entries.filter((each) => each.atRisk)) {
    histories.set(
      subnetKey(entry),
      Array.from({ length: reports }, (_, k) => ({
        at: new Date(Date.parse('2026-09-01T00:00:00Z') + k * 36 * 3_600_000).toISOString(),
        assignableBlocks: 100 - k,
        freeIps: 1000,
        fragmentationScore: 90,
      })),
    )
    blockMaps.set(subnetKey(entry), blockMap(entry, prefix))
  }
  return {
    report,
    expectedTargets: 1,
    thresholds: { assignableBelow: 16, scoreAbove: 80 },
    histories,
    blockMaps,
    historyDays: 90,
  }
}

export function blockMap(entry: SubnetReportEntry, prefix: number): BlockMap {
  const total = 2 ** (28 - prefix)
  const first = Number(
    entry.cidr
      .split('/')[0]
      ?.split('.')
      .reduce((sum, octet) => sum * 256 + Number(octet), 0),
  )
  const blockList = Array.from({ length: total }, (_, index) => ({
    cidr: formatCidr(first + index * 16, 28),
    state: (index % 2 ? 'fragmented' : 'full') as 'fragmented' | 'full',
    usedIps: index % 2 ? 5 : 16,
    inPrefixReservation: false,
    inExplicitReservation: false,
  }))
  const fragmented = blockList.filter((block) => block.state === 'fragmented').length
  return {
    subnetId: entry.subnetId,
    cidr: entry.cidr,
    fragmentationScore: 100,
    largestFreeCidr: null,
    blockList,
    blocks: {
      total,
      free: 0,
      fragmented,
      full: total - fragmented,
      awsReserved: 0,
      prefixAllocated: 0,
      inPrefixReservation: 0,
      inExplicitReservation: 0,
      assignable: 0,
    },
  }
}
