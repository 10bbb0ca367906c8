import { parseArgs } from 'node:util'
import { InvalidInputError } from '../errors.ts'
import type { SubnetSelector } from '../ports/subnet-inventory.ts'
import type { FieldIssue } from '../schemas/field-issues.ts'
import { IpUsageRequest } from '../schemas/ip-usage.ts'
import { MaxPodsSettings, type MaxPodsSettingsInput } from '../schemas/max-pods.ts'
import { parseInput } from '../schemas/parse.ts'

// The command grammar, shared by the CLI and (later) Slack's `/capacity ...`: tokens in, a checked
// command out. The max-pods flags are the EKS max-pods calculator's own, so its users can switch.

export const OUTPUTS = ['text', 'table', 'json', 'yaml'] as const
export type Output = (typeof OUTPUTS)[number]

export type Selection =
  | { kind: 'types'; instanceTypes: string[] }
  | { kind: 'all' }
  | { kind: 'node-group'; instanceTypes: string[] }

export const SUBNET_OUTPUTS = ['table', 'json', 'yaml', 'map'] as const
export type SubnetOutput = (typeof SUBNET_OUTPUTS)[number]

/**
 * How a command that calls AWS finds its account, as every AWS tool does: the SDK's default chain
 * (AWS_PROFILE, AWS_REGION, ~/.aws/config, SSO, IMDS), narrowed by --profile and --region when given.
 */
