import { type KarpenterPool, readKarpenterExports } from '../domain/cluster/karpenter-exports.ts'
import { maxPodsFromUserData } from '../domain/cluster/user-data-max-pods.ts'
import type { ClusterFacts, ManagedNodeGroupFacts } from '../ports/cluster-source.ts'
import type { InstanceTypeRecord } from '../schemas/instance-type.ts'
import type { InputSource, NodeGroupPlan } from '../schemas/plan.ts'
import type { SubnetFacts } from '../schemas/subnets.ts'
import type { ClusterCni } from './cluster-cni.ts'
import { ipUsage } from './ip-usage.ts'

// A cluster as it is, turned into the node groups of a plan: each managed node group at its scaling
// config, each Karpenter NodePool at the worst case its limits allow, with the CNI settings the cluster
// really runs, and a line for every input saying where it came from.

type Pods = NodeGroupPlan['pods']
type GroupSettings = NonNullable<NodeGroupPlan['settings']>

export interface ClusterNodeGroups {
  nodeGroups: NodeGroupPlan[]
  sources: InputSource[]
  warnings: string[]
}

const TYPES_FROM: Record<ManagedNodeGroupFacts['instanceTypesFrom'], string> = {
  'node-group': 'named by the node group',
  'launch-template': 'named by its launch template',
  unknown: 'named nowhere',
}

export function managedNodeGroups(
  facts: ClusterFacts,
  cni: ClusterCni,
  catalog: ReadonlyMap<string, InstanceTypeRecord>,
  ipv4Subnets: ReadonlySet<string>,
  pods: Pods,
): ClusterNodeGroups {
  const out: ClusterNodeGroups = { nodeGroups: [], sources: [], warnings: [] }
  // By name: EKS lists node groups in no promised order, and a plan should read the same every time.
  const byName = [...facts.nodeGroups].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const group of byName) {
    const input = `node group ${group.name}`
    if (group.instanceTypes.length === 0) {
      out.warnings.push(
        `${group.name}: neither the node group nor its launch template names an instance type: left out of the plan`,
      )
      continue
    }
    const records = group.instanceTypes.map((name) => catalog.get(name))
    const unknown = group.instanceTypes.filter((_, index) => records[index] === undefined)
    if (unknown.length > 0) {
      out.warnings.push(`${group.name}: ${unknown.join(', ')} not in the catalog: left out of the plan`)
      continue
    }
    const subnetIds = plannedSubnets(group.name, group.subnetIds, ipv4Subnets, out.warnings)
    if (subnetIds.length === 0) continue
    const maxPods = managedMaxPods(group)
    if (maxPods.warning) out.warnings.push(`${group.name}: ${maxPods.warning}`)
    out.nodeGroups.push({
      name: group.name,
      instanceTypes: group.instanceTypes,
      desiredNodes: group.scaling.desiredSize,
      maxNodes: group.scaling.maxSize,
      pods,
      settings: { ...cni.settings, cniVersion: cni.cniVersion, ...maxPods.settings },
      subnetIds,
    })
    out.sources.push(
      {
        input,
        source: `EKS DescribeNodegroup: ${group.instanceTypes.join(', ')} (${TYPES_FROM[group.instanceTypesFrom]}), min ${group.scaling.minSize} desired ${group.scaling.desiredSize} max ${group.scaling.maxSize}, ${group.subnetIds.length} subnet${group.subnetIds.length === 1 ? '' : 's'}, AMI type ${group.amiType ?? 'not given'}`,
      },
      { input: `${input} max pods`, source: maxPods.source },
    )
  }
  return out
}

/**
 * Whose rule sets kubelet maxPods on a managed node. Without a custom AMI, EKS bootstraps the node itself
 * and its own maxPods (the max-pods calculator's, with the cluster's CNI version and prefix delegation: 110
 * below 30 vCPUs, else 250 at most) takes precedence over any value in the launch template's user data. With a
 * custom AMI (an AMI ID in the launch template: amiType CUSTOM) the user data alone decides.
 */
function managedMaxPods(group: ManagedNodeGroupFacts): {
  settings: Partial<GroupSettings>
  source: string
  warning?: string
} {
  const template = group.launchTemplate
  const found = template?.userData ? maxPodsFromUserData(template.userData) : null
  const templateName = template
    ? `launch template ${template.name ?? template.id} version ${template.version ?? '$Default'}`
    : 'launch template'
  if (group.amiType === 'CUSTOM') {
    if (found)
      return {
        settings: { kubeletMaxPods: found.maxPods },
        source: `${templateName} user data: ${found.where}`,
      }
    const bootstrap = /bootstrap\.sh/.test(template?.userData ?? '') ? 'eni-max-pods' : 'nodeadm'
    return {
      settings: { profile: bootstrap },
      source: `custom AMI with no max pods in the ${templateName} user data: the ${bootstrap === 'eni-max-pods' ? 'AL2 bootstrap.sh table (eni-max-pods)' : 'nodeadm default (ENI-based)'} rule`,
    }
  }
  const source =
    'EKS managed node group without a custom AMI: EKS sets maxPods by the max-pods calculator (with the cluster’s CNI version and prefix delegation), at most 110 below 30 vCPUs, else 250'
  if (!found) return { settings: { profile: 'calculator' }, source }
  return {
    settings: { profile: 'calculator' },
    source: `${source}; the ${templateName} user data's ${found.maxPods} does not hold`,
    warning: `the ${templateName} user data sets maxPods ${found.maxPods} (${found.where}), but without a custom AMI EKS's own maxPods takes precedence; put an AMI ID in the launch template for the user data to decide`,
  }
}

