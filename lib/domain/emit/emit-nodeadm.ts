import type {
  ConfigurationInput,
  EmittedConfiguration,
  EmittedFile,
  NodeGroupConfiguration,
} from './configuration-input.ts'
import { fileStems } from './emit-names.ts'
import {
  cniElsewhereNotes,
  cniSources,
  configurationSources,
  managedNodeGroupCapNotes,
  nodeGroupSource,
} from './emit-sources.ts'
import { nodeConfigUserData, nodeConfigYaml } from './nodeconfig-user-data.ts'

/** The comment lines of one NodeConfig: which groups it is for, why its number, and the CNI's settings. */
export function nodeConfigComments(
  groups: readonly NodeGroupConfiguration[],
  input: ConfigurationInput,
): string[] {
  return [
    `kubelet maxPods for node group ${groups.map((group) => group.name).join(', ')}`,
    ...groups.map(nodeGroupSource),
    ...cniSources(input),
  ]
}

function userDataFile(
  name: string,
  groups: readonly NodeGroupConfiguration[],
  maxPods: number,
  input: ConfigurationInput,
): EmittedFile {
  return {
    name,
    nodeGroup: groups.length === 1 ? (groups[0]?.name ?? null) : null,
    content: nodeConfigUserData(nodeConfigYaml(maxPods, nodeConfigComments(groups, input))),
  }
}

/** One user-data file when every group needs the same maxPods, else one per node group. */
export function emitNodeadm(input: ConfigurationInput): EmittedConfiguration {
  const distinctMaxPods = new Set(input.nodeGroups.map((group) => group.maxPods))
  const [onlyMaxPods] = distinctMaxPods
  const files =
    distinctMaxPods.size === 1 && onlyMaxPods !== undefined
      ? [userDataFile('nodeconfig-user-data.mime', input.nodeGroups, onlyMaxPods, input)]
      : fileStems(input.nodeGroups.map((group) => group.name)).map((stem, index) => {
          const group = input.nodeGroups[index] as NodeGroupConfiguration
          return userDataFile(`nodeconfig-user-data-${stem}.mime`, [group], group.maxPods, input)
        })
  return {
    format: 'nodeadm',
    mediaType: 'multipart/mixed',
    files,
    sources: configurationSources(input),
    notes: [
      'Put this in the user data of the node group’s launch template. EKS adds the cluster’s endpoint, ' +
        'certificate and CIDR for a managed node group on an EKS AMI; on a custom AMI or a self-managed node, ' +
        'add spec.cluster (name, apiServerEndpoint, certificateAuthority, cidr): nodeadm requires them.',
      ...managedNodeGroupCapNotes(input),
      ...cniElsewhereNotes(input),
    ],
  }
}
