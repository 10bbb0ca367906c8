import { encodeBlockMap } from '../domain/block-map-code.ts'
import { reportComplete, reportEntries } from '../domain/report.ts'
import type { Clock } from '../ports/clock.ts'
import type { ReportJob, ReportNotifier, ReportQueue } from '../ports/report-queue.ts'
import type { ReportStore } from '../ports/report-store.ts'
import type { SubnetInventory, SubnetSelector } from '../ports/subnet-inventory.ts'
import type { Telemetry } from '../ports/telemetry.ts'
import type { Report, ReportScope, ReportTarget, TargetResult } from '../schemas/report.ts'
import type { SubnetAnalysis } from '../schemas/subnets.ts'
import { reportSummary } from '../slack/report-summary.ts'
import { createReportReader } from './report-reader.ts'
import { createSubnetAnalysisService } from './subnet-analysis.ts'

export interface ReportDeps {
  scope: ReportScope
  store: ReportStore
  inventoryFor: (target: ReportTarget) => Promise<SubnetInventory>
  telemetry: Telemetry
  clock: Clock
  queue?: ReportQueue
  notifier?: ReportNotifier
  /** The signed address of a report's page, for the Slack summary; undefined when none can be given. */
  pageUrl?: (reportId: string) => Promise<string | undefined>
}

/** Block maps kept per target and report: the worst at-risk subnets; a page shows a note for the rest. */
export const MAX_BLOCK_MAPS_PER_TARGET = 100

