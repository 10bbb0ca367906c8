import { Document } from 'yaml'
import type { ConfigurationInput, EmittedConfiguration } from './configuration-input.ts'
import { kubernetesNames } from './emit-names.ts'
import { nodeConfigComments } from './emit-nodeadm.ts'
import {
  clusterNameOrPlaceholder,
  cniElsewhereNotes,
  commentText,
  configurationSources,
  placeholderNotes,
} from './emit-sources.ts'

// Karpenter v1 moved kubelet settings from the NodePool to the EC2NodeClass. Its CRD requires
// amiSelectorTerms, subnetSelectorTerms, securityGroupSelectorTerms and exactly one of role or instanceProfile.

export const EC2_NODE_CLASS_API_VERSION = 'karpenter.k8s.aws/v1'
export const EC2_NODE_CLASS_KIND = 'EC2NodeClass'
/** The tag Karpenter's getting-started guide puts on the cluster's subnets and node security group. */
export const DISCOVERY_TAG = 'karpenter.sh/discovery'
/** AL2023: EKS publishes no AL2 AMI for Kubernetes 1.33 or later. */
export const AMI_ALIAS = 'al2023@latest'

export function emitKarpenter(input: ConfigurationInput): EmittedConfiguration {
  const cluster = clusterNameOrPlaceholder(input)
  const discovery = [{ tags: { [DISCOVERY_TAG]: cluster } }]
  const role = `KarpenterNodeRole-${cluster}`
  const names = kubernetesNames(input.nodeGroups.map((group) => group.name))
  const documents = input.nodeGroups.map((group, index) => {
    const document = new Document(
      {
        apiVersion: EC2_NODE_CLASS_API_VERSION,
        kind: EC2_NODE_CLASS_KIND,
        metadata: { name: names[index] },
        spec: {
          role,
          amiSelectorTerms: [{ alias: AMI_ALIAS }],
          subnetSelectorTerms: discovery,
          securityGroupSelectorTerms: discovery,
          kubelet: { maxPods: group.maxPods },
        },
      },
      { aliasDuplicateObjects: false },
    )
    document.commentBefore = nodeConfigComments([group], input)
      .map((line) => ` ${commentText(line)}`)
      .join('\n')
    return `---\n${document.toString()}`
  })
  const renamed = input.nodeGroups.flatMap((group, index) =>
    group.name === names[index]
      ? []
      : [`${group.name} is not a Kubernetes name: its EC2NodeClass is ${names[index]}.`],
  )
  return {
    format: 'karpenter',
    mediaType: 'application/yaml',
    files: [{ name: 'ec2nodeclass.yaml', nodeGroup: null, content: documents.join('') }],
    sources: configurationSources(input),
    notes: [
      ...placeholderNotes(input, false),
      `spec.role is the node role name of Karpenter's getting-started guide (${role}): replace it with your ` +
        'nodes’ IAM role, or use spec.instanceProfile instead.',
      `Subnets and security groups are selected by the tag ${DISCOVERY_TAG}=${cluster}; change the selector ` +
        'terms if yours are tagged otherwise.',
      `amiSelectorTerms uses the alias ${AMI_ALIAS}: pin a version (al2023@vYYYYMMDD) to control AMI upgrades.`,
      'Point each NodePool’s spec.template.spec.nodeClassRef at its EC2NodeClass.',
      ...renamed,
      ...cniElsewhereNotes(input),
    ],
  }
}
