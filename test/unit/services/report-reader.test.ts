import { describe, expect, it } from 'vitest'
import { MemoryReportStore } from '../../../lib/adapters/memory/memory-report-store.ts'
import { consoleTelemetry } from '../../../lib/adapters/observability/console-telemetry.ts'
import { ReportScope, type TargetResult } from '../../../lib/schemas/report.ts'
import { createReportReader, MAX_PAGE_HISTORY_REPORTS } from '../../../lib/services/report-reader.ts'

// A page reads the report, the week behind its trend and a spread of older reports for its sparklines,
// each once: a season of 6-hourly reports (360) must not be 360 reads per view.

const START = Date.parse('2026-09-01T00:00:00.000Z')
const windowOf = (index: number) => new Date(START + index * 6 * 3_600_000).toISOString()

function result(window: string, assignableBlocks: number): TargetResult {
  return {
    account: 'self',
    region: 'us-east-1',
    status: 'ok',
    error: null,
    scannedAt: window,
    subnets: [
      {
        account: 'self',
        region: 'us-east-1',
        subnetId: 'subnet-1',
        vpcId: 'vpc-1',
        cidr: '10.0.0.0/24',
        assignableBlocks,
        freeBlocks: assignableBlocks,
        fragmentedBlocks: 0,
        fragmentationScore: 10,
        freeIps: 200,
        unaccountedAddresses: 0,
        worstOwners: [],
        atRisk: true,
      },
    ],
  }
}

describe('a report page’s reads', () => {
  it('reads each report once, the trend’s week whole and at most the stated number in all', async () => {
    // Prepare: 360 reports, 6 hours apart (90 days), one at-risk subnet losing a block every report
    const store = new MemoryReportStore()
    for (let index = 0; index < 360; index++) {
      const window = windowOf(index)
      await store.startReport({ scope: 'default', window, expectedTargets: 1, createdAt: window })
      await store.putTarget('default', window, result(window, 400 - index))
    }
    const reads: string[] = []
    const read = store.read.bind(store)
    store.read = async (scope, window) => {
      reads.push(window)
      return read(scope, window)
    }
    const latest = windowOf(359)
    const reader = createReportReader({
      scope: ReportScope.parse({ regions: ['us-east-1'], retentionDays: 90 }),
      store,
      clock: { now: () => new Date(latest) },
      telemetry: consoleTelemetry(() => {}),
    })
    // Act
    const page = await reader.page(latest)
    // Assess
    expect(new Set(reads).size).toBe(reads.length)
    expect(reads.length).toBeLessThanOrEqual(MAX_PAGE_HISTORY_REPORTS)
    const drawn = page?.histories.get('self/us-east-1/subnet-1')?.map((point) => point.at) ?? []
    // The last week's 29 reports (this one included) are all drawn; the oldest retained one too.
    expect(drawn.slice(-29)).toEqual(Array.from({ length: 29 }, (_, k) => windowOf(331 + k)))
    expect(drawn[0]).toBe(windowOf(0))
    expect(drawn).toEqual([...drawn].sort())
    // The trend is the one the JSON report gives: a block lost every 6 hours.
    expect(page?.report.subnets[0]?.trend.blocksPerDay).toBe(4)
  })
})
