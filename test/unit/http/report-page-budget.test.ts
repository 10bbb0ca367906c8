import { describe, expect, it } from 'vitest'
import type { BlockMap } from '../../../lib/domain/block-map-code.ts'
import { formatCidr } from '../../../lib/domain/ipv4.ts'
import { subnetKey } from '../../../lib/domain/report.ts'
import {
  BLOCK_MAP_PAGE_BYTES,
  MAX_AT_RISK_SECTIONS,
  MAX_TABLE_ROWS,
  type PageObservation,
  reportPage,
} from '../../../lib/http/report-page.ts'
import type { Report, SubnetReportEntry } from '../../../lib/schemas/report.ts'

// A page is one Lambda answer (at most 6 MB) that people open on phones: a large scope must still give a
// page, with the parts left out said to be left out.

const LAMBDA_ANSWER_LIMIT = 6 * 1024 * 1024

/** A fleet of `/prefix` subnets, the first `atRisk` of them at risk, each with a block map and a history. */
function fleet(subnets: number, atRisk: number, prefix: number, reports: number) {
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

function blockMap(entry: SubnetReportEntry, prefix: number): BlockMap {
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

const count = (html: string, text: string) => html.split(text).length - 1

describe('a report page’s size', () => {
  it.each([
    ['5,000 /16 subnets, 200 at risk, 60 reports of history', 5000, 200, 16, 60],
    ['1,000 /20 subnets, 1,000 at risk', 1000, 1000, 20, 60],
    ['200 /24 subnets, 20 at risk, one report', 200, 20, 24, 1],
  ])('stays within one Lambda answer: %s', (_why, subnets, atRisk, prefix, reports) => {
    const html = reportPage(fleet(subnets, atRisk, prefix, reports), { tableScript: 'table.js' })
    expect(Buffer.byteLength(html)).toBeLessThan(LAMBDA_ANSWER_LIMIT)
  })

  it('draws the worst at-risk subnets in full and says how many more the table holds', () => {
    const html = reportPage(fleet(300, 120, 24, 4), { tableScript: 'table.js' })
    expect(count(html, '<section class="at-risk"')).toBe(MAX_AT_RISK_SECTIONS)
    expect(html).toContain(`data-more-at-risk="${120 - MAX_AT_RISK_SECTIONS}"`)
    expect(count(html, '<tr class="risk"')).toBe(120)
  })

  it('draws block maps until their share of the page is spent, and says so for the rest', () => {
    // A /16's map is several hundred KB: only a few fit the share.
    const html = reportPage(fleet(10, 10, 16, 4), { tableScript: 'table.js' })
    const drawn = count(html, '<figure class="block-map">')
    expect(drawn).toBeGreaterThan(0)
    expect(drawn).toBeLessThan(10)
    expect(count(html, 'Block map left out')).toBe(10 - drawn)
    const maps = html
      .split('<figure class="block-map">')
      .slice(1)
      .map((part) => part.split('</figure>')[0] ?? '')
    expect(maps.reduce((sum, map) => sum + map.length, 0)).toBeLessThanOrEqual(BLOCK_MAP_PAGE_BYTES)
  })

  it('lists at most the table’s rows, and says where the rest are', () => {
    const html = reportPage(fleet(MAX_TABLE_ROWS + 5, 0, 24, 1), { tableScript: 'table.js' })
    expect(count(html, '<tr data-subnet-id=')).toBe(MAX_TABLE_ROWS)
    expect(html).toContain('data-more-subnets="5"')
  })
})
