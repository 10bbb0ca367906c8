import { Document, type YAMLMap } from 'yaml'
import type { EmittedConfiguration } from '../emit/configuration-input.ts'
import { CLUSTER_CONFIG_API_VERSION, CLUSTER_CONFIG_KIND } from '../emit/emit-eksctl.ts'
import { kubernetesNames } from '../emit/emit-names.ts'
import { CLUSTER_NAME_PLACEHOLDER, REGION_PLACEHOLDER } from '../emit/emit-sources.ts'
import {
  customNetworkingNotes,
  layoutReservations,
  layoutSources,
  reservationCommand,
  secondaryCidrNotes,
  VPC_ID_PLACEHOLDER,
  vpcKind,
} from './emit-layout-common.ts'
import type { LayoutInput } from './sizing-terms.ts'

// eksctl's ClusterConfig: vpc.id (an existing VPC) or vpc.cidr (one eksctl creates), and vpc.subnets.private,
// a map from a name to {az, cidr, id}. In an existing VPC eksctl creates no subnet: it looks each one up by id
// or by CIDR inside the VPC. vpc.extraCIDRs only opens the control plane security group to those CIDRs; eksctl
// associates none of them with the VPC. It has no subnet CIDR reservation and no custom networking subnets.

/** eksctl refuses fewer than two private subnets when it is given any. */
const EKSCTL_MIN_SUBNETS = 2

export function emitLayoutEksctl(input: LayoutInput): EmittedConfiguration {
  const sources = layoutSources(input)
  const nodeSubnets = input.subnets.filter((subnet) => subnet.role === 'nodes')
  const podSubnets = input.subnets.filter((subnet) => subnet.role === 'pods')
  const names = kubernetesNames(nodeSubnets.map((subnet) => subnet.name))
  const network =
    vpcKind(input) === 'new' ? { cidr: input.vpc.cidr } : { id: input.vpc.id ?? VPC_ID_PLACEHOLDER }
  const document = new Document({
    apiVersion: CLUSTER_CONFIG_API_VERSION,
    kind: CLUSTER_CONFIG_KIND,
    metadata: {
      name: input.clusterName ?? CLUSTER_NAME_PLACEHOLDER,
      region: input.region ?? REGION_PLACEHOLDER,
    },
    vpc: {
      ...network,
      ...(input.vpc.secondaryCidrs.length > 0 ? { extraCIDRs: [...input.vpc.secondaryCidrs] } : {}),
      subnets: {
        private: Object.fromEntries(
          nodeSubnets.map((subnet, index) => [
            names[index] ?? subnet.name,
            { az: subnet.availabilityZone, cidr: subnet.cidr },
          ]),
        ),
      },
    },
  })
  document.commentBefore =
    [' eksctl ClusterConfig: the sized node subnets', ...sources.map((line) => ` ${line}`)].join('\n') || null
  const extraCidrs = document.getIn(['vpc', 'extraCIDRs'], true) as YAMLMap | undefined
  if (extraCidrs)
    extraCidrs.commentBefore =
      ' eksctl only lets these CIDRs reach the control plane: it does not associate them with the VPC'

  const reservations = layoutReservations(input)
  const existing = vpcKind(input) !== 'new'
  return {
    format: 'eksctl',
    mediaType: 'application/yaml',
    files: [{ name: 'cluster.yaml', nodeGroup: null, content: document.toString() }],
    sources,
    notes: [
      // eksctl's default NAT (Single) puts its gateway in a public subnet: with private subnets only it has none.
      ...(existing
        ? []
        : [
            'These are the private (node) subnets only: add vpc.subnets.public (one small subnet per zone) for eksctl’s NAT gateway, or set vpc.nat.gateway: Disable for a cluster with no route out.',
          ]),
      'EKS also puts up to four control-plane network interfaces in the cluster’s subnets (it asks for at least six free addresses, sixteen recommended): these sizes do not count them.',
      ...(input.clusterName === null
        ? [
            `The cluster name is not known here: replace ${CLUSTER_NAME_PLACEHOLDER} with your cluster's name.`,
          ]
        : []),
      ...(input.region === null
        ? [`The region is not known here: replace ${REGION_PLACEHOLDER} with your cluster's region.`]
        : []),
      ...(vpcKind(input) === 'unknown'
        ? [`The VPC is not known here: replace ${VPC_ID_PLACEHOLDER} with its id.`]
        : []),
      ...(existing
        ? [
            'In an existing VPC eksctl creates no subnet: it finds these by CIDR in the VPC, so create them first ' +
              '(format terraform or cloudformation).',
          ]
        : []),
      ...secondaryCidrNotes(input),
      ...(nodeSubnets.length > 0 && nodeSubnets.length < EKSCTL_MIN_SUBNETS
        ? [`eksctl needs at least ${EKSCTL_MIN_SUBNETS} private subnets: add a subnet in another zone.`]
        : []),
      ...(vpcKind(input) === 'new' && input.vpc.secondaryCidrs.length > 0
        ? [
            `eksctl does not associate ${input.vpc.secondaryCidrs.join(', ')} with the VPC it creates: associate ` +
              `${input.vpc.secondaryCidrs.length === 1 ? 'it' : 'them'} afterwards (aws ec2 associate-vpc-cidr-block), ` +
              'before creating the subnets inside.',
          ]
        : []),
      ...(podSubnets.length > 0
        ? [
            'eksctl does not create pod subnets: create ' +
              podSubnets
                .map((subnet) => `${subnet.name} (${subnet.cidr} in ${subnet.availabilityZone})`)
                .join(', ') +
              ' with the terraform or cloudformation format.',
          ]
        : []),
      ...customNetworkingNotes(input),
      ...(reservations.length > 0
        ? [
            'eksctl does not create subnet CIDR reservations: once the subnets exist, create each one (or use the ' +
              'terraform or cloudformation format):',
            ...reservations.map((reservation) =>
              reservationCommand(reservation, `<subnet id of ${reservation.subnet.name}>`),
            ),
          ]
        : []),
    ],
  }
}