export interface AwsAccess {
  profile: string | undefined
  region: string | undefined
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const
export type Shell = (typeof SHELLS)[number]

export type Command =
  | { name: 'max-pods'; selection: Selection; settings: MaxPodsSettings; output: Output; explain: boolean }
  | { name: 'instance-types'; family: string | undefined; output: Output }
  | { name: 'ip-usage'; request: IpUsageRequest; output: Output }
  | { name: 'report-run'; scopeFile: string | undefined; demo: boolean; aws: AwsAccess; output: Output }
  | {
      name: 'plan'
      file: string
      exports: { subnets: string; enis: string; reservations: string[] } | undefined
      demo: boolean
      aws: AwsAccess
      output: Output
    }
  | {
      name: 'subnets-analyze'
      files: { subnets: string; enis: string; reservations: string[] }
      output: SubnetOutput
    }
  | {
      name: 'subnets-scan'
      /** undefined: the EKS cluster of the current kube context. */
      selector: SubnetSelector | undefined
      aws: AwsAccess
      output: SubnetOutput
      /** --quiet: no progress lines on stderr. */
      quiet: boolean
    }
  | { name: 'completion'; shell: Shell }
  /** topic: the command whose help was asked for (`max-pods --help`); undefined for the overview. */
  | { name: 'help'; topic?: string }
  | { name: 'version' }

/** Settings fields and the flags that set them, so an error names what the user typed. */
const FLAG_OF_SETTING: Record<keyof MaxPodsSettingsInput, string> = {
  profile: '--profile',
  cniVersion: '--cni-version',
  prefixDelegation: '--cni-prefix-delegation-enabled',
  customNetworking: '--cni-custom-networking-enabled',
  maxEni: '--cni-max-eni',
  showMaxAllowed: '--show-max-allowed',
  securityGroupsForPods: '--security-groups-for-pods',
  ipFamily: '--ip-family',
  reservedEnis: '--reserved-enis',
  podsPerCore: '--pods-per-core',
  amiFamily: '--ami-family',
}

const MAX_PODS_OPTIONS = {
  'instance-type': { type: 'string', multiple: true },
  all: { type: 'boolean' },
  'node-group': { type: 'string' },
  'cni-version': { type: 'string' },
  'cni-custom-networking-enabled': { type: 'boolean' },
  'cni-prefix-delegation-enabled': { type: 'boolean' },
  'cni-max-eni': { type: 'string' },
  'show-max-allowed': { type: 'boolean' },
  profile: { type: 'string' },
  'security-groups-for-pods': { type: 'boolean' },
  'ip-family': { type: 'string' },
  'reserved-enis': { type: 'string' },
  'pods-per-core': { type: 'string' },
  'ami-family': { type: 'string' },
  output: { type: 'string', short: 'o' },
  explain: { type: 'boolean' },
} as const

const IP_USAGE_OPTIONS = {
  ...MAX_PODS_OPTIONS,
  'instance-type': { type: 'string' },
  pods: { type: 'string' },
  'warm-eni-target': { type: 'string' },
  'warm-ip-target': { type: 'string' },
  'minimum-ip-target': { type: 'string' },
  'warm-prefix-target': { type: 'string' },
  'kubelet-max-pods': { type: 'string' },
  'branch-pods': { type: 'string' },
} as const

/** IP-usage fields beyond the max-pods settings, and their flags. */
const FLAG_OF_POOL_FIELD: Record<string, string> = {
  instanceType: '--instance-type',
  pods: '--pods',
  warmEniTarget: '--warm-eni-target',
  warmIpTarget: '--warm-ip-target',
  minimumIpTarget: '--minimum-ip-target',
  warmPrefixTarget: '--warm-prefix-target',
  kubeletMaxPods: '--kubelet-max-pods',
  branchPods: '--branch-pods',
}

const REPORT_OPTIONS = {
  scope: { type: 'string' },
  demo: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
} as const

const PLAN_OPTIONS = {
  subnets: { type: 'string' },
  enis: { type: 'string' },
  reservations: { type: 'string', multiple: true },
  demo: { type: 'boolean' },
  region: { type: 'string' },
  output: { type: 'string', short: 'o' },
} as const

const SUBNETS_ANALYZE_OPTIONS = {
  subnets: { type: 'string' },
  enis: { type: 'string' },
  reservations: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
} as const

const SUBNETS_SCAN_OPTIONS = {
  'vpc-id': { type: 'string' },
  cluster: { type: 'string' },
  'subnet-id': { type: 'string', multiple: true },
  region: { type: 'string' },
  output: { type: 'string', short: 'o' },
} as const

const INSTANCE_TYPES_OPTIONS = {
  family: { type: 'string' },
  output: { type: 'string', short: 'o' },
} as const

export function parseCommand(tokens: readonly string[]): Command {
  const [name, ...rest] = tokens
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') return { name: 'help' }
  if (name === 'version' || name === '--version') return { name: 'version' }
  if (rest.includes('--help') || rest.includes('-h')) return { name: 'help' }
  if (name === 'max-pods') return parseMaxPods(rest)
  if (name === 'instance-types') return parseInstanceTypes(rest)
  if (name === 'subnets') return parseSubnets(rest)
  if (name === 'ip-usage') return parseIpUsage(rest)
  if (name === 'plan') return parsePlan(rest)
  if (name === 'report') return parseReport(rest)
  throw new InvalidInputError([
    { field: '', message: `unknown command '${name}'; try max-pods, instance-types or subnets` },
  ])
}

function parseIpUsage(tokens: readonly string[]): Command {
  const { values } = parseTokens(tokens, IP_USAGE_OPTIONS)
  const issues: FieldIssue[] = []
  const output = parseOutput(values.output, issues)
  const number = (flag: keyof typeof IP_USAGE_OPTIONS) =>
    wholeNumber(values[flag] as string | undefined, `--${flag}`, issues)
  if (values['instance-type'] === undefined)
    issues.push({ field: '--instance-type', message: 'name the instance type' })
  if (values.pods === undefined) issues.push({ field: '--pods', message: 'give the pods per node, or max' })
  const input = {
    instanceType: values['instance-type'],
    pods: values.pods === 'max' ? 'max' : number('pods'),
    profile: values.profile,
    cniVersion: values['cni-version'],
    prefixDelegation: values['cni-prefix-delegation-enabled'],
    customNetworking: values['cni-custom-networking-enabled'],
    maxEni: number('cni-max-eni'),
    showMaxAllowed: values['show-max-allowed'],
    securityGroupsForPods: values['security-groups-for-pods'],
    ipFamily: values['ip-family'],
    // The karpenter profile's settings decide kubelet max pods, and so the node's peak.
    reservedEnis: number('reserved-enis'),
    podsPerCore: number('pods-per-core'),
    amiFamily: values['ami-family'],
    warmEniTarget: number('warm-eni-target'),
    warmIpTarget: number('warm-ip-target'),
    minimumIpTarget: number('minimum-ip-target'),
    warmPrefixTarget: number('warm-prefix-target'),
    kubeletMaxPods: number('kubelet-max-pods'),
    branchPods: number('branch-pods'),
  }
  if (issues.length > 0) throw new InvalidInputError(issues)
  const defined = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined))
  try {
    return { name: 'ip-usage', request: parseInput(IpUsageRequest, defined), output }
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error
    throw new InvalidInputError(
      error.issues.map((issue) => ({
        field:
          FLAG_OF_SETTING[issue.field as keyof MaxPodsSettingsInput] ??
          FLAG_OF_POOL_FIELD[issue.field] ??
          issue.field,
        message: issue.message,
      })),
    )
  }
}

