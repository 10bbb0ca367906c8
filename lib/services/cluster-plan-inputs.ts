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

/** EKS caps a managed node's maxPods in the user data it writes (no custom AMI): 110 below 30 vCPUs, else 250. */
const MANAGED_CAP_SMALL = 110
const MANAGED_CAP_LARGE = 250
const MANAGED_CAP_VCPUS = 30

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
    const maxPods = managedMaxPods(group, records as InstanceTypeRecord[])
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
 * Whose rule sets kubelet maxPods on a managed node: without a custom AMI, EKS writes the max-pods
 * calculator's figure into the user data and caps any other (110 below 30 vCPUs, else 250); with a custom
 * AMI, the launch template's user data alone decides.
 */
function managedMaxPods(
  group: ManagedNodeGroupFacts,
  records: InstanceTypeRecord[],
): { settings: Partial<GroupSettings>; source: string } {
  const template = group.launchTemplate
  const found = template?.userData ? maxPodsFromUserData(template.userData) : null
  const templateName = template
    ? `launch template ${template.name ?? template.id} version ${template.version ?? '$Default'}`
    : ''
  if (group.amiType === 'CUSTOM') {
    if (found)
      return {
        settings: { kubeletMaxPods: found.maxPods },
        source: `${templateName} user data: ${found.where}`,
      }
    const bootstrap = /bootstrap\.sh/.test(template?.userData ?? '') ? 'eni-max-pods' : 'nodeadm'
    return {
      settings: { profile: bootstrap },
      source: `custom AMI with no max pods in the ${templateName || 'launch template'} user data: the ${bootstrap === 'eni-max-pods' ? 'AL2 bootstrap.sh table (eni-max-pods)' : 'nodeadm default (ENI-based)'} rule`,
    }
  }
  if (found) {
    const cap = Math.min(...records.map((record) => managedCap(record)))
    const maxPods = Math.min(found.maxPods, cap)
    return {
      settings: { kubeletMaxPods: maxPods },
      source: `${templateName} user data: ${found.where}${maxPods < found.maxPods ? `, capped by EKS at ${cap} for a managed node group without a custom AMI` : ''}`,
    }
  }
  return {
    settings: { profile: 'calculator' },
    source:
      'EKS managed node group without a custom AMI: EKS sets maxPods by the max-pods calculator (with the cluster’s CNI version and prefix delegation), capped at 110 below 30 vCPUs, else 250',
  }
}

function managedCap(record: InstanceTypeRecord): number {
  return (record.vcpus ?? 0) < MANAGED_CAP_VCPUS ? MANAGED_CAP_SMALL : MANAGED_CAP_LARGE
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
    if (pool.limits.cpu === null && pool.limits.nodes === null && pool.limits.memoryMiB === null)
      out.warnings.push(
        `${name}: no limits: Karpenter may launch any number of nodes; planned at 0 nodes, see how many more fit per subnet`,
      )
    out.nodeGroups.push({
      name,
      instanceTypes: [worst.instanceType],
      desiredNodes: 0,
      maxNodes: worst.nodes,
      pods,
      settings,
      subnetIds,
    })
    out.sources.push(...pool.sources.map((source) => ({ input: name, source })), {
      input: `${name} max nodes`,
      source: `${worst.nodes} × ${worst.instanceType}: of its ${pool.instanceTypes.length} types, the one whose nodes take the most addresses within the limits (${limitWords(pool)}); today's count is not in the export, so today is planned at 0 nodes`,
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
): { instanceType: string; nodes: number } {
  let worst = { instanceType: pool.instanceTypes[0] as string, nodes: 0, addresses: -1 }
  for (const name of pool.instanceTypes) {
    const record = catalog.get(name) as InstanceTypeRecord
    const nodes = nodesWithinLimits(pool, record)
    const held = ipUsage(record, { ...settings, pods }).ipv4Held
    // With no limit at all, the hungriest node stands for the pool.
    const addresses = nodes === null ? held : nodes * held
    if (addresses > worst.addresses) worst = { instanceType: name, nodes: nodes ?? 0, addresses }
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
