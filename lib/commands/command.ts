import type { SubnetSelector } from '../ports/subnet-inventory.ts'
import type { EmitFormat, LayoutFormat } from '../schemas/emit-formats.ts'
import type { IpUsageRequest } from '../schemas/ip-usage.ts'
import type { MaxPodsSettings } from '../schemas/max-pods.ts'
import { SHELL_CHOICES } from './command-specs.ts'
import { OUTPUT_CHOICES, SUBNET_OUTPUT_CHOICES } from './flags.ts'

// What the grammar gives the CLI and Slack: a checked command, ready to run.

export const OUTPUTS = OUTPUT_CHOICES
export type Output = (typeof OUTPUTS)[number]

export type Selection =
  | { kind: 'types'; instanceTypes: string[] }
  | { kind: 'all' }
  | { kind: 'node-group'; instanceTypes: string[] }

export const SUBNET_OUTPUTS = SUBNET_OUTPUT_CHOICES
export type SubnetOutput = (typeof SUBNET_OUTPUTS)[number]

/**
 * How a command that calls AWS finds its account, as every AWS tool does: the SDK's default chain
 * (AWS_PROFILE, AWS_REGION, ~/.aws/config, SSO, IMDS), narrowed by --profile and --region when given.
 */
export interface AwsAccess {
  profile: string | undefined
  region: string | undefined
}

/** kubectl's --context and --kubeconfig: which kube context names the cluster (undefined: kubectl's own default). */
export interface KubeContext {
  context: string | undefined
  kubeconfig: string | undefined
}

/** `plan --cluster`: an EKS cluster as it is, and the exports that say what EKS does not. */
export interface ClusterToPlan {
  /** undefined: the EKS cluster of the kube context. */
  name: string | undefined
  awsNode: string | undefined
  karpenter: string | undefined
  pods: number | 'max' | undefined
}

/** Where `size` carves its subnets from. */
export type SizeSpace =
  | { kind: 'cidrs'; vpcCidr: string; secondaryCidrs: string[] }
  | { kind: 'vpc'; vpcId: string }
  | { kind: 'demo' }
  | { kind: 'exports'; vpcs: string; subnets: string }

export const SHELLS = SHELL_CHOICES
export type Shell = (typeof SHELLS)[number]

export type Command =
  | {
      name: 'max-pods'
      selection: Selection
      settings: MaxPodsSettings
      output: Output
      explain: boolean
      emit: EmitFormat | undefined
    }
  | { name: 'instance-types'; family: string | undefined; output: Output }
  | { name: 'ip-usage'; request: IpUsageRequest; output: Output; emit: EmitFormat | undefined }
  | { name: 'report-run'; scopeFile: string | undefined; demo: boolean; aws: AwsAccess; output: Output }
  | {
      name: 'plan'
      /** A planned cluster; undefined: the cluster as it is (`cluster`). */
      file: string | undefined
      cluster: ClusterToPlan | undefined
      exports: { subnets: string; enis: string; reservations: string[] } | undefined
      demo: boolean
      aws: AwsAccess
      kube: KubeContext
      output: Output
      emit: EmitFormat | undefined
    }
  | {
      name: 'size'
      /** Node groups (and perhaps the address space) in a file; undefined: one group from the flags. */
      file: string | undefined
      /** The group the flags describe, as the API's body spells it. */
      nodeGroups: Record<string, unknown>[] | undefined
      /** undefined: the file's own. */
      space: SizeSpace | undefined
      headroomPercent: number | undefined
      clusterName: string | undefined
      aws: AwsAccess
      output: Output
      emit: LayoutFormat | undefined
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
      kube: KubeContext
      output: SubnetOutput
      /** --quiet: no progress lines on stderr. */
      quiet: boolean
    }
  | { name: 'completion'; shell: Shell }
  /** topic: the command whose help was asked for (`max-pods --help`); undefined for the overview. */
  | { name: 'help'; topic?: string }
  | { name: 'version' }
