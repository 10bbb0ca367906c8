// What the planner needs to know about an EKS cluster, whoever read it: the EKS API in AWS, a demo cluster
// locally. SDK shapes are turned into these at the edge (lib/adapters/eks).

/** A launch template version as far as capacity is concerned. */
export interface LaunchTemplateFacts {
  id: string | null
  name: string | null
  /** The version the node group uses, as EKS reports it (a number, `$Latest` or `$Default`). */
  version: string | null
  /** The version's InstanceType, when the template (not the node group) names it. */
  instanceType: string | null
  /** The version's user data, base64-decoded; null when it has none or it could not be read. */
  userData: string | null
}

/** One EKS managed node group, from DescribeNodegroup. */
export interface ManagedNodeGroupFacts {
  name: string
  /** The node group's instance types, or its launch template's one type; empty when neither names one. */
  instanceTypes: string[]
  instanceTypesFrom: 'node-group' | 'launch-template' | 'unknown'
  scaling: { minSize: number; desiredSize: number; maxSize: number }
  subnetIds: string[]
  /** AL2_x86_64, AL2023_x86_64_STANDARD, BOTTLEROCKET_x86_64, WINDOWS_…, CUSTOM; null when EKS omits it. */
  amiType: string | null
  capacityType: string | null
  launchTemplate: LaunchTemplateFacts | null
}

/** The vpc-cni EKS add-on: its version and the configurationValues it was given, or why there is none. */
export type VpcCniAddonFacts =
  | {
      found: true
      /** As EKS spells it: v1.19.2-eksbuild.1. */
      addonVersion: string
      /** The add-on's configurationValues (JSON or YAML text); null when none were given. */
      configurationValues: string | null
    }
  | {
      found: false
      /** Why: not installed as an add-on (self-managed aws-node), or the endpoint has no DescribeAddon. */
      reason: string
    }

/**
 * A pending or running instance of the cluster and the node group it belongs to: its addresses are the
 * group's own, already in the subnets, and a plan must not count them twice.
 */
export interface ClusterNodeFacts {
  instanceId: string
  instanceType: string | null
  /** The managed node group (tag eks:nodegroup-name), `karpenter/<NodePool>` (tag karpenter.sh/nodepool), or null. */
  nodeGroup: string | null
}

export interface ClusterFacts {
  name: string
  region: string
  arn: string | null
  kubernetesVersion: string | null
  /** From DescribeCluster, or from the cluster's subnets where the answer leaves it out. */
  vpcId: string
  /** The cluster's own (control plane) subnets. */
  subnetIds: string[]
  /** kubernetesNetworkConfig.ipFamily: ipv4 or ipv6. */
  ipFamily: 'ipv4' | 'ipv6'
  /** Every managed node group, every page of ListNodegroups. */
  nodeGroups: ManagedNodeGroupFacts[]
  vpcCni: VpcCniAddonFacts
  /** The cluster's instances (EC2 DescribeInstances by the cluster's tags), every page. */
  nodes: ClusterNodeFacts[]
}

/** Reads one cluster. Throws UnknownClusterError when the region has no cluster of that name. */
export interface ClusterSource {
  describe(name: string, region: string): Promise<ClusterFacts>
}
