import { DescribeSubnetsCommand, type EC2Client } from '@aws-sdk/client-ec2'
import {
  type Cluster,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  type EKSClient,
  type Nodegroup,
  paginateListNodegroups,
} from '@aws-sdk/client-eks'
import { UnknownClusterError } from '../../errors.ts'
import type {
  ClusterFacts,
  ClusterSource,
  LaunchTemplateFacts,
  ManagedNodeGroupFacts,
} from '../../ports/cluster-source.ts'
import { Ec2Subnet } from '../../schemas/ec2-subnet-exports.ts'
import { mapWithConcurrency } from './bounded-concurrency.ts'
import { describeClusterInstances } from './cluster-instances.ts'
import { LaunchTemplateVersions } from './launch-template-versions.ts'
import { describeVpcCniAddon } from './vpc-cni-addon.ts'

/** ListNodegroups' largest page: fewer calls against EKS's throttle. */
export const NODEGROUPS_PAGE_SIZE = 100
/** DescribeNodegroup calls in flight at once: quick for a large cluster, gentle on the account's throttle. */
export const NODEGROUP_CONCURRENCY = 5

export interface EksClusterClients {
  eks: (region: string) => EKSClient
  ec2: (region: string) => EC2Client
}

/**
 * Reads a cluster from the EKS API, with EC2 for what EKS only points at (launch templates, subnets) or
 * does not list (the instances of its node groups).
 */
export class EksClusterSource implements ClusterSource {
  constructor(private readonly clients: EksClusterClients) {}

  async describe(name: string, region: string): Promise<ClusterFacts> {
    const eks = this.clients.eks(region)
    const cluster = await describeCluster(eks, name, region)
    const subnetIds = cluster.resourcesVpcConfig?.subnetIds ?? []
    const [nodeGroups, vpcId, vpcCni, nodes] = await Promise.all([
      this.nodeGroups(eks, name, region),
      this.vpcId(cluster, subnetIds, region),
      describeVpcCniAddon(eks, name),
      describeClusterInstances(this.clients.ec2(region), name),
    ])
    return {
      name,
      region,
      arn: cluster.arn ?? null,
      kubernetesVersion: cluster.version ?? null,
      vpcId,
      subnetIds,
      // EKS reports ipFamily only since IPv6 clusters exist; a cluster without it is IPv4.
      ipFamily: cluster.kubernetesNetworkConfig?.ipFamily === 'ipv6' ? 'ipv6' : 'ipv4',
      nodeGroups,
      vpcCni,
      nodes,
    }
  }

  private async nodeGroups(eks: EKSClient, clusterName: string, region: string) {
    const names: string[] = []
    const pages = paginateListNodegroups({ client: eks, pageSize: NODEGROUPS_PAGE_SIZE }, { clusterName })
    for await (const page of pages) names.push(...(page.nodegroups ?? []))
    const templates = new LaunchTemplateVersions(this.clients.ec2(region))
    return mapWithConcurrency(names, NODEGROUP_CONCURRENCY, async (nodegroupName) => {
      const { nodegroup } = await eks.send(new DescribeNodegroupCommand({ clusterName, nodegroupName }))
      const template = nodegroup?.launchTemplate ? await templates.facts(nodegroup.launchTemplate) : null
      return toNodeGroupFacts(nodegroupName, nodegroup ?? {}, template)
    })
  }

  /** EKS names the VPC; where an answer leaves it out (moto does), the cluster's first subnet knows it. */
  private async vpcId(cluster: Cluster, subnetIds: string[], region: string): Promise<string> {
    const named = cluster.resourcesVpcConfig?.vpcId
    if (named) return named
    const first = subnetIds[0]
    if (!first) throw new Error(`EKS reported neither a VPC nor subnets for cluster '${cluster.name}'`)
    // Every subnet of a cluster is in its one VPC: one subnet is enough.
    const { Subnets } = await this.clients
      .ec2(region)
      .send(new DescribeSubnetsCommand({ SubnetIds: [first] }))
    const subnet = Subnets?.[0]
    if (!subnet) throw new Error(`EC2 did not describe subnet '${first}' of cluster '${cluster.name}'`)
    return Ec2Subnet.parse(subnet).VpcId
  }
}

async function describeCluster(eks: EKSClient, name: string, region: string): Promise<Cluster> {
  try {
    const { cluster } = await eks.send(new DescribeClusterCommand({ name }))
    if (!cluster) throw new UnknownClusterError(name, region)
    return cluster
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException')
      throw new UnknownClusterError(name, region)
    throw error
  }
}

function toNodeGroupFacts(
  name: string,
  nodegroup: Nodegroup,
  launchTemplate: LaunchTemplateFacts | null,
): ManagedNodeGroupFacts {
  const scaling = nodegroup.scalingConfig
  return {
    name,
    ...instanceTypes(nodegroup, launchTemplate),
    // EKS always reports all three; 0 would only stand for a malformed answer and plans nothing.
    scaling: {
      minSize: scaling?.minSize ?? 0,
      desiredSize: scaling?.desiredSize ?? 0,
      maxSize: scaling?.maxSize ?? 0,
    },
    subnetIds: nodegroup.subnets ?? [],
    amiType: nodegroup.amiType ?? null,
    capacityType: nodegroup.capacityType ?? null,
    launchTemplate,
  }
}

/**
 * EKS refuses a node group that names instance types both in itself and in its launch template, so a type
 * in the template is the one: a list on the node group beside it can only be a filler (moto reports its
 * default t3.medium there).
 */
function instanceTypes(
  nodegroup: Nodegroup,
  launchTemplate: LaunchTemplateFacts | null,
): Pick<ManagedNodeGroupFacts, 'instanceTypes' | 'instanceTypesFrom'> {
  if (launchTemplate?.instanceType)
    return { instanceTypes: [launchTemplate.instanceType], instanceTypesFrom: 'launch-template' }
  const own = nodegroup.instanceTypes ?? []
  return own.length > 0
    ? { instanceTypes: own, instanceTypesFrom: 'node-group' }
    : { instanceTypes: [], instanceTypesFrom: 'unknown' }
}