function parseReport(tokens: readonly string[]): Command {
  const [action, ...rest] = tokens
  if (action !== 'run') {
    throw new InvalidInputError([
      { field: '', message: `unknown report action '${action ?? ''}'; try report run` },
    ])
  }
  const { values } = parseTokens(rest, REPORT_OPTIONS)
  const issues: FieldIssue[] = []
  const output = parseOutput(values.output, issues)
  if (issues.length > 0) throw new InvalidInputError(issues)
  return {
    name: 'report-run',
    scopeFile: values.scope,
    demo: values.demo ?? false,
    aws: { profile: undefined, region: undefined },
    output,
  }
}

function parsePlan(tokens: readonly string[]): Command {
  const { values, positionals } = parseTokens(tokens, PLAN_OPTIONS, true)
  const issues: FieldIssue[] = []
  const output = parseOutput(values.output, issues)
  const [file, ...extra] = positionals
  if (!file || extra.length > 0) issues.push({ field: 'plan', message: 'name one plan file (YAML or JSON)' })
  const exportsGiven = values.subnets !== undefined || values.enis !== undefined
  if (exportsGiven && (!values.subnets || !values.enis)) {
    issues.push({
      field: values.subnets ? '--enis' : '--subnets',
      message: 'exports need both --subnets and --enis',
    })
  }
  if (exportsGiven && values.demo)
    issues.push({ field: '--demo', message: 'use exports or the demo VPC, not both' })
  if (issues.length > 0 || !file) throw new InvalidInputError(issues)
  const exports =
    values.subnets && values.enis
      ? { subnets: values.subnets, enis: values.enis, reservations: values.reservations ?? [] }
      : undefined
  return {
    name: 'plan',
    file,
    exports,
    demo: values.demo ?? false,
    aws: { profile: undefined, region: values.region },
    output,
  }
}

function parseSubnets(tokens: readonly string[]): Command {
  const [action, ...rest] = tokens
  const issues: FieldIssue[] = []
  if (action === 'analyze') {
    const { values } = parseTokens(rest, SUBNETS_ANALYZE_OPTIONS)
    const output = parseChoice(values.output, SUBNET_OUTPUTS, 'table', issues)
    if (!values.subnets) issues.push({ field: '--subnets', message: 'name the describe-subnets export file' })
    if (!values.enis)
      issues.push({ field: '--enis', message: 'name the describe-network-interfaces export file' })
    if (issues.length > 0 || !values.subnets || !values.enis) throw new InvalidInputError(issues)
    const files = { subnets: values.subnets, enis: values.enis, reservations: values.reservations ?? [] }
    return { name: 'subnets-analyze', files, output }
  }
  if (action === 'scan') {
    const { values } = parseTokens(rest, SUBNETS_SCAN_OPTIONS)
    const output = parseChoice(values.output, SUBNET_OUTPUTS, 'table', issues)
    const vpcId = values['vpc-id']
    const subnetIds = values['subnet-id']
    const chosen = [vpcId, values.cluster, subnetIds].filter((value) => value !== undefined)
    if (chosen.length !== 1)
      issues.push({ field: '--vpc-id', message: 'give exactly one of --vpc-id, --cluster and --subnet-id' })
    if (issues.length > 0) throw new InvalidInputError(issues)
    const selector: SubnetSelector = vpcId
      ? { vpcId }
      : values.cluster
        ? { cluster: values.cluster }
        : { subnetIds: subnetIds ?? [] }
    return {
      name: 'subnets-scan',
      selector,
      aws: { profile: undefined, region: values.region },
      output,
      quiet: false,
    }
  }
  throw new InvalidInputError([
    { field: '', message: `unknown subnets action '${action ?? ''}'; try subnets analyze or subnets scan` },
  ])
}

