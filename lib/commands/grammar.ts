import { InvalidInputError } from '../errors.ts'
import type { SubnetSelector } from '../ports/subnet-inventory.ts'
import type { EmitFormat, LayoutFormat } from '../schemas/emit-formats.ts'
import type { FieldIssue } from '../schemas/field-issues.ts'
import { IpUsageRequest } from '../schemas/ip-usage.ts'
import { MaxPodsSettings, type MaxPodsSettingsInput } from '../schemas/max-pods.ts'
import { parseInput } from '../schemas/parse.ts'
import type {
  AwsAccess,
  ClusterToPlan,
  Command,
  Output,
  Selection,
  SizeSpace,
  SubnetOutput,
} from './command.ts'
import { specOf } from './command-specs.ts'
import { type FlagValues, parseFlags, wholeNumber } from './parse-flags.ts'
import { routeCommand } from './route.ts'
import { readSettings, settingsIssue } from './settings-flags.ts'

// The command grammar, shared by the CLI and Slack's `/capacity ...`: tokens in, a checked command out.
// The flags themselves (names, values, help) are in command-specs.ts and flags.ts; the commands' shapes
// in command.ts, re-exported here for the code that runs them; the first words (which command, help,
// version, completion) in route.ts.

export type {
  AwsAccess,
  ClusterToPlan,
  Command,
  KubeContext,
  Output,
  Selection,
  Shell,
  SubnetOutput,
} from './command.ts'
export { OUTPUTS, SHELLS, SUBNET_OUTPUTS } from './command.ts'
export { wholeNumber }

/** A parsed command line, and what the user should hear about how it was written (a deprecated spelling). */
export interface CommandLine {
  command: Command
  notes: string[]
}

export function parseCommand(tokens: readonly string[]): Command {
  return parseCommandLine(tokens).command
}

export function parseCommandLine(tokens: readonly string[]): CommandLine {
  const routed = routeCommand(tokens)
  if ('command' in routed) return { command: routed.command, notes: [] }
  const notes: string[] = []
  const values = parseFlags(specOf(routed.name), routed.args)
  return { command: parseValues(routed.name, values, notes), notes }
}

function parseValues(name: string, values: FlagValues, notes: string[]): Command {
  switch (name) {
    case 'max-pods':
      return parseMaxPods(values, notes)
    case 'ip-usage':
      return parseIpUsage(values, notes)
    case 'instance-types':
      return { name: 'instance-types', family: values.string('family'), output: outputOf(values) }
    case 'plan':
      return parsePlan(values)
    case 'size':
      return parseSize(values, notes)
    case 'report run': {
      const demo = values.boolean('demo') ?? false
      const aws = awsOf(values)
      const scopeFile = values.string('scope')
      const issues = demo ? unusedAwsIssues(aws, 'with --demo') : []
      // A scope file names its own regions: a --region beside it would be quietly ignored.
      if (scopeFile !== undefined && aws.region !== undefined)
        issues.push({
          field: '--region',
          message: `the scope file ${scopeFile} names the regions; leave it out`,
        })
      if (issues.length > 0) throw new InvalidInputError(issues)
      return { name: 'report-run', scopeFile, demo, aws, output: outputOf(values) }
    }
    case 'subnets analyze':
      return parseSubnetsAnalyze(values)
    case 'subnets scan':
      return parseSubnetsScan(values)
    default:
      throw new Error(`no parser for the command ${name}`)
  }
}

function parseMaxPods(values: FlagValues, notes: string[]): Command {
  const issues: FieldIssue[] = []
  const input = readSettings(values, 'max-pods', issues, notes)
  const selection = parseSelection(values, issues)
  const settings = parseSettings(input, issues)
  const emit = emitOf(values)
  if (emit && selection?.kind === 'all')
    issues.push({ field: '--emit', message: 'configuration is for chosen types: name them, not --all' })
  if (issues.length > 0 || !selection || !settings) throw new InvalidInputError(issues)
  return {
    name: 'max-pods',
    selection,
    settings,
    output: outputOf(values),
    explain: values.boolean('explain') ?? false,
    emit,
  }
}

