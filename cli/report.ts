import { readFileSync } from 'node:fs'
import { DemoVpcInventory } from '../lib/adapters/demo/demo-vpc.ts'
import { MemoryReportStore } from '../lib/adapters/memory/memory-report-store.ts'
import { consoleTelemetry } from '../lib/adapters/observability/console-telemetry.ts'
import type { Command, Output } from '../lib/commands/grammar.ts'
import { InvalidInputError } from '../lib/errors.ts'
import { systemClock } from '../lib/ports/clock.ts'
import type { SubnetInventory } from '../lib/ports/subnet-inventory.ts'
import { parseInput } from '../lib/schemas/parse.ts'
import { type Report, ReportScope } from '../lib/schemas/report.ts'
import { createReportService } from '../lib/services/reports.ts'
import { table } from './table.ts'

/** `report run`: one report here and now (the demo VPC with --demo, else EC2 with your credentials); stored nowhere. */
export async function runReport(command: Extract<Command, { name: 'report-run' }>): Promise<Report> {
  const region = process.env.AWS_REGION ?? 'us-east-1'
  const scope = parseInput(
    ReportScope,
    command.scopeFile ? readScope(command.scopeFile) : { regions: [region] },
  )
  let inventoryFor: (target: { region: string }) => Promise<SubnetInventory>
  if (command.demo) {
    const demo = new DemoVpcInventory()
    inventoryFor = async () => demo
  } else {
    const [{ targetEc2Clients }, { Ec2SubnetInventory }] = await Promise.all([
      import('../lib/adapters/ec2/target-ec2-clients.ts'),
      import('../lib/adapters/ec2/ec2-subnet-inventory.ts'),
    ])
    const clientFor = targetEc2Clients({
      endpoint: process.env.EC2_ENDPOINT,
      stsEndpoint: process.env.STS_ENDPOINT,
    })
    inventoryFor = async (target) => {
      const client = await clientFor(target as Parameters<typeof clientFor>[0])
      return new Ec2SubnetInventory(() => client)
    }
  }
  const window = new Date()
  window.setUTCSeconds(0, 0)
  const reports = createReportService({
    scope,
    store: new MemoryReportStore(),
    inventoryFor,
    // Logs would go to stdout with the report: keep the terminal for the report.
    telemetry: consoleTelemetry((line) =>
      process.stderr.write(line.includes('"level":"error"') ? `${line}\n` : ''),
    ),
    clock: systemClock,
  })
  return reports.runAll(window.toISOString())
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

function readScope(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new InvalidInputError([
      { field: '--scope', message: `cannot read ${file} as JSON (${(error as Error).message})` },
    ])
  }
}