function parseMaxPods(tokens: readonly string[]): Command {
  const { values } = parseTokens(tokens, MAX_PODS_OPTIONS)
  const issues: FieldIssue[] = []
  const input: MaxPodsSettingsInput = {
    profile: values.profile as MaxPodsSettingsInput['profile'],
    cniVersion: values['cni-version'],
    prefixDelegation: values['cni-prefix-delegation-enabled'],
    customNetworking: values['cni-custom-networking-enabled'],
    maxEni: wholeNumber(values['cni-max-eni'], FLAG_OF_SETTING.maxEni, issues),
    showMaxAllowed: values['show-max-allowed'],
    securityGroupsForPods: values['security-groups-for-pods'],
    ipFamily: values['ip-family'] as MaxPodsSettingsInput['ipFamily'],
    reservedEnis: wholeNumber(values['reserved-enis'], FLAG_OF_SETTING.reservedEnis, issues),
    podsPerCore: wholeNumber(values['pods-per-core'], FLAG_OF_SETTING.podsPerCore, issues),
    amiFamily: values['ami-family'] as MaxPodsSettingsInput['amiFamily'],
  }
  const selection = parseSelection(values, issues)
  const output = parseOutput(values.output, issues)
  const settings = parseSettings(input, issues)
  if (issues.length > 0 || !selection || !settings) throw new InvalidInputError(issues)
  return { name: 'max-pods', selection, settings, output, explain: values.explain ?? false }
}

function parseInstanceTypes(tokens: readonly string[]): Command {
  const { values } = parseTokens(tokens, INSTANCE_TYPES_OPTIONS)
  const issues: FieldIssue[] = []
  const output = parseOutput(values.output, issues)
  if (issues.length > 0) throw new InvalidInputError(issues)
  return { name: 'instance-types', family: values.family, output }
}

function parseSelection(
  values: { 'instance-type'?: string[]; all?: boolean; 'node-group'?: string },
  issues: FieldIssue[],
): Selection | undefined {
  const instanceTypes = values['instance-type'] ?? []
  const chosen = [instanceTypes.length > 0, values.all === true, values['node-group'] !== undefined].filter(
    Boolean,
  )
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
  if (values.all) return { kind: 'all' }
  if (values['node-group'] !== undefined) {
    const members = values['node-group']
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '')
    if (members.length === 0) {
      issues.push({ field: '--node-group', message: 'list the instance types, comma-separated' })
      return undefined
    }
    return { kind: 'node-group', instanceTypes: members }
  }
  return { kind: 'types', instanceTypes }
}

function parseSettings(input: MaxPodsSettingsInput, issues: FieldIssue[]): MaxPodsSettings | undefined {
  try {
    return parseInput(MaxPodsSettings, input)
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error
    for (const issue of error.issues) {
      const flag = FLAG_OF_SETTING[issue.field as keyof MaxPodsSettingsInput]
      // Flags already reported as not-a-number are not reported twice.
      if (!issues.some((known) => known.field === flag))
        issues.push({ field: flag ?? issue.field, message: issue.message })
    }
    return undefined
  }
}

function parseOutput(value: string | undefined, issues: FieldIssue[]): Output {
  return parseChoice(value, OUTPUTS, 'text', issues)
}

function parseChoice<T extends string>(
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
  issues: FieldIssue[],
): T {
  if (value === undefined) return fallback
  if ((choices as readonly string[]).includes(value)) return value as T
  issues.push({ field: '--output', message: `expected one of ${choices.join(', ')}, not '${value}'` })
  return fallback
}

export function wholeNumber(
  value: string | undefined,
  flag: string,
  issues: FieldIssue[],
): number | undefined {
  if (value === undefined) return undefined
  if (/^\d+$/.test(value)) return Number(value)
  issues.push({ field: flag, message: `must be a whole number, not '${value}'` })
  return undefined
}

type Options = Parameters<typeof parseArgs>[0] extends infer C
  ? C extends { options?: infer O }
    ? O
    : never
  : never

function parseTokens<T extends Options>(tokens: readonly string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: [...tokens], options, allowPositionals, strict: true })
  } catch (error) {
    // node:util reports unknown options and missing values in its own words, some over several lines
    // (a value starting with a dash, such as --pods -1): one line, as every other mistake.
    const message = (error as Error).message.split('\n').join(' ')
    throw new InvalidInputError([{ field: '', message }], { cause: error })
  }
}
