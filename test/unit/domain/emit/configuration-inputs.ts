import type {
  ConfigurationInput,
  NodeGroupConfiguration,
} from '../../../../lib/domain/emit/configuration-input.ts'

// Inputs the emitter tests share: each one is here for a reason its name says.

const general: NodeGroupConfiguration = {
  name: 'general',
  instanceTypes: ['m5.large'],
  maxPods: 29,
  maxPodsSource: 'EKS max-pods calculator, secondary IPs: 3·(10−1)+2',
  scaling: { minSize: 1, desiredSize: 2, maxSize: 6 },
  subnetIds: ['subnet-0a', 'subnet-0b'],
}

const karpenterDefault: NodeGroupConfiguration = {
  name: 'karpenter/default',
  instanceTypes: ['c5.4xlarge', 'm5.4xlarge'],
  maxPods: 234,
  maxPodsSource: 'nodeadm rule, smallest of its types: 8·(30−1)+2 (c5.4xlarge)',
}

const dottedGroup: NodeGroupConfiguration = {
  name: 'gpu.v2',
  instanceTypes: ['p5.48xlarge'],
  maxPods: 100,
  maxPodsSource: 'default network card only: 2·(50−1)+2',
  scaling: { minSize: 0, desiredSize: 0, maxSize: 2 },
}

/** Quotes, a dollar sign and template introducers: every format must keep them literal or derive a safe name. */
const hostileGroup: NodeGroupConfiguration = {
  name: `team's "batch" $(id)`,
  instanceTypes: [],
  maxPods: 17,
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template sequence that must stay literal
  maxPodsSource: 'hand-written ${var.evil} %{ if true }x%{ endif }\nrm -rf / # a line break in a source',
}

const prefixDelegation = {
  env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1', MINIMUM_IP_TARGET: '0' },
  sources: ['plan recommendation: prefix delegation, so the /24 subnets hold 110 pods per node'],
}

export const oneGroupKnownCluster: ConfigurationInput = {
  clusterName: 'demo',
  region: 'eu-west-1',
  nodeGroups: [general],
  cni: { env: {}, sources: [] },
}

export const severalGroupsNoCluster: ConfigurationInput = {
  clusterName: null,
  region: null,
  nodeGroups: [general, karpenterDefault, dottedGroup],
  cni: prefixDelegation,
}

export const sameMaxPodsTwice: ConfigurationInput = {
  clusterName: 'demo',
  region: 'us-east-1',
  nodeGroups: [
    general,
    { ...general, name: 'general-spot', scaling: { minSize: 0, desiredSize: 1, maxSize: 10 } },
  ],
  cni: prefixDelegation,
}

/** Two names that derive to the same identifier, and one that is hostile to every syntax. */
export const collidingAndHostileNames: ConfigurationInput = {
  clusterName: `o'brien`,
  region: 'eu-west-1',
  nodeGroups: [
    karpenterDefault,
    { ...karpenterDefault, name: 'karpenter-default', maxPods: 110 },
    hostileGroup,
  ],
  cni: { env: { WARM_IP_TARGET: '5' }, sources: ['request settings: WARM_IP_TARGET=5\nsecond line'] },
}

/** Every input above, named for it.each tables. */
export const EMIT_INPUTS: [string, ConfigurationInput][] = [
  ['one node group, known cluster, empty env', oneGroupKnownCluster],
  ['several node groups (a slash, a dot), no cluster name, prefix delegation', severalGroupsNoCluster],
  ['two node groups needing the same maxPods', sameMaxPodsTwice],
  ['names that collide once made safe, and a hostile name and source', collidingAndHostileNames],
]

/** A source as it may appear inside a one-line comment: line breaks folded to spaces. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim()
}
