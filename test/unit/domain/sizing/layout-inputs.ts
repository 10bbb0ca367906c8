import { parseCidr, within } from '../../../../lib/domain/ipv4.ts'
import type { LayoutInput, LayoutSubnet } from '../../../../lib/domain/sizing/sizing-terms.ts'

// Layouts the emitter tests share: each one is here for a reason its name says.

const nodes = (zone: string, cidr: string, prefixReservations: string[] = []): LayoutSubnet => ({
  name: `nodes-${zone}`,
  role: 'nodes',
  availabilityZone: zone,
  cidr,
  prefixReservations,
})

const pods = (zone: string, cidr: string, prefixReservations: string[] = []): LayoutSubnet => ({
  name: `pods-${zone}`,
  role: 'pods',
  availabilityZone: zone,
  cidr,
  prefixReservations,
})

const sizingSources = [
  'general (m5.large): 20 nodes at max, 29 pods each, WARM_ENI_TARGET=1',
  'headroom 30 % over the demand at max nodes',
]

export const existingVpcSecondaryIps: LayoutInput = {
  vpc: { id: 'vpc-0a1b2c3d4e5f60718', cidr: '10.20.0.0/16', secondaryCidrs: [] },
  clusterName: 'demo',
  region: 'eu-west-1',
  subnets: [nodes('eu-west-1a', '10.20.32.0/22'), nodes('eu-west-1b', '10.20.36.0/22')],
  sources: sizingSources,
}

export const existingVpcPrefixDelegation: LayoutInput = {
  vpc: { id: 'vpc-0a1b2c3d4e5f60718', cidr: null, secondaryCidrs: [] },
  clusterName: 'demo',
  region: 'eu-west-1',
  subnets: [
    nodes('eu-west-1a', '10.20.64.0/20', ['10.20.72.0/21']),
    nodes('eu-west-1b', '10.20.80.0/20', ['10.20.88.0/21', '10.20.84.0/22']),
    nodes('eu-west-1c', '10.20.96.0/20', ['10.20.104.0/21']),
  ],
  sources: ['prefix delegation, WARM_PREFIX_TARGET=1: 120 /28 blocks per zone at max nodes'],
}

export const newVpcCustomNetworkingWithReservations: LayoutInput = {
  vpc: { id: null, cidr: '10.0.0.0/16', secondaryCidrs: ['100.64.0.0/16'] },
  clusterName: 'platform',
  region: 'us-east-1',
  subnets: [
    nodes('us-east-1a', '10.0.0.0/24'),
    pods('us-east-1a', '100.64.0.0/18', ['100.64.32.0/19']),
    nodes('us-east-1b', '10.0.1.0/24'),
    pods('us-east-1b', '100.64.64.0/18', ['100.64.96.0/19']),
  ],
  sources: sizingSources,
}

export const newVpcCustomNetworkingSecondaryIps: LayoutInput = {
  vpc: { id: null, cidr: '10.0.0.0/16', secondaryCidrs: ['100.64.0.0/16', '100.65.0.0/16'] },
  clusterName: null,
  region: null,
  subnets: [
    nodes('us-east-1a', '10.0.0.0/24'),
    pods('us-east-1a', '100.64.0.0/18'),
    nodes('us-east-1b', '10.0.1.0/24'),
    pods('us-east-1b', '100.65.0.0/18'),
  ],
  sources: [],
}

export const existingVpcWithSecondaryCidr: LayoutInput = {
  vpc: { id: 'vpc-0fedcba9876543210', cidr: '10.30.0.0/16', secondaryCidrs: ['100.64.0.0/16'] },
  clusterName: 'batch',
  region: 'ap-southeast-2',
  subnets: [
    nodes('ap-southeast-2a', '10.30.8.0/24', ['10.30.8.128/26']),
    pods('ap-southeast-2a', '100.64.0.0/17', ['100.64.64.0/18']),
    nodes('ap-southeast-2b', '10.30.9.0/24', ['10.30.9.128/26']),
    pods('ap-southeast-2b', '100.64.128.0/17', ['100.64.192.0/18']),
  ],
  sources: sizingSources,
}

/** Names and sources a user typed: quotes, a template sequence, a slash, a line break. */
export const unknownVpcHostileNames: LayoutInput = {
  vpc: { id: null, cidr: null, secondaryCidrs: [] },
  clusterName: null,
  region: null,
  subnets: [
    {
      name: `team's "nodes" \${var.evil}/a`,
      role: 'nodes',
      availabilityZone: 'us-west-2a',
      cidr: '172.16.0.0/20',
      prefixReservations: ['172.16.8.0/21'],
    },
    {
      name: `team's "nodes" \${var.evil}/a`.toUpperCase(),
      role: 'nodes',
      availabilityZone: 'us-west-2b',
      cidr: '172.16.16.0/20',
      prefixReservations: [],
    },
  ],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template sequence that must stay literal
  sources: ['hand-written ${var.evil} %{ if true }x%{ endif }\nrm -rf / # a line break in a source'],
}

export const LAYOUT_INPUTS: [string, LayoutInput][] = [
  ['an existing VPC, secondary IPs: node subnets, no reservation', existingVpcSecondaryIps],
  ['an existing VPC, prefix delegation: reservations in every node subnet', existingVpcPrefixDelegation],
  [
    'a new VPC and 100.64.0.0/16, custom networking with prefix delegation',
    newVpcCustomNetworkingWithReservations,
  ],
  [
    'a new VPC and two secondary CIDRs, custom networking without reservations',
    newVpcCustomNetworkingSecondaryIps,
  ],
  ['an existing VPC whose pod subnets lie in 100.64.0.0/16', existingVpcWithSecondaryCidr],
  ['an unknown VPC and names a user typed', unknownVpcHostileNames],
]

/** The secondary CIDR a subnet lies in, by the test's own reading of the layout. */
export function secondaryCidrHolding(input: LayoutInput, subnet: LayoutSubnet): string | undefined {
  const inner = parseCidr(subnet.cidr)
  return input.vpc.secondaryCidrs.find((cidr) => {
    const outer = parseCidr(cidr)
    return inner !== undefined && outer !== undefined && within(outer, inner)
  })
}

export function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim()
}
