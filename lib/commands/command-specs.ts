import {
  AWS_GROUP,
  EMIT_FLAG,
  EXPORT_FLAGS,
  type FlagGroup,
  type FlagSpec,
  kubeContextFlags,
  LAYOUT_EMIT_FLAG,
  OUTPUT_CHOICES,
  outputFlag,
  REPORT_OUTPUT_CHOICES,
  SETTINGS_GROUPS,
  SUBNET_OUTPUT_CHOICES,
  WARM_POOL_GROUP,
} from './flags.ts'

// What each command is, takes and shows by example: the parser reads its flags from here, help and
// shell completion print it.

export interface CommandSpec {
  /** As typed after the program name: `max-pods`, `subnets scan`. */
  name: string
  summary: string
  /** Synopsis lines, after the program and command names. */
  usage: string[]
  positional?: { value: string; help: string; choices?: readonly string[] }
  groups: FlagGroup[]
  /** Command lines after the program name; an example may need shell lines around it (Example). */
  examples: (string | Example)[]
  notes?: string[]
}

/**
 * An example that needs more than its own line: commands to run first (the AWS CLI exports it reads),
 * and lines after it (a here-document's body). Only `command` is this program's; the tests parse it.
 */
export interface Example {
  before?: string[]
  command: string
  after?: string[]
}

export const SHELL_CHOICES = ['bash', 'zsh', 'fish'] as const

const output = (what: string, choices: readonly string[] = OUTPUT_CHOICES): FlagGroup => ({
  title: 'Output',
  flags: [outputFlag(choices, what)],
})
const subnetOutput: FlagGroup = {
  title: 'Output',
  flags: [
    outputFlag(
      SUBNET_OUTPUT_CHOICES,
      'table: one row per subnet, worst first; map: every /28 block drawn; json/yaml: {subnets, skipped}',
    ),
  ],
}
const flag = (spec: FlagSpec) => spec

const MAX_PODS: CommandSpec = {
  name: 'max-pods',
  summary: 'how many pods fit on a node, for every VPC CNI mode and bootstrap',
  usage: [
    '--instance-type TYPE [--instance-type TYPE ...] [flags]',
    '--node-group TYPE,TYPE,... [flags]',
    '--all [flags]',
  ],
  groups: [
    {
      title: 'Which types',
      flags: [
        flag({
          name: 'instance-type',
          type: 'string',
          multiple: true,
          value: 'TYPE',
          help: 'an EC2 instance type (repeat for more)',
        }),
        flag({
          name: 'node-group',
          type: 'string',
          value: 'TYPES',
          help: "a node group's types, comma-separated: the smallest max pods wins",
        }),
        flag({ name: 'all', type: 'boolean', help: 'every type in the catalog' }),
      ],
    },
    ...SETTINGS_GROUPS,
    {
      title: 'Output',
      flags: [
        outputFlag(OUTPUT_CHOICES, 'text: the bare number for one type, "type maxPods" lines for several'),
        flag({ name: 'explain', type: 'boolean', help: 'every step of the arithmetic, after the answer' }),
        EMIT_FLAG,
      ],
    },
  ],
  examples: [
    'max-pods --instance-type m5.large --cni-version 1.9.0',
    'max-pods --instance-type m5.large --cni-prefix-delegation-enabled --explain',
    'max-pods --node-group m5.24xlarge,c5.4xlarge,t2.medium',
    'max-pods --instance-type m5.large --bootstrap karpenter --reserved-enis 1 --pods-per-core 8',
    'max-pods --all --cni-prefix-delegation-enabled -o json',
    'max-pods --instance-type m5.large --cni-prefix-delegation-enabled --emit nodeadm',
  ],
  notes: [
    'With only the calculator’s flags and one type, the answer is the bare number the calculator prints.',
  ],
}

const INSTANCE_TYPES: CommandSpec = {
  name: 'instance-types',
  summary: "the catalog's ENI and address limits per instance type",
  usage: ['[--family FAMILY] [-o text|table|json|yaml]'],
  groups: [
    {
      title: 'Which types',
      flags: [
        flag({ name: 'family', type: 'string', value: 'FAMILY', help: 'one family only (m5, c7g, p5)' }),
      ],
    },
    output('text: one name a line; table: limits and where they came from'),
  ],
  examples: ['instance-types --family p5 -o table', 'instance-types -o json'],
}

