import { type EC2Client, type Instance, paginateDescribeInstances, type Tag } from '@aws-sdk/client-ec2'
import type { ClusterNodeFacts } from '../../ports/cluster-source.ts'

/** DescribeInstances' largest page: fewer calls against EC2's per-account throttle. */
export const INSTANCES_PAGE_SIZE = 1000

/**
 * The states of a node that counts toward its group: Auto Scaling and Karpenter replace an instance that
 * stops. One stopping or stopped keeps its ENIs, so leaving it out is the careful side: its addresses stay
 * counted as taken by something else, not freed for the plan.
 */
export const NODE_STATES = ['pending', 'running']

/** EKS tags every instance of a managed node group with the group's name. */
export const NODE_GROUP_TAG = 'eks:nodegroup-name'
/** Karpenter tags every instance it launches with the NodePool that asked for it. */
export const KARPENTER_NODE_POOL_TAG = 'karpenter.sh/nodepool'

/**
 * The tag both managed node groups and Karpenter put on their instances (value `owned`): one filter finds
 * both. The key alone, not its value, so self-managed nodes tagged `shared` are found too.
 */
export function clusterTagKey(clusterName: string): string {
  return `kubernetes.io/cluster/${clusterName}`
}

/** The cluster's pending and running instances, every page, each with the node group it belongs to. */
export async function describeClusterInstances(
  ec2: EC2Client,
  clusterName: string,
): Promise<ClusterNodeFacts[]> {
  const nodes = new Map<string, ClusterNodeFacts>()
  const pages = paginateDescribeInstances(
    { client: ec2, pageSize: INSTANCES_PAGE_SIZE },
    {
      Filters: [
        { Name: 'tag-key', Values: [clusterTagKey(clusterName)] },
        { Name: 'instance-state-name', Values: NODE_STATES },
      ],
    },
  )
  for await (const page of pages)
    for (const reservation of page.Reservations ?? [])
      for (const instance of reservation.Instances ?? []) {
        const node = toNodeFacts(instance)
        // An instance that moves between pages while they are read is still one node.
        if (node) nodes.set(node.instanceId, node)
      }
  return [...nodes.values()]
}

function toNodeFacts(instance: Instance): ClusterNodeFacts | null {
  if (!instance.InstanceId) return null
  return {
    instanceId: instance.InstanceId,
    instanceType: instance.InstanceType ?? null,
    nodeGroup: nodeGroupOf(instance.Tags ?? []),
  }
}

/** The managed node group's name, else `karpenter/<NodePool>`, else null (a node of no group we know). */
export function nodeGroupOf(tags: readonly Tag[]): string | null {
  const value = (key: string) => tags.find((tag) => tag.Key === key)?.Value || null
  const managed = value(NODE_GROUP_TAG)
  if (managed) return managed
  const nodePool = value(KARPENTER_NODE_POOL_TAG)
  return nodePool ? `karpenter/${nodePool}` : null
}
