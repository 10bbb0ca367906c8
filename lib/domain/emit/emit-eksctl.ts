import { Document, type YAMLMap, type YAMLSeq } from 'yaml'
import type {
  ConfigurationInput,
  EmittedConfiguration,
  NodeGroupConfiguration,
} from './configuration-input.ts'
import { managedNodeGroupNames } from './emit-names.ts'
import {
  clusterNameOrPlaceholder,
  cniSources,
  commentText,
  configurationSources,
  hasCniEnvironment,
  managedNodeGroupCapNotes,
  nodeGroupSource,
  placeholderNotes,
  REGION_PLACEHOLDER,
} from './emit-sources.ts'

export const CLUSTER_CONFIG_API_VERSION = 'eksctl.io/v1alpha5'
export const CLUSTER_CONFIG_KIND = 'ClusterConfig'

function managedNodeGroup(group: NodeGroupConfiguration, name: string): Record<string, unknown> {
  // eksctl refuses instanceType and instanceTypes together: one type is written the short way.
  const [onlyType] = group.instanceTypes
  const types =
    group.instanceTypes.length === 1
      ? { instanceType: onlyType }
      : { instanceTypes: [...group.instanceTypes] }
  const scaling = group.scaling
    ? {
        minSize: group.scaling.minSize,
        desiredCapacity: group.scaling.desiredSize,
        maxSize: group.scaling.maxSize,
      }
    : {}
  return { name, ...(group.instanceTypes.length > 0 ? types : {}), ...scaling, maxPodsPerNode: group.maxPods }
}

export function emitEksctl(input: ConfigurationInput): EmittedConfiguration {
  const names = managedNodeGroupNames(input.nodeGroups.map((group) => group.name))
  const document = new Document({
    apiVersion: CLUSTER_CONFIG_API_VERSION,
    kind: CLUSTER_CONFIG_KIND,
    metadata: { name: clusterNameOrPlaceholder(input), region: input.region ?? REGION_PLACEHOLDER },
  })
  const nodeGroups = document.createNode(
    input.nodeGroups.map((group, index) => managedNodeGroup(group, names[index] ?? group.name)),
  ) as YAMLSeq<YAMLMap>
  nodeGroups.items.forEach((item, index) => {
    const group = input.nodeGroups[index]
    if (group) item.commentBefore = ` ${commentText(nodeGroupSource(group))}`
  })
  document.set('managedNodeGroups', nodeGroups)
  if (hasCniEnvironment(input)) {
    // eksctl passes configurationValues to the EKS API as a string, which the add-on's schema reads as JSON.
    const addons = document.createNode([
      { name: 'vpc-cni', configurationValues: JSON.stringify({ env: input.cni.env }) },
    ]) as YAMLSeq<YAMLMap>
    const [vpcCni] = addons.items
    if (vpcCni)
      vpcCni.commentBefore = cniSources(input)
        .map((line) => ` ${line}`)
        .join('\n')
    document.set('addons', addons)
  }
  document.commentBefore = ' eksctl ClusterConfig: kubelet max pods per managed node group'
  const renamed = input.nodeGroups.flatMap((group, index) =>
    group.name === names[index]
      ? []
      : [`${group.name} is not an EKS node group name: written as ${names[index]}.`],
  )
  return {
    format: 'eksctl',
    mediaType: 'application/yaml',
    files: [{ name: 'cluster.yaml', nodeGroup: null, content: document.toString() }],
    sources: configurationSources(input),
    notes: [
      ...placeholderNotes(input, true),
      'eksctl rejects maxPodsPerNode on a managed node group that also sets launchTemplate or a custom ami: ' +
        'use the nodeadm or terraform format there.',
      ...managedNodeGroupCapNotes(input),
      ...renamed,
    ],
  }
}
