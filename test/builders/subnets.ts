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

/** A small deterministic generator (mulberry32), so random cases are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