/** IP-usage fields beyond the max-pods settings, each read from the flag of the same name. */
const POOL_FLAGS = {
  warmEniTarget: 'warm-eni-target',
  warmIpTarget: 'warm-ip-target',
  minimumIpTarget: 'minimum-ip-target',
  warmPrefixTarget: 'warm-prefix-target',
  kubeletMaxPods: 'kubelet-max-pods',
  branchPods: 'branch-pods',
} as const

function parseIpUsage(values: FlagValues, notes: string[]): Command {
  const issues: FieldIssue[] = []
  const instanceType = values.string('instance-type')
  const pods = values.string('pods')
  if (instanceType === undefined) issues.push({ field: '--instance-type', message: 'name the instance type' })
  if (pods === undefined) issues.push({ field: '--pods', message: 'give the pods per node, or max' })
  const input: Record<string, unknown> = {
    instanceType,
    pods: pods === 'max' ? 'max' : wholeNumber(pods, '--pods', issues),
    ...readSettings(values, 'ip-usage', issues, notes),
  }
  for (const [field, flag] of Object.entries(POOL_FLAGS))
    input[field] = wholeNumber(values.string(flag), `--${flag}`, issues)
  if (issues.length > 0) throw new InvalidInputError(issues)
  const defined = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined))
  try {
    return {
      name: 'ip-usage',
      request: parseInput(IpUsageRequest, defined),
      output: outputOf(values),
      emit: emitOf(values),
    }
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error
    throw new InvalidInputError(error.issues.map(settingsIssue))
  }
}

function parsePlan(values: FlagValues): Command {
  const issues: FieldIssue[] = []
  const [file, ...extra] = values.positionals
  if (extra.length > 0) issues.push({ field: 'plan', message: 'name one plan file (YAML or JSON)' })
  const subnets = values.string('subnets')
  const enis = values.string('enis')
  const exportsGiven = subnets !== undefined || enis !== undefined
  if (exportsGiven && (!subnets || !enis)) {
    issues.push({
      field: subnets ? '--enis' : '--subnets',
      message: 'exports need both --subnets and --enis',
    })
  }
  // Reservations only refine the exports' subnets: alone they would be read by nothing, silently.
  if (values.strings('reservations') !== undefined && !exportsGiven)
    issues.push({
      field: '--reservations',
      message: 'reservations go with exports: give --subnets and --enis',
    })
  const demo = values.boolean('demo') ?? false
  if (exportsGiven && demo) issues.push({ field: '--demo', message: 'use exports or the demo VPC, not both' })
  const aws = awsOf(values)
  if (demo || exportsGiven) issues.push(...unusedAwsIssues(aws, demo ? 'with --demo' : 'from exports'))
  const cluster = clusterOf(values, file, issues)
  if (cluster && exportsGiven)
    issues.push({
      field: subnets ? '--subnets' : '--enis',
      message: "a cluster plan reads the subnets of the cluster's VPC; exports are for a plan file",
    })
  issues.push(
    ...stdinOnce([
      ['plan', file],
      ['--subnets', subnets],
      ['--enis', enis],
      ['--aws-node', cluster?.awsNode],
      ['--karpenter', cluster?.karpenter],
      ...(values.strings('reservations') ?? []).map((name) => ['--reservations', name] as const),
    ]),
  )
  if (issues.length > 0) throw new InvalidInputError(issues)
  return {
    name: 'plan',
    file,
    cluster,
    exports:
      subnets && enis ? { subnets, enis, reservations: values.strings('reservations') ?? [] } : undefined,
    demo,
    aws,
    kube: { context: values.string('context'), kubeconfig: values.string('kubeconfig') },
    output: outputOf(values),
    emit: emitOf(values),
  }
}