const IP_USAGE: CommandSpec = {
  name: 'ip-usage',
  summary: 'the addresses and /28 prefixes a node holds once the CNI warm pool settles',
  usage: ['--instance-type TYPE --pods N|max [flags]'],
  groups: [
    {
      title: 'The node',
      flags: [
        flag({ name: 'instance-type', type: 'string', value: 'TYPE', help: 'the EC2 instance type' }),
        flag({
          name: 'pods',
          type: 'string',
          value: 'N|max',
          help: 'pods on the node (not host-network), or max for kubelet max pods',
        }),
      ],
    },
    WARM_POOL_GROUP,
    ...SETTINGS_GROUPS,
    {
      title: 'Output',
      flags: [
        outputFlag(OUTPUT_CHOICES, 'text: the answer and its steps; table: steady state and at max pods'),
        EMIT_FLAG,
      ],
    },
  ],
  examples: [
    'ip-usage --instance-type m5.large --pods 10',
    'ip-usage --instance-type m5.large --pods 3 --warm-ip-target 5 --minimum-ip-target 10',
    'ip-usage --instance-type m5.large --pods 20 --cni-prefix-delegation-enabled -o table',
  ],
}

const PLAN: CommandSpec = {
  name: 'plan',
  summary: 'whether a cluster (as it is, or as planned) fits its subnets, with recommendations',
  usage: [
    '[--cluster NAME] [--aws-node FILE] [--karpenter FILE] [--pods N|max] [--demo] [--profile NAME] [--region REGION]',
    'FILE [--demo | --subnets FILE --enis FILE [--reservations FILE ...]] [--profile NAME] [--region REGION]',
  ],
  positional: {
    value: 'FILE',
    help: 'a planned cluster, YAML or JSON (the body of POST /v1/plans); - reads standard input. Without it, the cluster as it is',
  },
  groups: [
    {
      title: 'The cluster as it is (default: the EKS cluster of the current kube context)',
      flags: [
        flag({
          name: 'cluster',
          type: 'string',
          value: 'NAME',
          help: 'an EKS cluster: its managed node groups, vpc-cni add-on and VPC, read from EKS and EC2',
        }),
        flag({
          name: 'aws-node',
          type: 'string',
          value: 'FILE',
          help: 'kubectl get daemonset aws-node -n kube-system -o json: the CNI settings where they are not in the add-on',
        }),
        flag({
          name: 'karpenter',
          type: 'string',
          value: 'FILE',
          help: 'kubectl get nodepools,ec2nodeclasses -o yaml: each NodePool planned at the worst case its limits allow',
        }),
        flag({
          name: 'pods',
          type: 'string',
          value: 'N|max',
          default: 'max',
          help: 'pods per node on every node group',
        }),
        ...kubeContextFlags('plan'),
      ],
    },
    {
      title: 'Subnets of a plan file (default: live EC2)',
      flags: [
        ...EXPORT_FLAGS,
        flag({
          name: 'demo',
          type: 'boolean',
          help: 'the synthetic demo VPC (and its cluster, demo), no AWS account',
        }),
      ],
    },
    AWS_GROUP,
    {
      title: 'Output',
      flags: [
        outputFlag(REPORT_OUTPUT_CHOICES, 'text: verdicts, node groups, subnets and recommendations'),
        EMIT_FLAG,
      ],
    },
  ],
  examples: [
    'plan --cluster my-cluster --region eu-west-1',
    {
      before: ['kubectl get daemonset aws-node -n kube-system -o json > aws-node.json'],
      command: 'plan --cluster my-cluster --aws-node aws-node.json --emit vpc-cni-addon',
    },
    'plan --demo --emit nodeadm',
    {
      command: "plan - --demo <<'EOF'",
      after: [
        'subnets: {vpcId: vpc-demo}',
        'nodeGroups:',
        '  - {name: dense, instanceTypes: [m5.4xlarge], desiredNodes: 8, pods: 100, subnetIds: [subnet-demo-fragmented], settings: {prefixDelegation: true}}',
        'EOF',
      ],
    },
    'plan my-plan.yaml --profile prod --region eu-west-1',
    'plan my-plan.yaml --subnets subnets.json --enis enis.json -o yaml',
  ],
}