/** A group's subnets that the plan can weigh: the IPv4 subnets of the cluster's VPC. */
function plannedSubnets(
  name: string,
  subnetIds: readonly string[],
  known: ReadonlySet<string>,
  warnings: string[],
): string[] {
  const missing = subnetIds.filter((id) => !known.has(id))
  if (missing.length > 0)
    warnings.push(
      `${name}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not an IPv4 subnet of the cluster's VPC: not planned`,
    )
  if (missing.length === subnetIds.length)
    warnings.push(`${name}: no planned subnet left: the node group is left out of the plan`)
  return subnetIds.filter((id) => known.has(id))
}

/**
 * Karpenter NodePools from `kubectl get nodepools,ec2nodeclasses -o yaml`. A pool may launch any of its
 * types; the plan sizes it at the worst case its limits allow: the type whose nodes, as many as the limits
 * let in, take the most addresses.
 */
export function karpenterNodeGroups(
  exports: unknown,
  cni: ClusterCni,
  catalog: ReadonlyMap<string, InstanceTypeRecord>,
  subnets: readonly SubnetFacts[],
  pods: Pods,
  /** The cluster's running instances per node group (`karpenter/<NodePool>`): today's size. */
  running: ReadonlyMap<string, number>,
): ClusterNodeGroups {
  const out: ClusterNodeGroups = { nodeGroups: [], sources: [], warnings: [] }
  const { pools, notes } = readKarpenterExports(exports, [...catalog.values()], subnets)
  out.warnings.push(...notes.map((note) => `Karpenter: ${note}`))
  for (const pool of pools) {
    const name = `karpenter/${pool.name}`
    out.warnings.push(...pool.notes.map((note) => `${name}: ${note}`))
    if (pool.instanceTypes.length === 0) {
      out.warnings.push(`${name}: no catalog instance type meets its requirements: left out of the plan`)
      continue
    }
    const subnetIds = plannedSubnets(name, pool.subnetIds, ipv4SubnetsOf(subnets), out.warnings)
    if (subnetIds.length === 0) continue
    const settings: GroupSettings = {
      ...cni.settings,
      cniVersion: cni.cniVersion,
      profile: 'karpenter',
      ...pool.settings,
    }
    const worst = worstCase(pool, settings, catalog, pods)
    const today = running.get(name) ?? 0
    const unlimited = worst.nodes === null
    // Limits bound what Karpenter may add; nodes it already runs are there whatever the limits now say.
    const maxNodes = Math.max(worst.nodes ?? today, today)
    out.nodeGroups.push({
      name,
      instanceTypes: [worst.instanceType],
      desiredNodes: today,
      maxNodes,
      pods,
      settings,
      subnetIds,
    })
    out.sources.push(...pool.sources.map((source) => ({ input: name, source })), {
      input: `${name} nodes`,
      source: `today ${today} (its running instances, by the karpenter.sh/nodepool tag); at most ${unlimited ? `${maxNodes}, as no limits bound it (only the subnets do${today > 0 ? ': see how many more nodes fit' : ''})` : `${maxNodes}`}, each planned as ${worst.instanceType}: of its ${pool.instanceTypes.length} types, the one whose nodes take the most addresses within the limits (${limitWords(pool)})`,
    })
  }
  return out
}

export function ipv4SubnetsOf(subnets: readonly SubnetFacts[]): Set<string> {
  return new Set(subnets.filter((subnet) => subnet.cidr !== null).map((subnet) => subnet.subnetId))
}

function worstCase(
  pool: KarpenterPool,
  settings: GroupSettings,
  catalog: ReadonlyMap<string, InstanceTypeRecord>,
  pods: Pods,
): { instanceType: string; nodes: number | null } {
  let worst: { instanceType: string; nodes: number | null; addresses: number } = {
    instanceType: pool.instanceTypes[0] as string,
    nodes: null,
    addresses: -1,
  }
  for (const name of pool.instanceTypes) {
    const record = catalog.get(name) as InstanceTypeRecord
    const nodes = nodesWithinLimits(pool, record)
    const held = ipUsage(record, { ...settings, pods }).ipv4Held
    // With no limit at all, the hungriest node stands for the pool.
    const addresses = nodes === null ? held : nodes * held
    if (addresses > worst.addresses) worst = { instanceType: name, nodes, addresses }
  }
  return { instanceType: worst.instanceType, nodes: worst.nodes }
}

function nodesWithinLimits(pool: KarpenterPool, record: InstanceTypeRecord): number | null {
  const bounds: number[] = []
  if (pool.limits.nodes !== null) bounds.push(pool.limits.nodes)
  if (pool.limits.cpu !== null && record.vcpus) bounds.push(Math.floor(pool.limits.cpu / record.vcpus))
  if (pool.limits.memoryMiB !== null && record.memoryMiB)
    bounds.push(Math.floor(pool.limits.memoryMiB / record.memoryMiB))
  return bounds.length === 0 ? null : Math.min(...bounds)
}

function limitWords(pool: KarpenterPool): string {
  const { cpu, memoryMiB, nodes } = pool.limits
  const words = [
    cpu === null ? null : `cpu ${cpu}`,
    memoryMiB === null ? null : `memory ${memoryMiB} MiB`,
    nodes === null ? null : `nodes ${nodes}`,
  ].filter((word) => word !== null)
  return words.length === 0 ? 'none' : words.join(', ')
}
