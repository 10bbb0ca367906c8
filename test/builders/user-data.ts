/**
 * NodeConfig user data as AL2023 launch templates carry it (MIME multi-part, one application/node.eks.aws
 * part), written by hand rather than by the project's emitter, so tests that read it do not share its habits.
 */
export function nodeConfigUserData(maxPods: number): string {
  return [
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="BOUNDARY"',
    '',
    '--BOUNDARY',
    'Content-Type: application/node.eks.aws',
    '',
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  kubelet:',
    '    config:',
    `      maxPods: ${maxPods}`,
    '',
    '--BOUNDARY--',
    '',
  ].join('\n')
}
