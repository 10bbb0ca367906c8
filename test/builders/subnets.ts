import type { CidrReservationFacts, EniFacts, SubnetFacts } from '../../lib/schemas/subnets.ts'

export function subnet(overrides: Partial<SubnetFacts> = {}): SubnetFacts {
  return {
    subnetId: 'subnet-1',
    vpcId: 'vpc-1',
    availabilityZone: 'us-east-1a',
    cidr: '10.0.0.0/24',
    ipv6Cidrs: [],
    availableIpAddressCount: null,
    tags: {},
    ...overrides,
  }
}

export function eni(overrides: Partial<EniFacts> = {}): EniFacts {
  return {
    networkInterfaceId: 'eni-1',
    subnetId: 'subnet-1',
    interfaceType: 'interface',
    description: '',
    status: 'in-use',
    instanceId: 'i-1',
    deviceIndex: 0,
    requesterManaged: false,
    privateIps: [],
    ipv4Prefixes: [],
    tags: {},
    ...overrides,
  }
}

export function reservation(
  cidr: string,
  type: CidrReservationFacts['type'],
  id = `scr-${cidr}`,
): CidrReservationFacts {
  return { reservationId: id, subnetId: 'subnet-1', cidr, type }
}

export { seededRandom } from '../../lib/domain/seeded-random.ts'