/** Without a plan file, the cluster as it is: --cluster, the demo cluster, or the kube context's. */
function clusterOf(
  values: FlagValues,
  file: string | undefined,
  issues: FieldIssue[],
): ClusterToPlan | undefined {
  const name = values.string('cluster')
  const clusterOnly = ['aws-node', 'karpenter', 'pods', 'context', 'kubeconfig'] as const
  if (file !== undefined) {
    if (name !== undefined) issues.push({ field: '--cluster', message: 'plan a file or a cluster, not both' })
    for (const flag of clusterOnly)
      if (values.string(flag) !== undefined)
        issues.push({ field: `--${flag}`, message: 'only for a cluster plan (no plan file)' })
    return undefined
  }
  const pods = values.string('pods')
  return {
    name,
    awsNode: values.string('aws-node'),
    karpenter: values.string('karpenter'),
    pods: pods === 'max' ? 'max' : wholeNumber(pods, '--pods', issues),
  }
}

/** The flags of the one node group `size` takes without a file. */
const SIZE_GROUP_FLAGS = ['instance-type', 'nodes', 'max-nodes', 'pods', 'zones'] as const

function parseSize(values: FlagValues, notes: string[]): Command {
  const issues: FieldIssue[] = []
  const [file, ...extra] = values.positionals
  if (extra.length > 0) issues.push({ field: 'size', message: 'name one file (YAML or JSON)' })
  const given = SIZE_GROUP_FLAGS.filter((flag) =>
    flag === 'instance-type' ? values.strings(flag) !== undefined : values.string(flag) !== undefined,
  )
  let nodeGroups: Record<string, unknown>[] | undefined
  if (file !== undefined) {
    for (const flag of given)
      issues.push({ field: `--${flag}`, message: `the node groups are in ${file}; leave this out` })
  } else nodeGroups = [sizeGroupOf(values, issues, notes)]
  const space = sizeSpaceOf(values, file === undefined, issues)
  const aws = awsOf(values)
  if (space?.kind !== 'vpc' && file === undefined)
    issues.push(...unusedAwsIssues(aws, space?.kind === 'demo' ? 'with --demo' : 'without --vpc-id'))
  const headroomPercent = wholeNumber(values.string('headroom'), '--headroom', issues)
  issues.push(
    ...stdinOnce([
      ['size', file],
      ['--vpcs', values.string('vpcs')],
      ['--subnets', values.string('subnets')],
    ]),
  )
  if (issues.length > 0) throw new InvalidInputError(issues)
  return {
    name: 'size',
    file,
    nodeGroups,
    space,
    headroomPercent,
    clusterName: values.string('cluster-name'),
    aws,
    output: outputOf(values),
    emit: values.string('emit') as LayoutFormat | undefined,
  }
}

function sizeGroupOf(values: FlagValues, issues: FieldIssue[], notes: string[]): Record<string, unknown> {
  const instanceTypes = splitLists(values.strings('instance-type'))
  const pods = values.string('pods')
  const zones = splitLists(
    values.string('zones') === undefined ? undefined : [values.string('zones') as string],
  )
  const missing: [string, unknown][] = [
    ['--instance-type', instanceTypes],
    ['--nodes', values.string('nodes')],
    ['--pods', pods],
    ['--zones', zones],
  ]
  for (const [flag, value] of missing)
    if (value === undefined) issues.push({ field: flag, message: 'needed without a file' })
  // Here --profile is the AWS profile (for --vpc-id), never the old spelling of --bootstrap.
  const settings: Record<string, unknown> = {
    ...readSettings(values.without('profile'), 'size', issues, notes),
  }
  for (const [field, flag] of Object.entries(POOL_FLAGS))
    settings[field] = wholeNumber(values.string(flag), `--${flag}`, issues)
  const defined = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined))
  const group: Record<string, unknown> = {
    // Named by its types, so "26 m5.large nodes fit" reads as it should.
    name: instanceTypes?.join(',') ?? 'nodes',
    instanceTypes,
    desiredNodes: wholeNumber(values.string('nodes'), '--nodes', issues),
    maxNodes: wholeNumber(values.string('max-nodes'), '--max-nodes', issues),
    pods: pods === 'max' ? 'max' : wholeNumber(pods, '--pods', issues),
    settings: defined,
    availabilityZones: zones,
  }
  return Object.fromEntries(Object.entries(group).filter(([, value]) => value !== undefined))
}

