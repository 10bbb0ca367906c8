import { DEFAULT_WARM_ENI_TARGET, DEFAULT_WARM_PREFIX_TARGET } from '../domain/warm-pool.ts'
import { EMIT_FORMATS, LAYOUT_FORMATS } from '../schemas/emit-formats.ts'
import {
  DEFAULT_CNI_VERSION,
  DEFAULT_KARPENTER_AMI_FAMILY,
  IP_FAMILIES,
  KARPENTER_AMI_FAMILIES,
  MAX_POD_PROFILES,
} from '../schemas/max-pods-choices.ts'

// Every flag written once: the parser's option table, the help text and the shell completion are all
// derived from these lists, so none can name a flag the others do not know.

export interface FlagSpec {
  /** The long name, without its dashes. */
  name: string
  type: 'string' | 'boolean'
  multiple?: boolean
  short?: string
  /** The value's placeholder in help (TYPE, N, FILE). */
  value?: string
  /** The only values accepted; completion offers them, the parser suggests the closest. */
  choices?: readonly string[]
  /** Shown as "(default …)" in help. */
  default?: string
  /** An old spelling still read (with a note) but not offered by completion. */
  deprecated?: boolean
  help: string
}

export interface FlagGroup {
  title: string
  flags: FlagSpec[]
}

export const OUTPUT_CHOICES = ['text', 'table', 'json', 'yaml'] as const
/** Plans and reports already print their tables in text: no separate table form. */
export const REPORT_OUTPUT_CHOICES = ['text', 'json', 'yaml'] as const
export const SUBNET_OUTPUT_CHOICES = ['table', 'json', 'yaml', 'map'] as const

export const outputFlag = (choices: readonly string[], what: string): FlagSpec => ({
  name: 'output',
  short: 'o',
  type: 'string',
  value: 'FORMAT',
  choices,
  default: choices[0],
  help: what,
})

/** The EKS max-pods calculator's own flags, so its users can switch without relearning. */
const CALCULATOR_FLAGS: FlagSpec[] = [
  {
    name: 'cni-version',
    type: 'string',
    value: 'V',
    default: DEFAULT_CNI_VERSION,
    help: 'VPC CNI version, MAJOR.MINOR.PATCH (prefix delegation needs 1.9.0 or later)',
  },
  {
    name: 'cni-prefix-delegation-enabled',
    type: 'boolean',
    help: 'prefix delegation (ENABLE_PREFIX_DELEGATION): a /28 per address slot; Nitro types only',
  },
  {
    name: 'cni-custom-networking-enabled',
    type: 'boolean',
    help: 'custom networking (AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG): the primary ENI holds no pod address',
  },
  { name: 'cni-max-eni', type: 'string', value: 'N', help: 'use at most N ENIs (MAX_ENI)' },
  {
    name: 'show-max-allowed',
    type: 'boolean',
    help: 'no recommended ceiling (110 up to 30 vCPUs, 250 above)',
  },
]

/** What changes max pods beyond the calculator's flags: the bootstrap that sets kubelet maxPods, and more. */
const BOOTSTRAP_FLAGS: FlagSpec[] = [
  {
    name: 'bootstrap',
    type: 'string',
    value: 'NAME',
    choices: MAX_POD_PROFILES,
    default: 'calculator',
    help: "whose max-pods rule to follow: the EKS calculator, AL2's eni-max-pods.txt, AL2023's nodeadm or Karpenter",
  },
  {
    name: 'security-groups-for-pods',
    type: 'boolean',
    help: 'security groups for pods (ENABLE_POD_ENI): trunk and branch ENI capacity',
  },
  {
    name: 'ip-family',
    type: 'string',
    value: 'FAMILY',
    choices: IP_FAMILIES,
    default: 'ipv4',
    help: "the cluster's IP family",
  },
  {
    name: 'reserved-enis',
    type: 'string',
    value: 'N',
    default: '0',
    help: "Karpenter's reservedENIs: ENIs kept from pods (--bootstrap karpenter)",
  },
  {
    name: 'pods-per-core',
    type: 'string',
    value: 'N',
    help: "Karpenter's podsPerCore; 0 sets no per-core cap (--bootstrap karpenter)",
  },
  {
    name: 'ami-family',
    type: 'string',
    value: 'FAMILY',
    choices: KARPENTER_AMI_FAMILIES,
    default: DEFAULT_KARPENTER_AMI_FAMILY,
    help: "Karpenter's EC2NodeClass amiFamily (--bootstrap karpenter)",
  },
  {
    name: 'profile',
    type: 'string',
    value: 'NAME',
    deprecated: true,
    help: 'old spelling of --bootstrap, still read with a note; AWS tools use --profile for credentials',
  },
]

