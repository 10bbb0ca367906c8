import { formatIpv4, parseCidr } from '../../domain/ipv4.ts'
import { seededRandom } from '../../domain/seeded-random.ts'
import { UnknownVpcError } from '../../errors.ts'
import type { SubnetInventory, SubnetSelector } from '../../ports/subnet-inventory.ts'
import type { VpcCidrs } from '../../ports/vpc-cidrs.ts'
import type { CidrReservationFacts, EniFacts, SubnetFacts } from '../../schemas/subnets.ts'

export const DEMO_VPC_ID = 'vpc-demo'
export const DEMO_CLUSTER = 'demo'
/** The demo VPC's CIDR: its subnets fill 10.20.0.0–10.20.38.255, the rest is free to carve. */
export const DEMO_VPC_CIDR = '10.20.0.0/16'

/**
 * A synthetic VPC for `npm start` and the tests: the same port as EC2, so every subnet route works with
 * no AWS account. Built the same way on every run (a seeded generator), with one subnet per situation a
 * platform team meets: healthy, fragmented by churn, nearly exhausted, under a prefix reservation, under
 * an explicit reservation, and one IPv6-only.
 */
export class DemoVpcInventory implements SubnetInventory, VpcCidrs {
  private readonly vpc: DemoVpc

  /** `drift`: that many more stray addresses in the fragmented subnet, to show a report's trend. */
  constructor(options: { drift?: number } = {}) {
    this.vpc = buildDemoVpc(options.drift ?? 0)
  }

  async subnets(selector: SubnetSelector): Promise<SubnetFacts[]> {
    const all = this.vpc.subnets
    if ('vpcId' in selector) return all.filter((subnet) => subnet.vpcId === selector.vpcId)
    if ('subnetIds' in selector) return all.filter((subnet) => selector.subnetIds.includes(subnet.subnetId))
    if ('all' in selector) return all
    return all.filter(
      (subnet) =>
        `kubernetes.io/cluster/${selector.cluster}` in subnet.tags ||
        subnet.tags['karpenter.sh/discovery'] === selector.cluster,
    )
  }

  async vpcCidrs(vpcId: string, region: string): Promise<string[]> {
    if (vpcId !== DEMO_VPC_ID) throw new UnknownVpcError(vpcId, region)
    return [DEMO_VPC_CIDR]
  }

  async networkInterfaces(vpcId: string): Promise<EniFacts[]> {
    return vpcId === DEMO_VPC_ID ? this.vpc.enis : []
  }

  async cidrReservations(subnetId: string): Promise<CidrReservationFacts[]> {
    return this.vpc.reservations.filter((reservation) => reservation.subnetId === subnetId)
  }
}

interface DemoVpc {
  subnets: SubnetFacts[]
  enis: EniFacts[]
  reservations: CidrReservationFacts[]
}