function sizeSpaceOf(values: FlagValues, required: boolean, issues: FieldIssue[]): SizeSpace | undefined {
  const vpcCidr = values.string('vpc-cidr')
  const secondaryCidrs = splitLists(values.strings('secondary-cidr')) ?? []
  const vpcId = values.string('vpc-id')
  const demo = values.boolean('demo') ?? false
  const vpcs = values.string('vpcs')
  const subnets = values.string('subnets')
  const chosen: SizeSpace[] = [
    ...(vpcCidr !== undefined ? [{ kind: 'cidrs', vpcCidr, secondaryCidrs } as const] : []),
    ...(vpcId !== undefined ? [{ kind: 'vpc', vpcId } as const] : []),
    ...(demo ? [{ kind: 'demo' } as const] : []),
    ...(vpcs !== undefined || subnets !== undefined
      ? [{ kind: 'exports', vpcs: vpcs ?? '', subnets: subnets ?? '' } as const]
      : []),
  ]
  if (secondaryCidrs.length > 0 && vpcCidr === undefined)
    issues.push({ field: '--secondary-cidr', message: 'goes with --vpc-cidr' })
  if ((vpcs === undefined) !== (subnets === undefined))
    issues.push({ field: vpcs ? '--subnets' : '--vpcs', message: 'exports need both --vpcs and --subnets' })
  if (chosen.length > 1)
    issues.push({
      field: '--vpc-cidr',
      message: 'give one address space: --vpc-cidr, --vpc-id, --demo, or --vpcs with --subnets',
    })
  else if (chosen.length === 0 && required)
    issues.push({
      field: '--vpc-cidr',
      message:
        'give the address space: --vpc-cidr CIDR (a new VPC), --vpc-id ID, --demo, or --vpcs and --subnets',
    })
  return chosen[0]
}

function parseSubnetsAnalyze(values: FlagValues): Command {
  const issues: FieldIssue[] = []
  const subnets = values.string('subnets')
  const enis = values.string('enis')
  if (!subnets) issues.push({ field: '--subnets', message: 'name the describe-subnets export file' })
  if (!enis) issues.push({ field: '--enis', message: 'name the describe-network-interfaces export file' })
  issues.push(
    ...stdinOnce([
      ['--subnets', subnets],
      ['--enis', enis],
      ...(values.strings('reservations') ?? []).map((name) => ['--reservations', name] as const),
    ]),
  )
  if (issues.length > 0 || !subnets || !enis) throw new InvalidInputError(issues)
  return {
    name: 'subnets-analyze',
    files: { subnets, enis, reservations: values.strings('reservations') ?? [] },
    output: subnetOutputOf(values),
  }
}

function parseSubnetsScan(values: FlagValues): Command {
  const vpcId = values.string('vpc-id')
  const cluster = values.string('cluster')
  const subnetIds = splitLists(values.strings('subnet-id'))
  const chosen = [vpcId, cluster, subnetIds].filter((value) => value !== undefined)
  if (chosen.length > 1) {
    throw new InvalidInputError([
      { field: '--vpc-id', message: 'give at most one of --cluster, --vpc-id and --subnet-id' },
    ])
  }
  const selector: SubnetSelector | undefined = vpcId
    ? { vpcId }
    : cluster
      ? { cluster }
      : subnetIds
        ? { subnetIds }
        : undefined
  return {
    name: 'subnets-scan',
    selector,
    aws: awsOf(values),
    kube: { context: values.string('context'), kubeconfig: values.string('kubeconfig') },
    output: subnetOutputOf(values),
    quiet: values.boolean('quiet') ?? false,
  }
}

