import { UnknownClusterError } from '../../errors.ts'
import type { ClusterFacts, ClusterNodeFacts, ClusterSource } from '../../ports/cluster-source.ts'
import { DEMO_CLUSTER, DEMO_VPC_ID } from './demo-vpc.ts'

export const DEMO_CLUSTER_REGION = 'us-east-1'

/** What the batch node group's user data asks kubelet for (c5.4xlarge's secondary-IP limit); with no custom AMI EKS's own maxPods takes precedence, and the plan says so. */
export const DEMO_BATCH_MAX_PODS = 234

/**
 * What AL2023 node groups carry in a launch template: a MIME part nodeadm reads as a NodeConfig. EKS adds
 * the cluster's own part beside it, so only the kubelet setting is here.
 */
export const DEMO_BATCH_USER_DATA = [
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="//"',
  '',
  '--//',
  'Content-Type: application/node.eks.aws',
  '',
  '---',
  'apiVersion: node.eks.aws/v1alpha1',
  'kind: NodeConfig',
  'spec:',
  '  kubelet:',
  '    config:',
  `      maxPods: ${DEMO_BATCH_MAX_PODS}`,
  '',
  '--//--',
  '',
].join('\n')

/**
 * The demo VPC's cluster as the EKS API would describe it, for `npm start` and offline use: prefix
 * delegation on, and two managed node groups whose max sizes tell different stories. `general` spreads over
 * the healthy and the fragmented subnet (the fragmented one has addresses but few free /28s); `batch` names
 * its type and max pods in a launch template, on the nearly exhausted subnet, where it cannot grow.
 */
export class DemoClusterSource implements ClusterSource {
  async describe(name: string, region: string): Promise<ClusterFacts> {
    if (name !== DEMO_CLUSTER || region !== DEMO_CLUSTER_REGION) throw new UnknownClusterError(name, region)
    // A fresh copy each time: a caller that edits its answer must not change the next one.
    return structuredClone(DEMO_CLUSTER_FACTS)
  }
}

/** `count` instances of the demo VPC named `prefix` + number, from `first` on. */
function instances(
  prefix: string,
  first: number,
  count: number,
  node: Omit<ClusterNodeFacts, 'instanceId'>,
  width = 0,
): ClusterNodeFacts[] {
  return Array.from({ length: count }, (_, index) => ({
    instanceId: `${prefix}${String(first + index).padStart(width, '0')}`,
    ...node,
  }))
}

/**
 * The instances whose ENIs the demo VPC holds. Each group's nodes are as many as its desired size; the
 * rest (self-managed nodes after churn, other busy hosts, an application server) belong to no group: a
 * plan must leave their addresses where they are.
 */
const DEMO_NODES: ClusterNodeFacts[] = [
  ...instances('i-healthy', 0, 12, { instanceType: 'm5.large', nodeGroup: 'general' }),
  ...instances('i-busy', 0, 6, { instanceType: 'c5.4xlarge', nodeGroup: 'batch' }),
  // The demo does not say what other workloads run on.
  ...instances('i-churn', 0, 24, { instanceType: null, nodeGroup: null }, 2),
  ...instances('i-busy', 6, 27, { instanceType: null, nodeGroup: null }),
  ...instances('i-pd', 0, 2, { instanceType: null, nodeGroup: null }),
  { instanceId: 'i-app', instanceType: null, nodeGroup: null },
]

const DEMO_CLUSTER_FACTS: ClusterFacts = {
  name: DEMO_CLUSTER,
  region: DEMO_CLUSTER_REGION,
  arn: `arn:aws:eks:${DEMO_CLUSTER_REGION}:123456789012:cluster/${DEMO_CLUSTER}`,
  kubernetesVersion: '1.33',
  vpcId: DEMO_VPC_ID,
  subnetIds: ['subnet-demo-healthy', 'subnet-demo-fragmented', 'subnet-demo-exhausted'],
  ipFamily: 'ipv4',
  nodeGroups: [
    {
      name: 'general',
      instanceTypes: ['m5.large', 'm5a.large'],
      instanceTypesFrom: 'node-group',
      scaling: { minSize: 3, desiredSize: 12, maxSize: 30 },
      subnetIds: ['subnet-demo-healthy', 'subnet-demo-fragmented'],
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: 'ON_DEMAND',
      launchTemplate: null,
    },
    {
      name: 'batch',
      instanceTypes: ['c5.4xlarge'],
      instanceTypesFrom: 'launch-template',
      scaling: { minSize: 2, desiredSize: 6, maxSize: 20 },
      subnetIds: ['subnet-demo-exhausted'],
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: 'SPOT',
      launchTemplate: {
        id: 'lt-0demo0batch0000',
        name: 'demo-batch',
        version: '3',
        instanceType: 'c5.4xlarge',
        userData: DEMO_BATCH_USER_DATA,
      },
    },
  ],
  vpcCni: {
    found: true,
    addonVersion: 'v1.19.2-eksbuild.1',
    configurationValues: JSON.stringify({
      env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' },
    }),
  },
  nodes: DEMO_NODES,
}
