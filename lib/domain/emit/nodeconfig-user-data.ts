import { Document } from 'yaml'
import { commentText } from './emit-sources.ts'

// An AL2023 node reads its NodeConfig from user data through nodeadm. A managed node group's launch template
// must carry MIME multi-part user data: EKS appends its own part (the cluster's endpoint, certificate and
// service CIDR) and nodeadm merges every `application/node.eks.aws` part in order, so ours needs only the kubelet
// setting it changes.

export const NODECONFIG_API_VERSION = 'node.eks.aws/v1alpha1'
export const NODECONFIG_KIND = 'NodeConfig'
export const NODECONFIG_MEDIA_TYPE = 'application/node.eks.aws'
export const USER_DATA_BOUNDARY = 'NODECONFIG-BOUNDARY'

/** A NodeConfig setting only kubelet.config.maxPods, with the comment lines above it. */
export function nodeConfigYaml(maxPods: number, comments: readonly string[]): string {
  const document = new Document({
    apiVersion: NODECONFIG_API_VERSION,
    kind: NODECONFIG_KIND,
    spec: { kubelet: { config: { maxPods } } },
  })
  document.commentBefore = comments.map((line) => ` ${commentText(line)}`).join('\n')
  return document.toString()
}

/** The MIME multi-part user data holding one NodeConfig part. */
export function nodeConfigUserData(nodeConfig: string): string {
  // A part's line that starts with the delimiter would end it early: lengthen the boundary until none does.
  let boundary = USER_DATA_BOUNDARY
  while (nodeConfig.split('\n').some((line) => line.startsWith(`--${boundary}`))) boundary = `${boundary}-`
  return [
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    `Content-Type: ${NODECONFIG_MEDIA_TYPE}`,
    '',
    nodeConfig.trimEnd(),
    '',
    `--${boundary}--`,
    '',
  ].join('\n')
}