/** Scheduled fragmentation reports: fan out per account × region, gather, trend, notify, measure. */
export function createReportService(deps: ReportDeps) {
  const { scope } = deps
  const reader = createReportReader(deps)
  const { read } = reader

  function targets(): ReportTarget[] {
    return scope.accounts.flatMap((account) =>
      scope.regions.map((region) => ({
        account: account.roleArn ? (account.roleArn.split(':')[4] as string) : 'self',
        ...(account.roleArn ? { roleArn: account.roleArn } : {}),
        ...(account.externalId ? { externalId: account.externalId } : {}),
        region,
      })),
    )
  }

  const expiresAt = () => Math.floor(deps.clock.now().getTime() / 1000) + scope.retentionDays * 86_400

  async function start(window: string): Promise<ReportJob[]> {
    const all = targets()
    await deps.store.startReport(
      { scope: scope.name, window, expectedTargets: all.length, createdAt: deps.clock.now().toISOString() },
      expiresAt(),
    )
    return all.map((target) => ({ scope: scope.name, window, target }))
  }

  /** Scans one target; a failure is recorded as that target's result, never lost. */
  async function runTarget(job: ReportJob): Promise<TargetResult> {
    const { target } = job
    let result: TargetResult
    try {
      const inventory = await deps.inventoryFor(target)
      const subnets = createSubnetAnalysisService(() => inventory, target.region)
      const analyses = []
      for (const selector of selectors())
        analyses.push(...(await subnets.scan(selector, target.region)).analyses)
      const unique = [...new Map(analyses.map((analysis) => [analysis.subnetId, analysis])).values()]
      const entries = reportEntries(target.account, target.region, unique, scope.thresholds)
      await keepBlockMaps(job, entries, unique)
      result = {
        account: target.account,
        region: target.region,
        status: 'ok',
        error: null,
        scannedAt: deps.clock.now().toISOString(),
        subnets: entries,
      }
    } catch (error) {
      deps.telemetry.error('report target failed', {
        account: target.account,
        region: target.region,
        error: (error as Error).message,
      })
      result = {
        account: target.account,
        region: target.region,
        status: 'failed',
        error: (error as Error).message,
        scannedAt: deps.clock.now().toISOString(),
        subnets: [],
      }
    }
    await deps.store.putTarget(job.scope, job.window, result, expiresAt())
    await finishIfComplete(job.window)
    return result
  }

  /**
   * The at-risk subnets' blocks as this scan saw them, for the page's block maps. Kept before the target's
   * result, so a report that notifies already has them; losing them loses only pictures, never the result.
   */
  async function keepBlockMaps(
    job: ReportJob,
    entries: TargetResult['subnets'],
    analyses: readonly SubnetAnalysis[],
  ): Promise<void> {
    const byId = new Map(analyses.map((analysis) => [analysis.subnetId, analysis]))
    try {
      const worst = entries
        .filter((entry) => entry.atRisk)
        .sort((a, b) => a.assignableBlocks - b.assignableBlocks)
        .slice(0, MAX_BLOCK_MAPS_PER_TARGET)
        .flatMap((entry) => {
          const analysis = byId.get(entry.subnetId)
          return analysis ? [encodeBlockMap(job.target.account, job.target.region, analysis)] : []
        })
      if (worst.length > 0) await deps.store.putBlockMaps(job.scope, job.window, worst, expiresAt())
    } catch (error) {
      deps.telemetry.error('report block maps not stored', {
        account: job.target.account,
        region: job.target.region,
        error: (error as Error).message,
      })
    }
  }

  function selectors(): SubnetSelector[] {
    if (scope.vpcIds?.length) return scope.vpcIds.map((vpcId) => ({ vpcId }))
    if (scope.clusters?.length) return scope.clusters.map((cluster) => ({ cluster }))
    return [{ all: true }]
  }

  async function finishIfComplete(window: string): Promise<void> {
    // Completeness needs only the stored rows; the history behind trends is read once, at the end.
    const stored = await deps.store.read(scope.name, window)
    if (!stored || !reportComplete(stored.targets.length, stored.header.expectedTargets)) return
    const report = await reader.assemble(window, stored)
    // Only the worker that marks the window finalized notifies: a re-run or a race sends nothing twice.
    if (!(await deps.store.finalize(scope.name, window, deps.clock.now().toISOString()))) return
    emitMetrics(report)
    const atRisk = report.subnets.filter((entry) => entry.atRisk)
    if (deps.notifier && (scope.notify === 'always' || (scope.notify === 'at-risk' && atRisk.length > 0))) {
      await deps.notifier.notify(reportSummary(report, await pageUrl(report.reportId)))
    }
  }

  function emitMetrics(report: Report): void {
    for (const entry of report.subnets) {
      deps.telemetry.metrics(
        { Scope: report.scope, Account: entry.account, Region: entry.region, SubnetId: entry.subnetId },
        {
          AssignablePrefixBlocks: entry.assignableBlocks,
          FragmentationScore: entry.fragmentationScore ?? 0,
          FreeIps: entry.freeIps,
          UnaccountedAddresses: entry.unaccountedAddresses ?? 0,
        },
      )
    }
    deps.telemetry.metrics({ Scope: report.scope }, { SubnetsAtRisk: report.subnetsAtRisk })
  }

  /** The page link for a summary; a summary without a link beats no summary (a missing key is logged). */
  async function pageUrl(reportId: string): Promise<string | undefined> {
    try {
      return await deps.pageUrl?.(reportId)
    } catch (error) {
      deps.telemetry.error('report page link not made', { error: (error as Error).message })
      return undefined
    }
  }

  return {
    targets,
    /** The scheduled entry: one queued job per account × region. */
    async schedule(window: string): Promise<number> {
      const jobs = await start(window)
      if (!deps.queue) throw new Error('no report queue configured')
      await deps.queue.enqueue(jobs)
      return jobs.length
    },
    runTarget,
    /** Every target here and now, one after another (the CLI, npm start). */
    async runAll(window: string): Promise<Report> {
      for (const job of await start(window)) {
        try {
          await runTarget(job)
        } catch (error) {
          // The target's result could not be stored: the report says it is incomplete rather than stop.
          deps.telemetry.error('report target not stored', {
            region: job.target.region,
            error: (error as Error).message,
          })
        }
      }
      const report = await read(window)
      if (!report) throw new Error(`the report ${window} could not be read back`)
      return report
    },
    ...reader,
  }
}
export type ReportService = ReturnType<typeof createReportService>
