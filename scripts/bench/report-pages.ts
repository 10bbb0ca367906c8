import { DynamoDbReportStore } from '../../lib/adapters/dynamodb/dynamodb-report-store.ts'
import { consoleTelemetry } from '../../lib/adapters/observability/console-telemetry.ts'
import { encodeBlockMap } from '../../lib/domain/block-map-code.ts'
import { reportPage } from '../../lib/http/report-page.ts'
import { ReportScope, type TargetResult } from '../../lib/schemas/report.ts'
import type { SubnetAnalysis } from '../../lib/schemas/subnets.ts'
import { createReportReader } from '../../lib/services/report-reader.ts'
import { fleet } from '../../test/builders/report-fleet.ts'
import { startDynamoDb } from '../../test/support/dynalite.ts'
import { type BenchSection, fixed, quantile, sortedNumbers, thousands } from './measure.ts'

const RUNS = 5
const STORED_REPORTS = 91
const STORED_SUBNETS = 1000
const STORED_AT_RISK = 100

/** Median wall time of `work` in ms, after one warm-up run. */
async function medianMs(work: () => Promise<unknown> | unknown): Promise<number> {
  await work()
  const times: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint()
    await work()
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return quantile(sortedNumbers(times), 0.5)
}

/**
 * Report pages (issue 17): how big a page of a large scope is and how long it takes to draw, and how long
 * the page's reads take from DynamoDB (dynalite) with a season of stored reports behind it.
 */
export async function benchReportPages(): Promise<BenchSection> {
  const rows: string[][] = []
  for (const [subnets, atRisk, prefix] of [
    [200, 20, 24],
    [1000, 100, 20],
    [5000, 200, 16],
  ] as const) {
    const data = fleet(subnets, atRisk, prefix, 60)
    let html = ''
    const ms = await medianMs(() => {
      html = reportPage(data, { tableScript: 'table.js' })
    })
    rows.push([
      `draw: ${thousands(subnets)} /${prefix} subnets, ${atRisk} at risk, 60 reports of history`,
      fixed(Buffer.byteLength(html) / 1024, 0),
      fixed(ms, 1),
    ])
  }
  rows.push(await readFromTable())
  return {
    title: 'Report pages (issue 17)',
    method: `reportPage() on made-up scopes (test/builders/report-fleet.ts; every at-risk subnet with a block map and a 60-point history), and the reader's page() against dynalite holding ${STORED_REPORTS} reports 6 hours apart (a season at 4 a day would be 360; the page reads at most 60 of them) of ${thousands(STORED_SUBNETS)} /20 subnets, ${STORED_AT_RISK} at risk with kept block maps; median of ${RUNS} after a warm-up. The page's bounds (50 full sections, 1.5 MB of block maps, 3,000 table rows) keep it within one 6 MB Lambda answer. Reproduce: \`npm run bench -- report-pages\`.`,
    headers: ['measure', 'page KiB', 'median ms'],
    rows,
  }
}

async function readFromTable(): Promise<string[]> {
  const dynamo = await startDynamoDb()
  try {
    const store = new DynamoDbReportStore(dynamo.client, dynamo.tableName)
    const data = fleet(STORED_SUBNETS, STORED_AT_RISK, 20, 1)
    const start = Date.parse('2026-09-01T00:00:00.000Z')
    let window = ''
    for (let index = 0; index < STORED_REPORTS; index++) {
      window = new Date(start + index * 6 * 3_600_000).toISOString()
      const result: TargetResult = {
        account: '111122223333',
        region: 'eu-west-1',
        status: 'ok',
        error: null,
        scannedAt: window,
        subnets: data.report.subnets.map(({ trend: _trend, ...entry }) => entry),
      }
      await store.startReport({ scope: 'prod', window, expectedTargets: 1, createdAt: window }, 0)
      await store.putTarget('prod', window, result, 0)
    }
    const maps = [...data.blockMaps.values()].map((map) =>
      encodeBlockMap('111122223333', 'eu-west-1', map as SubnetAnalysis),
    )
    await store.putBlockMaps('prod', window, maps, 0)
    const reader = createReportReader({
      scope: ReportScope.parse({ name: 'prod', regions: ['eu-west-1'] }),
      store,
      clock: { now: () => new Date(window) },
      telemetry: consoleTelemetry(() => {}),
    })
    let bytes = 0
    const ms = await medianMs(async () => {
      const page = await reader.page(window)
      if (!page) throw new Error('the stored report could not be read back')
      bytes = Buffer.byteLength(reportPage(page, { tableScript: 'table.js' }))
    })
    return [
      `read and draw: ${thousands(STORED_SUBNETS)} /20 subnets, ${STORED_AT_RISK} at risk, from ${STORED_REPORTS} stored reports`,
      fixed(bytes / 1024, 0),
      fixed(ms, 1),
    ]
  } finally {
    await dynamo.stop()
  }
}
