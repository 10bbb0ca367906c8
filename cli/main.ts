import { BundledCatalog } from '../lib/adapters/snapshot/bundled-catalog.ts'
import { type Command, parseCommand } from '../lib/commands/grammar.ts'
import { InvalidInputError, UnknownInstanceTypeError } from '../lib/errors.ts'
import { systemClock } from '../lib/ports/clock.ts'
import { createCatalogReader } from '../lib/services/catalog-reader.ts'
import { createInstanceTypesService, type InstanceTypesService } from '../lib/services/instance-types.ts'
import { createIpUsageService } from '../lib/services/ip-usage.ts'
import { createMaxPodsService, type MaxPodsService } from '../lib/services/max-pods.ts'
import { describeAwsFailure } from './aws-failure.ts'
import { renderInstanceTypes, renderMaxPods, renderNodeGroup } from './render.ts'
import { renderIpUsage } from './render-ip-usage.ts'
import { renderPlan } from './render-plan.ts'
import { renderSubnets } from './render-subnets.ts'
import { USAGE } from './usage.ts'

/** The snapshot is not per region; the name only keys the reader's memo. */
const SNAPSHOT_REGION = 'snapshot'

/** Exit statuses scripts can rely on, as documented in the README: 1 is left for bugs alone. */
export const EXIT = { ok: 0, bug: 1, usage: 2, awsAccess: 3 } as const

export async function run(tokens: readonly string[]): Promise<string> {
  const command = parseCommand(tokens)
  // The CLI answers from the bundled snapshot alone: no AWS account, no network.
  const reader = createCatalogReader({ snapshot: new BundledCatalog(), clock: systemClock, staleAfterMs: 0 })
  const instanceTypes = createInstanceTypesService(reader, SNAPSHOT_REGION)
  const maxPods = createMaxPodsService(instanceTypes)
  return execute(command, instanceTypes, maxPods)
}

async function execute(
  command: Command,
  instanceTypes: InstanceTypesService,
  maxPods: MaxPodsService,
): Promise<string> {
  switch (command.name) {
    case 'help':
      return USAGE
    case 'completion':
      throw new Error('completion: not yet')
    case 'version':
      return (await import('../package.json', { with: { type: 'json' } })).default.version
    case 'ip-usage': {
      const { value, origin } = await createIpUsageService(instanceTypes).forNode(command.request)
      return renderIpUsage({ ...value, catalog: instanceTypes.reader.info(origin) }, command.output)
    }
    case 'report-run': {
      const { runReport, renderReport } = await import('./report.ts')
      return renderReport(await runReport(command), command.output)
    }
    case 'plan': {
      const { runPlan } = await import('./plan.ts')
      return renderPlan(await runPlan(command, instanceTypes), command.output)
    }
    case 'subnets-analyze': {
      const { analyzeExportFiles } = await import('./subnets.ts')
      return renderSubnets(analyzeExportFiles(command.files), command.output)
    }
    case 'subnets-scan': {
      // Loaded only here: the EC2 client stays out of every other command's start-up.
      const { scanLive } = await import('./subnets-scan.ts')
      return renderSubnets(await scanLive(command), command.output)
    }
    case 'instance-types':
      return renderInstanceTypes((await instanceTypes.list({ family: command.family })).value, command.output)
    case 'max-pods': {
      const { selection, settings, output, explain } = command
      if (selection.kind === 'node-group') {
        return renderNodeGroup(
          (await maxPods.forNodeGroup(selection.instanceTypes, settings)).value,
          output,
          explain,
        )
      }
      const answer =
        selection.kind === 'all'
          ? await maxPods.forAll(settings)
          : await maxPods.forInstanceTypes(selection.instanceTypes, settings)
      // Text keeps stdout the calculator's bare number; what would change a reader's mind goes to stderr.
      if (output === 'text' && !explain) warnOnStderr(answer.value)
      return renderMaxPods(answer.value, output, explain)
    }
  }
}

function warnOnStderr(results: readonly { instanceType: string; warnings: string[] }[]) {
  for (const { instanceType, warnings } of results)
    for (const warning of warnings)
      process.stderr.write(`eks-ip-capacity: warning: ${instanceType}: ${warning}\n`)
}

export async function main(tokens: readonly string[]): Promise<number> {
  try {
    process.stdout.write(`${await run(tokens)}\n`)
    return EXIT.ok
  } catch (error) {
    if (error instanceof InvalidInputError || error instanceof UnknownInstanceTypeError) {
      process.stderr.write(`eks-ip-capacity: ${error.message}\n`)
      return EXIT.usage
    }
    const awsFailure = describeAwsFailure(error)
    if (awsFailure) {
      process.stderr.write(`eks-ip-capacity: ${awsFailure}\n`)
      return EXIT.awsAccess
    }
    process.stderr.write(`eks-ip-capacity: internal error: ${(error as Error).message}\n`)
    return EXIT.bug
  }
}
