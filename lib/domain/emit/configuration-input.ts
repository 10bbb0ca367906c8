import type { EmitFormat, LayoutFormat } from '../../schemas/emit-formats.ts'

// What an answer hands to the configuration emitters: the figures to write, and where each came from,
// so that every snippet can say why its number is what it is.

/** One node group (or one instance type, for max-pods and ip-usage) and the kubelet max pods it needs. */
export interface NodeGroupConfiguration {
  /** A node group's name, or the instance type when the answer is about one type. */
  name: string
  instanceTypes: string[]
  maxPods: number
  /** One line: where maxPods came from (the bootstrap's rule, the settings, the bounding type). */
  maxPodsSource: string
  /** Scaling, when the answer knows it (plans): eksctl and Terraform write it. */
  scaling?: { minSize: number; desiredSize: number; maxSize: number }
  /** The group's subnets, when the answer knows them (plans); no format writes them yet. */
  subnetIds?: string[]
}

/** The aws-node environment an answer needs, as the VPC CNI spells it (values are strings). */
export interface CniEnvironment {
  /** ENABLE_PREFIX_DELEGATION, WARM_ENI_TARGET, WARM_IP_TARGET, MINIMUM_IP_TARGET, WARM_PREFIX_TARGET, … */
  env: Record<string, string>
  /** Lines saying why each variable has its value (the plan's recommendation, the request's settings). */
  sources: string[]
}

export interface ConfigurationInput {
  /** Where known (cluster plans); emitters write a placeholder otherwise and say so. */
  clusterName: string | null
  region: string | null
  nodeGroups: NodeGroupConfiguration[]
  cni: CniEnvironment
}

/** One file of an emitted configuration. */
export interface EmittedFile {
  /** A suggested file name: nodeconfig.yaml, ec2nodeclass.yaml, cluster.yaml, main.tf, vpc-cni.json, … */
  name: string
  /** The node group the file is for, when there is one file per group (launch-template, nodeadm). */
  nodeGroup: string | null
  content: string
}

export interface EmittedConfiguration {
  format: EmitFormat | LayoutFormat
  /** application/yaml, application/json, text/x-shellscript, multipart/mixed, text/plain (Terraform). */
  mediaType: string
  files: EmittedFile[]
  /** Where the numbers came from, also written as comments inside every format that has comments. */
  sources: string[]
  /** What the snippet leaves to the user: placeholders to fill in, settings it cannot express. */
  notes: string[]
}
