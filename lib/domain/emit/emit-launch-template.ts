import type {
  ConfigurationInput,
  EmittedConfiguration,
  NodeGroupConfiguration,
} from './configuration-input.ts'
import { fileStems } from './emit-names.ts'
import { nodeConfigComments } from './emit-nodeadm.ts'
import {
  clusterNameOrPlaceholder,
  cniElsewhereNotes,
  commentText,
  configurationSources,
  placeholderNotes,
} from './emit-sources.ts'

// AL2's bootstrap.sh sets the kubelet's --max-pods from its own table unless told --use-max-pods false; the
// value then comes from --kubelet-extra-args. On a custom AMI EKS adds no bootstrap of its own, so this script
// is the whole user data.

export const BOOTSTRAP_SCRIPT = '/etc/eks/bootstrap.sh'

/** A bash word that stays one word whatever it holds. */
export function shellQuoted(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`
}

export function bootstrapArguments(clusterReference: string, maxPods: number): string {
  return `${clusterReference} --use-max-pods false --kubelet-extra-args ${shellQuoted(`--max-pods=${maxPods}`)}`
}

function userDataScript(group: NodeGroupConfiguration, input: ConfigurationInput): string {
  return [
    '#!/bin/bash',
    ...nodeConfigComments([group], input).map((line) => `# ${commentText(line)}`),
    'set -o errexit -o nounset -o pipefail',
    `CLUSTER_NAME=${shellQuoted(clusterNameOrPlaceholder(input))}`,
    `${BOOTSTRAP_SCRIPT} ${bootstrapArguments('"$CLUSTER_NAME"', group.maxPods)}`,
    '',
  ].join('\n')
}

export function emitLaunchTemplate(input: ConfigurationInput): EmittedConfiguration {
  const stems = fileStems(input.nodeGroups.map((group) => group.name))
  return {
    format: 'launch-template',
    mediaType: 'text/x-shellscript',
    files: input.nodeGroups.map((group, index) => ({
      name: `user-data-${stems[index]}.sh`,
      nodeGroup: group.name,
      content: userDataScript(group, input),
    })),
    sources: configurationSources(input),
    notes: [
      ...placeholderNotes(input, false),
      'This is user data for an Amazon Linux 2 (AL2) custom AMI built from the EKS AL2 AMI. EKS-optimized AL2 ' +
        'AMIs reached end of support on 2025-11-26 and none is released for Kubernetes 1.33 or later; AL2023 ' +
        'nodes take maxPods from a NodeConfig through nodeadm (format nodeadm).',
      ...cniElsewhereNotes(input),
    ],
  }
}
