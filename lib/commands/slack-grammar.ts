import { closestNames } from '../domain/closest-names.ts'
import { InvalidInputError } from '../errors.ts'
import type { FieldIssue } from '../schemas/field-issues.ts'
import { type Command, parseCommand, wholeNumber } from './grammar.ts'

// `/capacity …` in Slack: the CLI's grammar and option names, with the short forms people type in chat
// (a positional instance type, subnet or VPC) rewritten into the CLI's own flags before parsing.

export const SLACK_VERBS = [
  'max-pods',
  'ip-usage',
  'subnet',
  'vpc',
  'plan',
  'size',
  'instance-types',
  'report',
  'help',
] as const

export type SlackPlan = {
  name: 'slack-plan'
  vpcId: string
  instanceTypes: string[]
  nodes: number
  maxNodes: number | undefined
  pods: number | 'max'
  settings: Record<string, unknown>
  region: string | undefined
}

/** `plan cluster NAME`: an EKS cluster as it is, read by the service with its own AWS access. */
export type SlackClusterPlan = {
  name: 'slack-plan-cluster'
  cluster: string
  pods: number | 'max' | undefined
  region: string | undefined
}

/** `report`: the newest scheduled fragmentation report of the service's scope, with its page's link. */
export type SlackReport = { name: 'slack-report' }

export interface SlackCommand {
  command: Command | SlackPlan | SlackClusterPlan | SlackReport
  /** `--public`: answer in the channel rather than to the asker only. */
  inChannel: boolean
}

/** Splits text like a shell: quotes group, and the dashes chat clients "smarten" are put back. */
export function tokenize(text: string): string[] {
  const cleaned = text
    .replace(/[\u2014\u2013]/g, '--')
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
  return [...cleaned.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? '',
  )
}

