// An aws-node DaemonSet export, as a user hands it to `plan --aws-node`.

/** The VPC CNI image of an EKS add-on install. */
export const AWS_NODE_IMAGE = '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2-eksbuild.1'

/**
 * The shape of `kubectl get daemonset aws-node -n kube-system -o json`, cut to what matters: with the init
 * container and the network-policy agent beside aws-node, whose variables must not be read as the CNI's.
 */
export function awsNodeDaemonSet(
  env: unknown[],
  image = AWS_NODE_IMAGE,
  extra: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'aws-node', namespace: 'kube-system', labels: { 'k8s-app': 'aws-node' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'aws-node' } },
      template: {
        metadata: { labels: { 'k8s-app': 'aws-node' } },
        spec: {
          hostNetwork: true,
          initContainers: [
            {
              name: 'aws-vpc-cni-init',
              image: AWS_NODE_IMAGE.replace('amazon-k8s-cni', 'amazon-k8s-cni-init'),
              env: [],
            },
          ],
          containers: [
            { name: 'aws-node', image, env, ...extra },
            {
              name: 'aws-eks-nodeagent',
              image: 'x.dkr.ecr.us-west-2.amazonaws.com/amazon/aws-network-policy-agent:v1.1.5',
              env: [{ name: 'WARM_IP_TARGET', value: '99' }],
            },
          ],
        },
      },
    },
  }
}