const SIZE: CommandSpec = {
  name: 'size',
  summary: 'the subnets (and prefix reservations) a planned cluster needs, carved from a VPC’s free space',
  usage: [
    '--instance-type TYPE --nodes N [--max-nodes M] --pods N|max --zones AZ,AZ (--vpc-cidr CIDR | --vpc-id ID | --demo) [flags]',
    'FILE [--vpc-cidr CIDR [--secondary-cidr CIDR] | --vpc-id ID | --demo | --vpcs FILE --subnets FILE]',
  ],
  positional: {
    value: 'FILE',
    help: 'node groups and an address space, YAML or JSON (the body of POST /v1/sizing); - reads standard input',
  },
  groups: [
    {
      title: 'One node group (without a FILE)',
      flags: [
        flag({
          name: 'instance-type',
          type: 'string',
          multiple: true,
          value: 'TYPE',
          help: 'an EC2 instance type (repeat for a group of several)',
        }),
        flag({ name: 'nodes', type: 'string', value: 'N', help: 'desired nodes' }),
        flag({
          name: 'max-nodes',
          type: 'string',
          value: 'N',
          default: '--nodes',
          help: 'the most nodes it scales to',
        }),
        flag({ name: 'pods', type: 'string', value: 'N|max', help: 'pods per node, or max' }),
        flag({
          name: 'zones',
          type: 'string',
          value: 'AZ,AZ',
          help: 'the availability zones its nodes spread over (one subnet each)',
        }),
      ],
    },
    WARM_POOL_GROUP,
    // --profile here is the AWS profile (AWS_GROUP), never the old spelling of --bootstrap.
    ...SETTINGS_GROUPS.map((group) => ({
      ...group,
      flags: group.flags.filter((each) => each.name !== 'profile'),
    })),
    {
      title: 'The address space',
      flags: [
        flag({ name: 'vpc-cidr', type: 'string', value: 'CIDR', help: 'a new VPC’s CIDR, all free' }),
        flag({
          name: 'secondary-cidr',
          type: 'string',
          multiple: true,
          value: 'CIDR',
          help: 'a secondary CIDR (100.64.0.0/16 for custom networking pod subnets); repeat for more',
        }),
        flag({
          name: 'vpc-id',
          type: 'string',
          value: 'ID',
          help: 'an existing VPC (live EC2): its free space',
        }),
        flag({ name: 'demo', type: 'boolean', help: 'the demo VPC’s free space, no AWS account' }),
        flag({
          name: 'vpcs',
          type: 'string',
          value: 'FILE',
          help: 'aws ec2 describe-vpcs --vpc-ids ID output, with --subnets',
        }),
        EXPORT_FLAGS[0] as FlagSpec,
        flag({
          name: 'headroom',
          type: 'string',
          value: 'PERCENT',
          default: '30',
          help: 'room above the demand at max nodes',
        }),
        flag({
          name: 'cluster-name',
          type: 'string',
          value: 'NAME',
          help: 'written into the emitted layout',
        }),
      ],
    },
    AWS_GROUP,
    {
      title: 'Output',
      flags: [
        outputFlag(REPORT_OUTPUT_CHOICES, 'text: one line per subnet, the proof and what would fit'),
        LAYOUT_EMIT_FLAG,
      ],
    },
  ],
  examples: [
    'size --instance-type m5.large --nodes 10 --max-nodes 30 --pods max --zones us-east-1a,us-east-1b --vpc-cidr 10.0.0.0/16 --cni-prefix-delegation-enabled',
    'size --instance-type m5.large --nodes 10 --max-nodes 60 --pods 20 --zones us-east-1a,us-east-1b --demo --emit terraform',
    'size my-cluster.yaml --vpc-id vpc-0abc --region eu-west-1 -o yaml',
  ],
}

const SUBNETS_ANALYZE: CommandSpec = {
  name: 'subnets analyze',
  summary: '/28 blocks, fragmentation and owners from AWS CLI exports, offline',
  usage: ['--subnets FILE --enis FILE [--reservations FILE ...] [-o table|json|yaml|map]'],
  groups: [{ title: 'Exports', flags: EXPORT_FLAGS }, subnetOutput],
  examples: [
    {
      before: [
        'aws ec2 describe-subnets --filters Name=vpc-id,Values=vpc-0abc > subnets.json',
        'aws ec2 describe-network-interfaces --include-managed-resources --filters Name=vpc-id,Values=vpc-0abc > enis.json',
      ],
      command: 'subnets analyze --subnets subnets.json --enis enis.json -o map',
    },
  ],
}

