import type { NodeHolding } from '../lib/schemas/ip-usage.ts'
import type { PlanResult } from '../lib/schemas/plan.ts'
import { table } from './table.ts'

/** Text (and table, the same) shows groups, subnets and recommendations; json and yaml (render-data.ts) the API's body. */
export function renderPlan(plan: PlanResult): string {
  const groups = table(
    [
      'NODE GROUP',
      'VERDICT',
      'TYPES',
      'NODES',
      'KUBELET MAX PODS',
      'PODS/NODE',
      'MODE',
      'IPV4/NODE',
      '/28S/NODE',
      'AT MAX PODS',
    ],
    plan.nodeGroups.map((group) => [
      group.name,
      group.verdict,
      group.instanceTypes.join(','),
      `${group.desiredNodes}-${group.maxNodes}`,
      `${group.kubeletMaxPods} (${group.boundingInstanceType})`,
      String(group.podsPerNode),
      group.mode,
      charged(group.perNode.steady, group.podSubnetIds.length > 0),
      String(group.perNode.steady.blocksNeeded),
      charged(group.perNode.peak, group.podSubnetIds.length > 0),
    ]),
  )
  const subnets = table(
    ['SUBNET', 'CIDR', 'VERDICT', 'BINDING', 'USE', 'ADDRESSES NEED/HAVE', '/28S NEED/HAVE', 'MORE NODES'],
    plan.subnets.map((subnet) => [
      subnet.subnetId,
      subnet.cidr,
      subnet.verdict,
      subnet.bindingLimit,
      subnet.utilization === null ? 'none free' : `${Math.round(subnet.utilization * 100)}%`,
      `${subnet.demand.addresses}/${subnet.supply.addresses}`,
      `${subnet.demand.blocks}/${subnet.supply.assignableBlocks}`,
      subnet.moreNodes.map(moreNodes).join(', '),
    ]),
  )
  return [
    ...clusterLines(plan),
    `plan: ${plan.verdict}${plan.cluster ? ' at max size' : ''}`,
    '',
    groups,
    ...plan.nodeGroups.flatMap((group) => group.reasons.map((reason) => `${group.name}: ${reason}`)),
    '',
    subnets,
    ...(plan.recommendations.length
      ? ['', 'recommendations:', ...plan.recommendations.map((item) => `- ${item.summary}`)]
      : []),
    ...(plan.warnings.length ? ['', ...plan.warnings.map((warning) => `warning: ${warning}`)] : []),
    ...(plan.cluster
      ? ['', 'inputs:', ...plan.cluster.sources.map((item) => `- ${item.input}: ${item.source}`)]
      : []),
  ].join('\n')
}

/** A cluster plan opens with the cluster, and with the verdict at today's size beside the one at max. */
function clusterLines(plan: PlanResult): string[] {
  const cluster = plan.cluster
  if (!cluster) return []
  const version = cluster.kubernetesVersion ? `, Kubernetes ${cluster.kubernetesVersion}` : ''
  const tight = cluster.today.subnets.filter((subnet) => subnet.verdict !== 'fits')
  return [
    `cluster ${cluster.name} (${cluster.region}, ${cluster.vpcId}${version})`,
    `today (desired size): ${cluster.today.verdict}${tight.length ? ` (${tight.map((subnet) => `${subnet.subnetId} ${subnet.verdict}`).join(', ')})` : ''}`,
  ]
}

/**
 * What the plan charges a node: with custom networking its primary ENI's address is in the node subnet too,
 * the same subnet as its pods' unless the group has pod subnets.
 */
function charged(held: NodeHolding, podSubnets: boolean): string {
  if (held.ipv4HeldNodeSubnet === 0) return String(held.ipv4Held)
  if (podSubnets) return `${held.ipv4Held} pod + ${held.ipv4HeldNodeSubnet} node`
  return String(held.ipv4Held + held.ipv4HeldNodeSubnet)
}

/** "+3" when every planned node fits; otherwise how many of them do, never "+0". */
function moreNodes(more: PlanResult['subnets'][number]['moreNodes'][number]): string {
  if (more.nodesThatFit < more.plannedNodes)
    return `${more.nodeGroup} ${more.nodesThatFit} of ${more.plannedNodes} fit`
  return `${more.nodeGroup} +${more.nodes >= Number.MAX_SAFE_INTEGER ? '∞' : more.nodes}`
}
