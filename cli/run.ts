// Running a command that computes: the bundled catalog, the services, and the renderers. main.ts loads
// this module only for such a command, so help, version and completion start without it (or zod).

import { BundledCatalog } from '../lib/adapters/snapshot/bundled-catalog.ts'
import type { Command } from '../lib/commands/grammar.ts'
import { inFlagTerms } from '../lib/commands/settings-flags.ts'
import { closestNames } from '../lib/domain/closest-names.ts'
import { InvalidInputError } from '../lib/errors.ts'
import { systemClock } from '../lib/ports/clock.ts'
import { createCatalogReader } from '../lib/services/catalog-reader.ts'
import {
  ipUsageConfiguration,
  maxPodsConfiguration,
  nodeGroupConfiguration,
} from '../lib/services/configuration.ts'
import { createInstanceTypesService, type InstanceTypesService } from '../lib/services/instance-types.ts'
import { createIpUsageService } from '../lib/services/ip-usage.ts'
import { createMaxPodsService, type MaxPodsService } from '../lib/services/max-pods.ts'
import { renderInstanceTypes, renderMaxPods, renderNodeGroup } from './render.ts'
import { isDataOutput, renderData } from './render-data.ts'
import { renderEmitted } from './render-emitted.ts'
import { renderIpUsage } from './render-ip-usage.ts'
import { renderPlan } from './render-plan.ts'
import { isEmptyScan, renderSubnets, subnetsData } from './render-subnets.ts'

/** The snapshot is not per region; the name only keys the reader's memo. */
const SNAPSHOT_REGION = 'snapshot'

/**
 * What a command answers: text for stdout, or nothing found, said on stderr (an empty line on stdout
 * would read to a script as an answer).
 */
export type Answer = string | { nothingFound: string }

/** The commands that compute an answer (help, version and completion are main.ts's own). */
export type Computed = Exclude<Command, { name: 'help' | 'version' | 'completion' }>

export async function run(command: Computed, program = 'eks-ip-capacity'): Promise<Answer> {
  // The CLI answers from the bundled snapshot alone: no AWS account, no network.
  const reader = createCatalogReader({ snapshot: new BundledCatalog(), clock: systemClock, staleAfterMs: 0 })
  const instanceTypes = createInstanceTypesService(reader, SNAPSHOT_REGION)
  const maxPods = createMaxPodsService(instanceTypes)
  return execute(command, program, instanceTypes, maxPods)
}

async function execute(
  command: Computed,
  program: string,
  instanceTypes: InstanceTypesService,
  maxPods: MaxPodsService,
): Promise<Answer> {
  switch (command.name) {
    case 'ip-usage': {
      const { value, origin } = await createIpUsageService(instanceTypes).forNode(command.request)
      const configuration = command.emit && ipUsageConfiguration(command.emit, value, command.request)
      const answer = {
        ...value,
        catalog: instanceTypes.reader.info(origin),
        ...(configuration ? { configuration } : {}),
      }
      if (isDataOutput(command.output)) return renderData(answer, command.output)
      if (configuration) return emitted(configuration, program)
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
      const exports = command.exports && { ...command.exports, ...exportFiles(command.exports) }
      const file = command.file === undefined ? undefined : fromStdin(command.file)
      const plan = await runPlan({ ...command, file, exports }, instanceTypes).catch((error) => {
        throw command.file === undefined ? error : planShapeError(error, command.file)
      })
      if (isDataOutput(command.output)) return renderData(plan, command.output)
      return plan.configuration ? emitted(plan.configuration, program) : renderPlan(plan)
    }
    case 'size': {
      const { runSize } = await import('./size.ts')
      const { renderSizing } = await import('./render-sizing.ts')
      const sizing = await runSize(command, instanceTypes)
      if (isDataOutput(command.output)) return renderData(sizing, command.output)
      if (sizing.configuration) return emitted(sizing.configuration, program)
      // Asked for code and there is none: the table on stdout would land in main.tf.
      if (command.emit)
        throw new InvalidInputError([
          {
            field: '--emit',
            message: `nothing to emit: ${sizing.shortfall?.missing.join('; ') ?? 'the layout does not fit'}`,
          },
        ])
      return renderSizing(sizing)
    }
    case 'subnets-analyze': {
      const { analyzeExportFiles } = await import('./subnets.ts')
      return subnetsAnswer(analyzeExportFiles(exportFiles(command.files)), command.output)
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
      const { selection, settings, output, explain, emit } = command
      if (selection.kind === 'node-group') {
        const group = (await maxPods.forNodeGroup(selection.instanceTypes, settings)).value
        const configuration = emit && nodeGroupConfiguration(emit, group, settings)
        if (isDataOutput(output))
          return renderData(configuration ? { ...group, configuration } : group, output)
        if (configuration) return emitted(configuration, program)
        // Text keeps stdout the bare number, as for one type; which type bounds it is said on stderr.
        if (output === 'text' && !explain) process.stderr.write(`${program}: note: ${nodeGroupNote(group)}\n`)
        return renderNodeGroup(group, output, explain)
      }
      const answer =
        selection.kind === 'all'
          ? await maxPods.forAll(settings)
          : await maxPods.forInstanceTypes(selection.instanceTypes, settings)
      const configuration = emit && maxPodsConfiguration(emit, answer.value, settings)
      if (isDataOutput(output))
        return renderData(configuration ? { results: answer.value, configuration } : answer.value, output)
      if (configuration) return emitted(configuration, program)
      // Text keeps stdout the calculator's bare number; what would change a reader's mind goes to stderr
      // (the table has a notes column for it).
      if (output === 'text' && !explain) warnOnStderr(answer.value, program)
      return renderMaxPods(answer.value, output, explain)
    }
  }
}