export function parseSlackText(text: string): SlackCommand {
  const tokens = tokenize(text)
  const inChannel = tokens.includes('--public')
  const [verb, ...rest] = tokens.filter((token) => token !== '--public')
  if (verb === undefined || verb === 'help') return { command: { name: 'help' }, inChannel }
  const positional = rest[0] !== undefined && !rest[0].startsWith('-') ? rest[0] : undefined
  const flags = positional === undefined ? rest : rest.slice(1)
  switch (verb) {
    case 'max-pods':
      return { command: parseCommand(['max-pods', ...positionalTypes(rest)]), inChannel }
    case 'ip-usage':
      return {
        command: parseCommand(['ip-usage', ...(positional ? ['--instance-type', positional] : []), ...flags]),
        inChannel,
      }
    case 'instance-types':
      return {
        command: parseCommand(['instance-types', ...(positional ? ['--family', positional] : []), ...flags]),
        inChannel,
      }
    case 'subnet':
      return { command: parseSlackScan(['--subnet-id', positional], flags), inChannel }
    case 'vpc':
      return { command: parseSlackScan(['--vpc-id', positional], flags), inChannel }
    case 'size':
      return { command: parseSlackSize(positional, flags), inChannel }
    case 'report':
      if (rest.length > 0)
        throw new InvalidInputError([
          {
            field: 'report',
            message: 'report takes nothing more: it shows the newest report of the service’s scope',
          },
        ])
      return { command: { name: 'slack-report' }, inChannel }
    case 'plan':
      if (positional === 'cluster') return { command: parseSlackClusterPlan(flags), inChannel }
      return { command: parseSlackPlan(positional, flags), inChannel }
    default: {
      const suggestions = closestNames(verb, SLACK_VERBS)
      const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(' or ')}?` : ''
      throw new InvalidInputError([{ field: 'command', message: `unknown command '${verb}'${hint}` }])
    }
  }
}

/**
 * `subnet subnet-0abc` and `vpc vpc-0abc`: the CLI's scan of that subnet or VPC. The service scans with
 * its own role, so an AWS profile means nothing here and is refused rather than ignored; and it has no
 * kube context to take a cluster from, so a scan must say what to scan.
 */
function parseSlackScan([flag, id]: [string, string | undefined], flags: string[]): Command {
  const command = parseCommand(['subnets', 'scan', ...(id ? [flag, id] : []), ...flags])
  if (command.name !== 'subnets-scan') return command
  if (command.aws.profile !== undefined) {
    throw new InvalidInputError([
      { field: '--profile', message: 'Slack scans with the service’s own AWS access: leave out --profile' },
    ])
  }
  const kubeFlag =
    command.kube.context !== undefined
      ? '--context'
      : command.kube.kubeconfig !== undefined
        ? '--kubeconfig'
        : undefined
  if (kubeFlag !== undefined) {
    throw new InvalidInputError([
      { field: kubeFlag, message: 'Slack reads no kube context: name the subnet or VPC instead' },
    ])
  }
  if (command.selector === undefined) {
    throw new InvalidInputError([
      { field: 'command', message: 'name what to scan: subnet subnet-0abc, or vpc vpc-0abc' },
    ])
  }
  return command
}

/** `max-pods m5.large c5.xlarge --…`: every leading word is an instance type. */
function positionalTypes(rest: string[]): string[] {
  const firstFlag = rest.findIndex((token) => token.startsWith('-'))
  const words = firstFlag < 0 ? rest : rest.slice(0, firstFlag)
  return [
    ...words.flatMap((type) => ['--instance-type', type]),
    ...(firstFlag < 0 ? [] : rest.slice(firstFlag)),
  ]
}

/**
 * `size vpc-… | CIDR --instance-type T --nodes N [--max-nodes M] --pods P|max --zones AZ,AZ [settings]`: the
 * CLI's one-group `size` against an existing VPC or a new VPC's CIDR. The service reads with its own access,
 * and a chat message holds neither files nor a layout's code.
 */
function parseSlackSize(where: string | undefined, flags: string[]): Command {
  const space =
    where === undefined
      ? []
      : /^vpc-[0-9a-z-]+$/.test(where)
        ? ['--vpc-id', where]
        : /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(where)
          ? ['--vpc-cidr', where]
          : undefined
  if (space === undefined || where === undefined)
    throw new InvalidInputError([
      {
        field: 'vpc',
        message:
          'start with the VPC ID or a new VPC’s CIDR: size vpc-… (or 10.0.0.0/16) --instance-type … --nodes … --pods … --zones …',
      },
    ])
  // One VPC or CIDR, then flags: a second word would be read as a sizing file, which chat cannot send.
  const stray = flags.find(
    (token, index) => !token.startsWith('-') && !(flags[index - 1] ?? '').startsWith('-'),
  )
  if (stray !== undefined)
    throw new InvalidInputError([
      { field: 'vpc', message: `one VPC ID or CIDR, then flags: '${stray}' is neither` },
    ])
  const command = parseCommand(['size', ...space, ...flags])
  if (command.name !== 'size') return command
  const refused = [
    command.aws.profile !== undefined && '--profile',
    command.emit !== undefined && '--emit',
    command.space?.kind === 'exports' && '--vpcs',
    command.space?.kind === 'demo' && '--demo',
  ].filter((flag) => flag !== false)
  if (refused.length > 0)
    throw new InvalidInputError(
      refused.map((flag) => ({
        field: flag,
        message:
          'not in Slack: the service sizes with its own AWS access; use the CLI or the API for files and code',
      })),
    )
  return command
}

/**
 * `plan cluster NAME [--pods N|max] [--region R]`: the CLI's cluster plan, with the service's own AWS access;
 * exports (aws-node, Karpenter) do not fit in a chat message, so the add-on's settings are what is read.
 */
function parseSlackClusterPlan(flags: string[]): SlackClusterPlan {
  const [cluster, ...rest] = flags
  if (cluster === undefined || cluster.startsWith('-'))
    throw new InvalidInputError([{ field: 'cluster', message: 'name the cluster: plan cluster NAME' }])
  const command = parseClusterPlan(cluster, rest)
  if (command.name !== 'plan' || !command.cluster) return command as never
  const unsupported = [
    command.aws.profile !== undefined && '--profile',
    command.cluster.awsNode !== undefined && '--aws-node',
    command.cluster.karpenter !== undefined && '--karpenter',
    command.kube.context !== undefined && '--context',
    command.kube.kubeconfig !== undefined && '--kubeconfig',
    command.demo && '--demo',
    command.emit !== undefined && '--emit',
  ].filter((flag) => flag !== false)
  if (unsupported.length > 0)
    throw new InvalidInputError(
      unsupported.map((flag) => ({
        field: flag,
        message:
          'not in Slack: the service reads the cluster with its own AWS access; use the CLI or the API',
      })),
    )
  return { name: 'slack-plan-cluster', cluster, pods: command.cluster.pods, region: command.aws.region }
}

/** The CLI's cluster plan; a second word after the name would read to the CLI as a plan file. */
function parseClusterPlan(cluster: string, rest: string[]): Command {
  try {
    return parseCommand(['plan', '--cluster', cluster, ...rest])
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error
    const positional = error.issues.some((issue) => issue.field === '--cluster' || issue.field === 'plan')
    if (!positional) throw error
    throw new InvalidInputError(
      [{ field: 'cluster', message: 'name one cluster: plan cluster NAME [--pods N|max] [--region R]' }],
      { cause: error },
    )
  }
}

/**
 * `plan vpc-… --instance-type T [--instance-type T2] --nodes N [--max-nodes M] --pods P|max [settings]`:
 * one node group against a VPC's subnets, the short form a chat message can hold.
 */
function parseSlackPlan(vpcId: string | undefined, flags: string[]): SlackPlan {
  const values = new Map<string, string[]>()
  const switches = new Set<string>()
  for (let index = 0; index < flags.length; index++) {
    const flag = flags[index] as string
    const next = flags[index + 1]
    if (next !== undefined && !next.startsWith('--')) {
      values.set(flag, [...(values.get(flag) ?? []), next])
      index++
    } else switches.add(flag)
  }
  const one = (flag: string) => values.get(flag)?.[0]
  const issues: FieldIssue[] = []
  const number = (flag: string) => wholeNumber(one(flag), flag, issues)
  if (!vpcId || !/^vpc-[0-9a-z-]+$/.test(vpcId))
    issues.push({
      field: 'vpc',
      message: 'start with the VPC ID: plan vpc-… --instance-type … --nodes … --pods …',
    })
  const instanceTypes = values.get('--instance-type') ?? []
  if (instanceTypes.length === 0)
    issues.push({ field: '--instance-type', message: 'name at least one instance type' })
  const nodes = number('--nodes')
  if (one('--nodes') === undefined) issues.push({ field: '--nodes', message: 'give the node count' })
  const maxNodes = number('--max-nodes')
  const warmIpTarget = number('--warm-ip-target')
  const minimumIpTarget = number('--minimum-ip-target')
  const warmPrefixTarget = number('--warm-prefix-target')
  const pods = one('--pods')
  if (pods === undefined || (pods !== 'max' && !/^\d+$/.test(pods)))
    issues.push({ field: '--pods', message: 'give the pods per node, or max' })
  if (issues.length > 0) throw new InvalidInputError(issues)
  return {
    name: 'slack-plan',
    vpcId: vpcId as string,
    instanceTypes,
    nodes: nodes as number,
    maxNodes,
    pods: pods === 'max' ? 'max' : Number(pods),
    settings: {
      ...(switches.has('--cni-prefix-delegation-enabled') ? { prefixDelegation: true } : {}),
      ...(switches.has('--cni-custom-networking-enabled') ? { customNetworking: true } : {}),
      ...(warmIpTarget === undefined ? {} : { warmIpTarget }),
      ...(minimumIpTarget === undefined ? {} : { minimumIpTarget }),
      ...(warmPrefixTarget === undefined ? {} : { warmPrefixTarget }),
    },
    region: one('--region'),
  }
}
