import type { ConfigurationInput, NodeGroupConfiguration } from './configuration-input.ts'

// What every emitter says about where its numbers came from, and the placeholders it writes for what the
// answer does not know.

export const CLUSTER_NAME_PLACEHOLDER = '<cluster-name>'
export const REGION_PLACEHOLDER = '<region>'

/**
 * One line of text that is safe inside a `#` comment of YAML, HCL or bash: a line break in a source would
 * end the comment and turn the rest into configuration (or, in user data, into a command run as root).
 */
export function commentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim()
}

export function nodeGroupSource(group: NodeGroupConfiguration): string {
  // A group named after its one type (max-pods, ip-usage) says the type once.
  const named = group.instanceTypes.length === 1 && group.instanceTypes[0] === group.name
  const types = group.instanceTypes.length > 0 && !named ? ` (${group.instanceTypes.join(', ')})` : ''
  return commentText(`${group.name}${types}: maxPods ${group.maxPods}, ${group.maxPodsSource}`)
}

export function cniSources(input: ConfigurationInput): string[] {
  return input.cni.sources.map((source) => commentText(`VPC CNI: ${source}`))
}

/** The answer's sources, as EmittedConfiguration.sources and as the comment lines of formats that have them. */
export function configurationSources(input: ConfigurationInput): string[] {
  return [...input.nodeGroups.map(nodeGroupSource), ...cniSources(input)]
}

export function clusterNameOrPlaceholder(input: ConfigurationInput): string {
  return input.clusterName ?? CLUSTER_NAME_PLACEHOLDER
}

export function placeholderNotes(input: ConfigurationInput, needsRegion: boolean): string[] {
  const notes: string[] = []
  if (input.clusterName === null) {
    notes.push(
      `The cluster name is not known here: replace ${CLUSTER_NAME_PLACEHOLDER} with your cluster's name.`,
    )
  }
  if (needsRegion && input.region === null) {
    notes.push(`The region is not known here: replace ${REGION_PLACEHOLDER} with your cluster's region.`)
  }
  return notes
}

export function hasCniEnvironment(input: ConfigurationInput): boolean {
  return Object.keys(input.cni.env).length > 0
}

/** For formats that configure nodes only: the CNI settings travel in the add-on, not in the node. */
export function cniElsewhereNotes(input: ConfigurationInput): string[] {
  if (!hasCniEnvironment(input)) return []
  return [
    `The VPC CNI settings (${Object.keys(input.cni.env).join(', ')}) are not node settings: apply them to the ` +
      'vpc-cni add-on (format vpc-cni-addon) or to the aws-node DaemonSet.',
  ]
}

// EKS documents that on a managed node group without a custom AMI its own maxPods (the max-pods calculator's,
// 110 below 30 vCPUs and 250 above at most) takes precedence over any value in the user data.
export function managedNodeGroupCapNotes(input: ConfigurationInput): string[] {
  if (input.nodeGroups.length === 0) return []
  return [
    'On an EKS managed node group without a custom AMI, EKS documents that its own maxPods (the max-pods ' +
      'calculator’s: at most 110 below 30 vCPUs, 250 above) takes precedence over this value: it holds with a ' +
      'custom AMI (an AMI ID in the launch template), on self-managed nodes and with Karpenter.',
  ]
}
