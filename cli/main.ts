import { BundledCatalog } from '../lib/adapters/snapshot/bundled-catalog.ts'
import { type Command, parseCommandLine } from '../lib/commands/grammar.ts'
import { closestNames } from '../lib/domain/closest-names.ts'
import { InvalidInputError, UnknownInstanceTypeError } from '../lib/errors.ts'
import { systemClock } from '../lib/ports/clock.ts'
import { createCatalogReader } from '../lib/services/catalog-reader.ts'
import { createInstanceTypesService, type InstanceTypesService } from '../lib/services/instance-types.ts'
import { createIpUsageService } from '../lib/services/ip-usage.ts'
import { createMaxPodsService, type MaxPodsService } from '../lib/services/max-pods.ts'
import { describeAwsFailure } from './aws-failure.ts'
import { programName, renderHelp } from './help.ts'
import { renderInstanceTypes, renderMaxPods, renderNodeGroup } from './render.ts'
import { isDataOutput, renderData } from './render-data.ts'
import { renderIpUsage } from './render-ip-usage.ts'
import { renderPlan } from './render-plan.ts'
import { isEmptyScan, renderSubnets, subnetsData } from './render-subnets.ts'

/** The snapshot is not per region; the name only keys the reader's memo. */
const SNAPSHOT_REGION = 'snapshot'

/** Exit statuses scripts can rely on, as documented in the README: 1 is left for bugs alone. */
export const EXIT = { ok: 0, bug: 1, usage: 2, awsAccess: 3 } as const

/**
 * What a command answers: text for stdout, or nothing found, said on stderr (an empty line on stdout
 * would read to a script as an answer).
 */
export type Answer = string | { nothingFound: string }

export async function run(command: Command, program = 'eks-ip-capacity'): Promise<Answer> {
  // The CLI answers from the bundled snapshot alone: no AWS account, no network.
  const reader = createCatalogReader({ snapshot: new BundledCatalog(), clock: systemClock, staleAfterMs: 0 })
  const instanceTypes = createInstanceTypesService(reader, SNAPSHOT_REGION)
  const maxPods = createMaxPodsService(instanceTypes)
  return execute(command, program, instanceTypes, maxPods)
}

async function execute(
  command: Command,
  program: string,
  instanceTypes: InstanceTypesService,
  maxPods: MaxPodsService,
): Promise<Answer> {
  switch (command.name) {
    case 'help':
      return renderHelp(command.topic, program)
    case 'completion': {
      const { completionScript } = await import('./completion.ts')
      return completionScript(command.shell).trimEnd()
    }
    case 'version':
      return (await import('../package.json', { with: { type: 'json' } })).default.version
    case 'ip-usage': {
      const { value, origin } = await createIpUsageService(instanceTypes).forNode(command.request)
      const answer = { ...value, catalog: instanceTypes.reader.info(origin) }
      if (isDataOutput(command.output)) return renderData(answer, command.output)
      return renderIpUsage(answer, command.output)
    }
    case 'report-run': {
      const { runReport, renderReport } = await import('./report.ts')
      const report = await runReport(command)
      if (isDataOutput(command.output)) return renderData(report, command.output)
      return renderReport(report, command.output)
    }
    case 'plan': {
      const { runPlan } = await import('./plan.ts')
      const plan = await runPlan(command, instanceTypes)
      return isDataOutput(command.output) ? renderData(plan, command.output) : renderPlan(plan)
    }
    case 'subnets-analyze': {
      const { analyzeExportFiles } = await import('./subnets.ts')
      return subnetsAnswer(analyzeExportFiles(command.files), command.output)
    }
    case 'subnets-scan': {
      // Loaded only here: the EC2 client stays out of every other command's start-up.
      const { scanLive } = await import('./subnets-scan.ts')
      return subnetsAnswer(await scanLive(command), command.output)
    }
    case 'instance-types': {
      const records = (await instanceTypes.list({ family: command.family })).value
      if (records.length === 0 && command.family !== undefined)
        throw await unknownFamily(command.family, instanceTypes)
      if (isDataOutput(command.output)) return renderData(records, command.output)
      return renderInstanceTypes(records, command.output)
    }
    case 'max-pods': {
      const { selection, settings, output, explain } = command
      if (selection.kind === 'node-group') {
        const group = (await maxPods.forNodeGroup(selection.instanceTypes, settings)).value
        return isDataOutput(output) ? renderData(group, output) : renderNodeGroup(group, output, explain)
      }
      const answer =
        selection.kind === 'all'
          ? await maxPods.forAll(settings)
          : await maxPods.forInstanceTypes(selection.instanceTypes, settings)
      if (isDataOutput(output)) return renderData(answer.value, output)
      // Text keeps stdout the calculator's bare number; what would change a reader's mind goes to stderr.
      if (output === 'text' && !explain) warnOnStderr(answer.value)
      return renderMaxPods(answer.value, output, explain)
    }
  }
}

async function subnetsAnswer(
  scan: Parameters<typeof renderSubnets>[0],
  output: Extract<Command, { name: 'subnets-scan' }>['output'],
): Promise<Answer> {
  // json and yaml print an empty list: still the document a tool expects.
  if (isDataOutput(output)) return renderData(subnetsData(scan), output)
  if (isEmptyScan(scan)) return { nothingFound: 'no subnets found' }
  return renderSubnets(scan, output)
}

/** A family the catalog does not hold is a mistake (p55), not an empty list. */
async function unknownFamily(
  family: string,
  instanceTypes: InstanceTypesService,
): Promise<InvalidInputError> {
  const families = new Set((await instanceTypes.list()).value.map((record) => record.family))
  const closest = closestNames(family.trim().toLowerCase(), families)
  const hint = closest.length > 0 ? `; did you mean ${closest.join(', ')}?` : ''
  return new InvalidInputError([{ field: '--family', message: `no instance family '${family}'${hint}` }])
}

function warnOnStderr(results: readonly { instanceType: string; warnings: string[] }[]) {
  for (const { instanceType, warnings } of results)
    for (const warning of warnings)
      process.stderr.write(`eks-ip-capacity: warning: ${instanceType}: ${warning}\n`)
}

export async function main(tokens: readonly string[]): Promise<number> {
  try {
    const { command, notes } = parseCommandLine(tokens)
    for (const note of notes) process.stderr.write(`eks-ip-capacity: note: ${note}\n`)
    const answer = await run(command, programName(process.argv[1]))
    if (typeof answer === 'string') process.stdout.write(`${answer}\n`)
    else process.stderr.write(`eks-ip-capacity: ${answer.nothingFound}\n`)
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