function buildDemoVpc(drift: number): DemoVpc {
  const random = seededRandom(2026)
  const vpc: DemoVpc = { subnets: [], enis: [], reservations: [] }
  const clusterTags = {
    [`kubernetes.io/cluster/${DEMO_CLUSTER}`]: 'shared',
    'karpenter.sh/discovery': DEMO_CLUSTER,
  }

  // Healthy: nodes with prefix delegation, addresses packed at the bottom of the range.
  const healthy = new DemoSubnet(vpc, 'subnet-demo-healthy', '10.20.0.0/20', 'us-east-1a', {
    ...clusterTags,
    Name: 'healthy',
  })
  for (let node = 0; node < 12; node++) {
    healthy.eni({
      instanceId: `i-healthy${node}`,
      deviceIndex: 0,
      ips: healthy.next(1),
      prefixes: healthy.nextPrefixes(3),
    })
  }
  healthy.eni({
    interfaceType: 'nat_gateway',
    description: 'Interface for NAT Gateway nat-demo',
    instanceId: null,
    ips: healthy.next(1),
  })

  // Fragmented: secondary-IP mode after months of churn; addresses scattered over the whole /20.
  const fragmented = new DemoSubnet(vpc, 'subnet-demo-fragmented', '10.20.16.0/20', 'us-east-1b', {
    ...clusterTags,
    Name: 'fragmented',
  })
  for (let node = 0; node < 24; node++) {
    const instanceId = `i-churn${String(node).padStart(2, '0')}`
    fragmented.eni({
      instanceId,
      deviceIndex: 0,
      ips: fragmented.scattered(random, 1 + Math.floor(random() * 9)),
    })
    fragmented.eni({
      instanceId,
      deviceIndex: 1,
      description: `aws-K8S-${instanceId}`,
      ips: fragmented.scattered(random, 10),
    })
  }
  fragmented.eni({
    interfaceType: 'trunk',
    instanceId: 'i-churn00',
    deviceIndex: 2,
    ips: fragmented.scattered(random, 1),
  })
  for (let pod = 0; pod < 6; pod++)
    fragmented.eni({ interfaceType: 'branch', instanceId: null, ips: fragmented.scattered(random, 1) })
  fragmented.eni({
    interfaceType: 'lambda',
    description: 'AWS Lambda VPC ENI-demo',
    instanceId: null,
    ips: fragmented.scattered(random, 1),
  })
  fragmented.eni({
    status: 'available',
    instanceId: null,
    description: 'left behind',
    ips: fragmented.scattered(random, 2),
  })
  if (drift > 0)
    fragmented.eni({
      instanceId: 'i-newcomer',
      deviceIndex: 0,
      ips: fragmented.scattered(seededRandom(7), drift),
    })
  // Three addresses in use by something the caller cannot see: the answer must say so.
  fragmented.hidden = 3

  // Nearly exhausted: a /22 of busy nodes in secondary-IP mode.
  const exhausted = new DemoSubnet(vpc, 'subnet-demo-exhausted', '10.20.32.0/22', 'us-east-1c', {
    ...clusterTags,
    Name: 'exhausted',
  })
  for (let node = 0; node < 33; node++)
    exhausted.eni({ instanceId: `i-busy${node}`, deviceIndex: 0, ips: exhausted.next(29) })
  exhausted.eni({
    interfaceType: 'network_load_balancer',
    description: 'ELB net/demo/1',
    instanceId: null,
    ips: exhausted.next(1),
  })
  exhausted.eni({
    interfaceType: 'vpc_endpoint',
    description: 'VPC Endpoint Interface vpce-demo',
    instanceId: null,
    ips: exhausted.next(1),
  })

  // Under a prefix reservation: prefixes come from the reserved upper half first.
  const prefixReserved = new DemoSubnet(vpc, 'subnet-demo-prefix-reserved', '10.20.36.0/24', 'us-east-1a', {
    ...clusterTags,
    Name: 'prefix-reserved',
  })
  prefixReserved.reserve('10.20.36.128/25', 'prefix')
  prefixReserved.eni({
    instanceId: 'i-pd0',
    deviceIndex: 0,
    ips: prefixReserved.next(1),
    prefixes: ['10.20.36.128/28', '10.20.36.144/28'],
  })
  prefixReserved.eni({
    instanceId: 'i-pd1',
    deviceIndex: 0,
    ips: prefixReserved.next(1),
    prefixes: ['10.20.36.160/28'],
  })
  prefixReserved.eni({ description: 'RDSNetworkInterface', instanceId: null, ips: prefixReserved.next(1) })

  // Under an explicit reservation: a block kept for hand-assigned addresses, never for prefixes.
  const explicitReserved = new DemoSubnet(
    vpc,
    'subnet-demo-explicit-reserved',
    '10.20.37.0/24',
    'us-east-1b',
    { Name: 'explicit-reserved', 'kubernetes.io/role/cni': '1' },
    ['2600:1f18:demo:37::/64'],
  )
  explicitReserved.reserve('10.20.37.64/26', 'explicit')
  explicitReserved.eni({ instanceId: 'i-app', deviceIndex: 0, ips: ['10.20.37.70', '10.20.37.71'] })

  vpc.subnets.push({
    subnetId: 'subnet-demo-ipv6-only',
    vpcId: DEMO_VPC_ID,
    availabilityZone: 'us-east-1c',
    cidr: null,
    ipv6Cidrs: ['2600:1f18:demo:38::/64'],
    availableIpAddressCount: null,
    tags: { Name: 'ipv6-only' },
  })
  for (const subnet of [healthy, fragmented, exhausted, prefixReserved, explicitReserved]) subnet.finish()
  return vpc
}