function parseSelection(values: FlagValues, issues: FieldIssue[]): Selection | undefined {
  const instanceTypes = values.strings('instance-type') ?? []
  const nodeGroup = values.string('node-group')
  const all = values.boolean('all') === true
  const chosen = [instanceTypes.length > 0, all, nodeGroup !== undefined].filter(Boolean)
  if (chosen.length !== 1) {
    issues.push({
      field: '--instance-type',
      message:
        chosen.length === 0
          ? 'name an instance type (--instance-type m5.large), a node group (--node-group m5.large,c5.xlarge) or --all'
          : 'use only one of --instance-type, --node-group and --all',
    })
    return undefined
  }
  if (all) return { kind: 'all' }
  if (nodeGroup !== undefined) {
    const members = nodeGroup.split(',').map((name) => name.trim())
    if (members.some((name) => name === '')) {
      issues.push({
        field: '--node-group',
        message: `list the instance types, comma-separated, none empty ('${nodeGroup}')`,
      })
      return undefined
    }
    return { kind: 'node-group', instanceTypes: [...new Set(members)] }
  }
  const listed = instanceTypes.find((name) => name.includes(','))
  if (listed !== undefined) {
    issues.push({
      field: '--instance-type',
      message: `one type per flag ('${listed}'): repeat --instance-type, or --node-group ${listed} for a node group`,
    })
    return undefined
  }
  return { kind: 'types', instanceTypes: [...new Set(instanceTypes)] }
}

function parseSettings(input: MaxPodsSettingsInput, issues: FieldIssue[]): MaxPodsSettings | undefined {
  try {
    return parseInput(MaxPodsSettings, input)
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error
    for (const issue of error.issues.map(settingsIssue)) {
      // Flags already reported as not-a-number are not reported twice.
      if (!issues.some((known) => known.field === issue.field)) issues.push(issue)
    }
    return undefined
  }
}

/**
 * `--subnet-id a,b` as the AWS CLI's list arguments are typed, and `--subnet-id a --subnet-id b`: one
 * list either way.
 */
export function splitLists(values: string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined
  // The same ID twice is one subnet: EC2 (moto, at least) refuses a repeated ID as not found.
  return [...new Set(values.flatMap((value) => value.split(',')).map((value) => value.trim()))].filter(
    (value) => value !== '',
  )
}

/** `-` is standard input, which one reader empties: a second `-` would read nothing and blame the JSON. */
function stdinOnce(files: readonly (readonly [string, string | undefined])[]): FieldIssue[] {
  const readers = files.filter(([, file]) => file === '-').map(([flag]) => flag)
  if (readers.length < 2) return []
  return [
    {
      field: readers[1] as string,
      message: `standard input (-) is already read by ${readers[0]}; use a file`,
    },
  ]
}

/** --profile and --region where no AWS is read: refused, as max-pods refuses an unused --profile. */
function unusedAwsIssues(aws: AwsAccess, why: string): FieldIssue[] {
  return (['profile', 'region'] as const)
    .filter((name) => aws[name] !== undefined)
    .map((name) => ({ field: `--${name}`, message: `this command reads no AWS ${why}; leave it out` }))
}

function awsOf(values: FlagValues): AwsAccess {
  return { profile: values.string('profile'), region: values.string('region') }
}

// The values were checked against the flag's choices as they were parsed.
function outputOf(values: FlagValues): Output {
  return (values.string('output') as Output | undefined) ?? 'text'
}

function emitOf(values: FlagValues): EmitFormat | undefined {
  return values.string('emit') as EmitFormat | undefined
}

function subnetOutputOf(values: FlagValues): SubnetOutput {
  return (values.string('output') as SubnetOutput | undefined) ?? 'table'
}
