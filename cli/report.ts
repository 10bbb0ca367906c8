import { readFileSync } from 'node:fs'
import { DemoVpcInventory } from '../lib/adapters/demo/demo-vpc.ts'
import { MemoryReportStore } from '../lib/adapters/memory/memory-report-store.ts'
import { consoleTelemetry } from '../lib/adapters/observability/console-telemetry.ts'
import type { AwsAccess, Command, Output } from '../lib/commands/grammar.ts'
import { InvalidInputError } from '../lib/errors.ts'
import { systemClock } from '../lib/ports/clock.ts'
import type { SubnetInventory } from '../lib/ports/subnet-inventory.ts'
import { parseInput } from '../lib/schemas/parse.ts'
import { type Report, ReportScope, type ReportTarget } from '../lib/schemas/report.ts'
import { createReportService } from '../lib/services/reports.ts'
import { awsMistake } from './aws-failure.ts'
import { table } from './table.ts'

/** The demo VPC belongs to no region; the report still names one. */
const DEMO_REGION = 'us-east-1'

/**
 * `report run`: one report here and now (the demo VPC with --demo, else EC2 with your credentials); stored
 * nowhere. Without a scope file: the account and region of the SDK's chain (--profile, --region).
 */
export async function runReport(command: Extract<Command, { name: 'report-run' }>): Promise<Report> {
  const live = command.demo ? undefined : await liveAws(command.aws, command.scopeFile === undefined)
  const region = live?.region ?? command.aws.region ?? DEMO_REGION
  const scope = parseInput(
    ReportScope,
    command.scopeFile ? readScope(command.scopeFile) : { regions: [region] },
  )
  const inventoryFor = live?.inventoryFor ?? demoInventory()
  const window = new Date()
  window.setUTCSeconds(0, 0)
  const reports = createReportService({
    scope,
    store: new MemoryReportStore(),
    inventoryFor,
    // The terminal is for the report, and stderr for one line per problem: a target's failure is in the
    // report already, and a report with no target scanned ends in the one line main.ts writes.
    telemetry: consoleTelemetry(() => {}),
    clock: systemClock,
  })
  const report = await reports.runAll(window.toISOString())
  // A report in which no target could be scanned is a failure to say as such (exit 3 for access problems).
  const [firstFailure] = live?.failures ?? []
  if (firstFailure !== undefined && report.targets.every((target) => target.status === 'failed'))
    throw awsMistake(firstFailure, "the report's targets") ?? firstFailure
  return report
}

async function liveAws(access: AwsAccess, needsRegion: boolean) {
  // Loaded only for a live report: the EC2 client stays out of every other command's start-up.
  const [{ adoptAwsEnvironment, cliTargetEc2Clients, resolveRegion }, { Ec2SubnetInventory }] =
    await Promise.all([import('./aws-clients.ts'), import('../lib/adapters/ec2/ec2-subnet-inventory.ts')])
  adoptAwsEnvironment()
  // A scope file names its own regions; without one the report covers the chain's region.
  const region = needsRegion ? await resolveRegion(access) : undefined
  const clientFor = cliTargetEc2Clients(access)
  const failures: unknown[] = []
  const inventoryFor = async (target: ReportTarget): Promise<SubnetInventory> => {
    const client = await clientFor(target)
    return recordingFailures(new Ec2SubnetInventory(() => client), failures)
  }
  return { region, inventoryFor, failures }
}

/** The report service keeps only a failed target's message; the CLI needs the error to pick its exit status. */
function recordingFailures(inventory: SubnetInventory, failures: unknown[]): SubnetInventory {
  const recorded =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A) =>
      call(...args).catch((error: unknown) => {
        failures.push(error)
        throw error
      })
  return {
    subnets: recorded(inventory.subnets.bind(inventory)),
    networkInterfaces: recorded(inventory.networkInterfaces.bind(inventory)),
    cidrReservations: recorded(inventory.cidrReservations.bind(inventory)),
  }
}

export function renderReport(report: Report, output: Output): string {
  if (output === 'json') return JSON.stringify(report, null, 2)
  const targets = report.targets.map(
    (target) =>
      `${target.account}/${target.region}: ${target.status}${target.error ? ` (${target.error})` : ''}, ${target.subnets} subnets`,
  )
  return [
    `report ${report.reportId}: ${report.subnetsAtRisk} subnets at risk`,
    ...targets,
    '',
    table(
      [
        'SUBNET',
        'ACCOUNT/REGION',
        'CIDR',
        'AT RISK',
        'ASSIGNABLE',
        'FRAGMENTED',
        'SCORE',
        'FREE IPS',
        'UNACCOUNTED',
      ],
      report.subnets.map((entry) => [
        entry.subnetId,
        `${entry.account}/${entry.region}`,
        entry.cidr,
        entry.atRisk ? 'yes' : 'no',
        String(entry.assignableBlocks),
        String(entry.fragmentedBlocks),
        entry.fragmentationScore === null ? '-' : String(entry.fragmentationScore),
        String(entry.freeIps),
        entry.unaccountedAddresses === null ? '-' : String(entry.unaccountedAddresses),
      ]),
    ),
  ].join('\n')
}

function demoInventory() {
  const demo = new DemoVpcInventory()
  return async (): Promise<SubnetInventory> => demo
}

function readScope(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new InvalidInputError([
      { field: '--scope', message: `cannot read ${file} as JSON (${(error as Error).message})` },
    ])
  }
}