const SUBNETS_SCAN: CommandSpec = {
  name: 'subnets scan',
  summary: '/28 blocks, fragmentation and owners, live from EC2',
  usage: [
    '[--cluster NAME | --vpc-id ID | --subnet-id ID[,ID...] ...] [--context NAME] [--kubeconfig FILE] [--profile NAME] [--region REGION] [--quiet]',
  ],
  groups: [
    {
      title: 'Which subnets (default: the EKS cluster of the current kube context)',
      flags: [
        flag({
          name: 'cluster',
          type: 'string',
          value: 'NAME',
          // EKS no longer tags subnets itself: say what is matched, so an empty answer is understood.
          help: "an EKS cluster's subnets: those tagged kubernetes.io/cluster/NAME or karpenter.sh/discovery=NAME",
        }),
        flag({ name: 'vpc-id', type: 'string', value: 'ID', help: 'every subnet of a VPC' }),
        flag({
          name: 'subnet-id',
          type: 'string',
          multiple: true,
          value: 'ID',
          help: 'subnets by ID: comma-separated, or repeat the flag',
        }),
      ],
    },
    {
      title: "The kube context (kubectl's flags; read only when no subnets are named)",
      flags: [...kubeContextFlags('scan')],
    },
    AWS_GROUP,
    {
      title: 'Output',
      flags: [
        ...subnetOutput.flags,
        flag({ name: 'quiet', type: 'boolean', short: 'q', help: 'no progress lines on stderr' }),
      ],
    },
  ],
  examples: [
    'subnets scan',
    'subnets scan --cluster my-cluster --profile prod --region us-east-1 -o map',
    'subnets scan --vpc-id vpc-0abc --quiet -o json',
  ],
}

const REPORT_RUN: CommandSpec = {
  name: 'report run',
  summary: 'a fragmentation report here and now (stored nowhere)',
  usage: ['[--demo] [--scope FILE] [--profile NAME] [--region REGION]'],
  groups: [
    {
      title: 'What to scan (default: this account, this region)',
      flags: [
        flag({
          name: 'scope',
          type: 'string',
          value: 'FILE',
          help: "the report's scope, JSON (the scheduled report's own)",
        }),
        flag({ name: 'demo', type: 'boolean', help: 'the synthetic demo VPC, no AWS account' }),
      ],
    },
    AWS_GROUP,
    output('text: targets and subnets at risk', REPORT_OUTPUT_CHOICES),
  ],
  examples: ['report run --demo', 'report run --profile prod --region eu-west-1 -o json'],
}

const COMPLETION: CommandSpec = {
  name: 'completion',
  summary: 'a shell completion script',
  usage: ['bash|zsh|fish'],
  positional: { value: 'SHELL', help: 'the shell to complete in', choices: SHELL_CHOICES },
  groups: [],
  examples: [
    'completion bash > /etc/bash_completion.d/eks-ip-capacity',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    'completion zsh > "${fpath[1]}/_eks-ip-capacity"',
    'completion fish > ~/.config/fish/completions/eks-ip-capacity.fish',
  ],
  notes: ['bash, for this shell only: source <(eks-ip-capacity completion bash)'],
}

const HELP: CommandSpec = {
  name: 'help',
  summary: "this overview, or one command's help",
  usage: ['[COMMAND]'],
  positional: { value: 'COMMAND', help: 'a command, such as max-pods or subnets scan' },
  groups: [],
  examples: ['help max-pods', 'help subnets scan'],
}

const VERSION: CommandSpec = {
  name: 'version',
  summary: "this tool's version",
  usage: [''],
  groups: [],
  examples: ['version'],
}

export const COMMAND_SPECS: readonly CommandSpec[] = [
  MAX_PODS,
  INSTANCE_TYPES,
  IP_USAGE,
  PLAN,
  SIZE,
  SUBNETS_ANALYZE,
  SUBNETS_SCAN,
  REPORT_RUN,
  COMPLETION,
  HELP,
  VERSION,
]

/** The first word of every command: `subnets`, not `subnets scan`. */
export const COMMAND_WORDS = [...new Set(COMMAND_SPECS.map((spec) => spec.name.split(' ')[0] as string))]

/** The second words of the commands that have them: subnets → analyze, scan. */
export function subcommandsOf(word: string): string[] {
  return COMMAND_SPECS.filter((spec) => spec.name.startsWith(`${word} `)).map(
    (spec) => spec.name.split(' ')[1] as string,
  )
}

export function specOf(name: string): CommandSpec {
  const spec = COMMAND_SPECS.find((candidate) => candidate.name === name)
  if (!spec) throw new Error(`no command spec named ${name}`)
  return spec
}

/** Every flag a command takes, in help order. */
export function flagsOf(spec: CommandSpec): FlagSpec[] {
  return spec.groups.flatMap((group) => group.flags)
}
