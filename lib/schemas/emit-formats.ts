// The configuration formats an answer can be emitted as, as plain values: the CLI's help and completion
// read them without loading zod.

/**
 * - nodeadm: an AL2023 NodeConfig (kubelet.config.maxPods), in the MIME multi-part user data EKS merges
 * - karpenter: a Karpenter v1 EC2NodeClass with kubelet.maxPods
 * - eksctl: an eksctl ClusterConfig with managedNodeGroups[].maxPodsPerNode (and the vpc-cni add-on)
 * - terraform: an aws_launch_template carrying that NodeConfig for an EKS managed node group (and aws_eks_addon)
 * - vpc-cni-addon: the vpc-cni add-on's configurationValues JSON
 * - launch-template: AL2 user data calling bootstrap.sh with --use-max-pods false
 */
export const EMIT_FORMATS = [
  'nodeadm',
  'karpenter',
  'eksctl',
  'terraform',
  'vpc-cni-addon',
  'launch-template',
] as const
export type EmitFormat = (typeof EMIT_FORMATS)[number]

/** A sized network layout's formats: subnets and their prefix reservations, as infrastructure code. */
export const LAYOUT_FORMATS = ['terraform', 'cloudformation', 'eksctl'] as const
export type LayoutFormat = (typeof LAYOUT_FORMATS)[number]