export const SETTINGS_GROUPS: FlagGroup[] = [
  { title: "The EKS max-pods calculator's flags", flags: CALCULATOR_FLAGS },
  { title: 'Bootstrap and CNI features', flags: BOOTSTRAP_FLAGS },
]

/** The VPC CNI's warm-pool variables (on the aws-node DaemonSet), with the defaults ipamd applies. */
export const WARM_POOL_GROUP: FlagGroup = {
  title: "Warm pool (the VPC CNI's aws-node environment)",
  flags: [
    {
      name: 'warm-eni-target',
      type: 'string',
      value: 'N',
      default: String(DEFAULT_WARM_ENI_TARGET),
      help: 'WARM_ENI_TARGET: whole ENIs kept free beyond what the pods use',
    },
    {
      name: 'warm-ip-target',
      type: 'string',
      value: 'N',
      default: 'unset',
      help: 'WARM_IP_TARGET: free addresses (with prefix delegation, covered by whole /28s) kept ready; above 0, it and MINIMUM_IP_TARGET replace WARM_ENI_TARGET and WARM_PREFIX_TARGET',
    },
    {
      name: 'minimum-ip-target',
      type: 'string',
      value: 'N',
      default: 'unset',
      help: 'MINIMUM_IP_TARGET: addresses held whatever the pods; alone, it freezes the pool there',
    },
    {
      name: 'warm-prefix-target',
      type: 'string',
      value: 'N',
      default: `${DEFAULT_WARM_PREFIX_TARGET}, as the shipped manifest sets it`,
      help: 'WARM_PREFIX_TARGET: free /28 prefixes kept ready (prefix delegation)',
    },
    {
      name: 'kubelet-max-pods',
      type: 'string',
      value: 'N',
      default: "the bootstrap's max pods for the type",
      help: 'kubelet maxPods on the node: where ipamd stops asking for addresses',
    },
    {
      name: 'branch-pods',
      type: 'string',
      value: 'N',
      default: '0',
      help: 'pods with security groups (one branch ENI address each); needs --security-groups-for-pods',
    },
  ],
}

/** How a command that calls AWS finds its account, as every AWS tool does. */
export const AWS_GROUP: FlagGroup = {
  title: 'AWS access (the SDK default chain: AWS_PROFILE, AWS_REGION, ~/.aws/config, SSO, IMDS)',
  flags: [
    {
      name: 'profile',
      type: 'string',
      value: 'NAME',
      default: 'AWS_PROFILE, else the default chain',
      help: 'the AWS credentials profile in ~/.aws/config',
    },
    {
      name: 'region',
      type: 'string',
      value: 'REGION',
      default: "AWS_REGION, else the profile's region",
      help: 'the AWS region',
    },
  ],
}

/** The AWS CLI exports `subnets analyze` and `plan` read instead of calling EC2. */
export const EXPORT_FLAGS: FlagSpec[] = [
  {
    name: 'subnets',
    type: 'string',
    value: 'FILE',
    help: 'aws ec2 describe-subnets output (JSON); - reads standard input',
  },
  {
    name: 'enis',
    type: 'string',
    value: 'FILE',
    help: 'aws ec2 describe-network-interfaces --include-managed-resources output (JSON); - reads standard input',
  },
  {
    name: 'reservations',
    type: 'string',
    multiple: true,
    value: 'FILE',
    help: 'aws ec2 get-subnet-cidr-reservations output, one subnet per file (repeat the flag)',
  },
]

/** Configuration instead of the answer: the snippet on stdout, where its numbers came from on stderr. */
export const EMIT_FLAG: FlagSpec = {
  name: 'emit',
  type: 'string',
  value: 'FORMAT',
  choices: EMIT_FORMATS,
  help: 'print the configuration that makes this answer true instead: an AL2023 NodeConfig (nodeadm), a Karpenter EC2NodeClass, an eksctl ClusterConfig, Terraform, the vpc-cni add-on configurationValues, or AL2 launch template user data',
}

/** A sized layout's code instead of the answer: the subnets and their prefix reservations. */
export const LAYOUT_EMIT_FLAG: FlagSpec = {
  name: 'emit',
  type: 'string',
  value: 'FORMAT',
  choices: LAYOUT_FORMATS,
  help: 'print the layout as infrastructure code instead: Terraform (aws_subnet, aws_ec2_subnet_cidr_reservation), a CloudFormation template, or eksctl vpc.subnets',
}

/** kubectl's own flags for the kube context whose EKS cluster a command reads. */
export const kubeContextFlags = (what: string): FlagSpec[] => [
  {
    name: 'context',
    type: 'string',
    value: 'NAME',
    default: 'the current context',
    help: `the kube context whose EKS cluster to ${what}`,
  },
  {
    name: 'kubeconfig',
    type: 'string',
    value: 'FILE',
    default: 'KUBECONFIG, else ~/.kube/config',
    help: 'the kubeconfig file to read',
  },
]