async function subnetsAnswer(
  scan: Parameters<typeof renderSubnets>[0] & { searched?: string },
  output: Extract<Command, { name: 'subnets-scan' }>['output'],
): Promise<Answer> {
  // json and yaml print an empty list: still the document a tool expects.
  if (isDataOutput(output)) return renderData(subnetsData(scan), output)
  // A live scan says where it looked (VPC, region, profile): the likeliest mistake is the place.
  if (isEmptyScan(scan))
    return { nothingFound: scan.searched ? `no subnets in ${scan.searched}` : 'no subnets found' }
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

/** The snippet on stdout, ready to redirect into a file; where its numbers came from, and notes, on stderr. */
function emitted(configuration: Parameters<typeof renderEmitted>[0], program: string): string {
  const { stdout, stderr } = renderEmitted(configuration)
  for (const line of stderr) process.stderr.write(`${program}: ${line}\n`)
  return stdout
}

/** Beyond this many types with warnings, one summary line: seventeen lines every run would be noise. */
const WARNINGS_LISTED = 3

function warnOnStderr(results: readonly { instanceType: string; warnings: string[] }[], program: string) {
  const warned = results.filter((result) => result.warnings.length > 0)
  if (warned.length > WARNINGS_LISTED) {
    const names = warned.slice(0, WARNINGS_LISTED).map((result) => result.instanceType)
    process.stderr.write(
      `${program}: warning: ${warned.length} types have warnings (${names.join(', ')}, …); -o json or --explain for details\n`,
    )
    return
  }
  for (const { instanceType, warnings } of warned)
    for (const warning of warnings)
      process.stderr.write(`${program}: warning: ${instanceType}: ${inFlagTerms(warning)}\n`)
}

function nodeGroupNote(group: { instanceTypes: string[]; boundingInstanceType: string }): string {
  return `node group of ${group.instanceTypes.join(', ')}: bounded by ${group.boundingInstanceType}`
}

/** `-` names standard input, as for most command-line tools: `plan - <<EOF`. */
function fromStdin(file: string): string {
  return file === '-' ? '/dev/stdin' : file
}

function exportFiles(files: { subnets: string; enis: string; reservations: string[] }) {
  return {
    subnets: fromStdin(files.subnets),
    enis: fromStdin(files.enis),
    reservations: files.reservations.map(fromStdin),
  }
}

/** A plan file that parses but is no mapping (a plain word, a list): name the file and what it should hold. */
function planShapeError(error: unknown, file: string): unknown {
  if (!(error instanceof InvalidInputError) || !error.issues.some((issue) => issue.field === 'input'))
    return error
  const name = file === '-' ? 'standard input' : file
  return new InvalidInputError(
    [
      {
        field: 'plan',
        message: `${name} is not a plan: expected a YAML or JSON mapping with nodeGroups (and subnets), as in POST /v1/plans`,
      },
    ],
    { cause: error },
  )
}