class DemoSubnet {
  hidden = 0
  private readonly taken = new Set<number>()
  private cursor = 4
  private readonly base: number
  private readonly size: number
  private readonly facts: SubnetFacts
  private enisMade = 0

  constructor(
    private readonly vpc: DemoVpc,
    subnetId: string,
    cidr: string,
    availabilityZone: string,
    tags: Record<string, string>,
    ipv6Cidrs: string[] = [],
  ) {
    const range = parseCidr(cidr) as NonNullable<ReturnType<typeof parseCidr>>
    this.base = range.network
    this.size = range.size
    this.facts = {
      subnetId,
      vpcId: DEMO_VPC_ID,
      availabilityZone,
      cidr,
      ipv6Cidrs,
      availableIpAddressCount: null,
      tags,
    }
    vpc.subnets.push(this.facts)
  }

  /** The next free addresses from the bottom, as EC2 hands out when a subnet is young. */
  next(count: number): string[] {
    const ips: string[] = []
    while (ips.length < count && this.cursor < this.size - 1) {
      if (!this.taken.has(this.cursor)) ips.push(this.take(this.cursor))
      this.cursor++
    }
    return ips
  }

  nextPrefixes(count: number): string[] {
    const prefixes: string[] = []
    for (
      let block = Math.ceil(this.cursor / 16);
      prefixes.length < count && block < this.size / 16 - 1;
      block++
    ) {
      const offsets = Array.from({ length: 16 }, (_, index) => block * 16 + index)
      if (offsets.some((offset) => this.taken.has(offset))) continue
      for (const offset of offsets) this.taken.add(offset)
      prefixes.push(`${formatIpv4(this.base + block * 16)}/28`)
    }
    return prefixes
  }

  scattered(random: () => number, count: number): string[] {
    const ips: string[] = []
    while (ips.length < count) {
      const offset = 4 + Math.floor(random() * (this.size - 5))
      if (!this.taken.has(offset)) ips.push(this.take(offset))
    }
    return ips
  }

  reserve(cidr: string, type: CidrReservationFacts['type']): void {
    this.vpc.reservations.push({
      reservationId: `scr-demo-${type}-${this.facts.subnetId.slice(12)}`,
      subnetId: this.facts.subnetId,
      cidr,
      type,
    })
  }

  eni(spec: {
    ips: string[]
    prefixes?: string[]
    instanceId: string | null
    deviceIndex?: number
    interfaceType?: string
    description?: string
    status?: string
  }): void {
    this.enisMade++
    this.vpc.enis.push({
      networkInterfaceId: `eni-${this.facts.subnetId.slice(12)}-${String(this.enisMade).padStart(3, '0')}`,
      subnetId: this.facts.subnetId,
      interfaceType: spec.interfaceType ?? 'interface',
      description: spec.description ?? '',
      status: spec.status ?? 'in-use',
      instanceId: spec.instanceId,
      deviceIndex: spec.instanceId === null ? null : (spec.deviceIndex ?? 0),
      requesterManaged: spec.interfaceType !== undefined && spec.interfaceType !== 'interface',
      privateIps: spec.ips,
      ipv4Prefixes: spec.prefixes ?? [],
      tags: spec.description?.startsWith('aws-K8S-')
        ? { 'cluster.k8s.amazonaws.com/name': DEMO_CLUSTER }
        : {},
    })
  }

  /** EC2's available count: everything not reserved, taken, or used by what cannot be seen. */
  finish(): void {
    const prefixAddresses = this.vpc.enis
      .filter((eni) => eni.subnetId === this.facts.subnetId)
      .reduce((sum, eni) => sum + eni.ipv4Prefixes.length * 16, 0)
    const ipAddresses = this.vpc.enis
      .filter((eni) => eni.subnetId === this.facts.subnetId)
      .reduce((sum, eni) => sum + eni.privateIps.length, 0)
    this.facts.availableIpAddressCount = this.size - 5 - ipAddresses - prefixAddresses - this.hidden
  }

  private take(offset: number): string {
    this.taken.add(offset)
    return formatIpv4(this.base + offset)
  }
}
