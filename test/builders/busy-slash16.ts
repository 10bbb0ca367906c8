import { formatIpv4 } from '../../lib/domain/ipv4.ts'
import type { EniFacts, SubnetFacts } from '../../lib/schemas/subnets.ts'
import { toEc2NetworkInterface, toEc2Subnet } from './ec2-shapes.ts'
import { eni, seededRandom, subnet } from './subnets.ts'

// The /16 the issues size their figures on (issue 4's analysis, issue 13's whole CLI run): 800 ENIs of 50
// addresses each (40,000 used addresses, scattered as a long-lived cluster leaves them) and 500 /28
// prefixes. Seeded, so every run and every machine analyses the same subnet.

export const BUSY_SLASH16 = {
  cidr: '10.0.0.0/16',
  enis: 800,
  addressesPerEni: 50,
  prefixes: 500,
} as const

const SIZE = 65_536
const BLOCKS = SIZE / 16
/** The five addresses AWS keeps in every subnet: the first four and the last. */
const AWS_RESERVED_OFFSETS = [0, 1, 2, 3, SIZE - 1]
/** 65,536 − 5 reserved − 40,000 addresses − 500 × 16 prefix addresses. */
export const BUSY_SLASH16_AVAILABLE =
  SIZE -
  AWS_RESERVED_OFFSETS.length -
  BUSY_SLASH16.enis * BUSY_SLASH16.addressesPerEni -
  16 * BUSY_SLASH16.prefixes

/** The busy /16 as the analysis's facts, with EC2's available count agreeing with the ENIs (no gap). */
export function busySlash16(): { subnet: SubnetFacts; enis: EniFacts[] } {
  const random = seededRandom(16)
  const base = 10 * 2 ** 24
  const taken = new Uint8Array(SIZE)
  for (const offset of AWS_RESERVED_OFFSETS) taken[offset] = 1

  // Aligned /28s, never the first or last block (they hold reserved addresses), never twice.
  const prefixes: string[] = []
  while (prefixes.length < BUSY_SLASH16.prefixes) {
    const block = 1 + Math.floor(random() * (BLOCKS - 2))
    if (taken[block * 16]) continue
    taken.fill(1, block * 16, block * 16 + 16)
    prefixes.push(`${formatIpv4(base + block * 16)}/28`)
  }
  // Secondary addresses anywhere else: outside every prefix and reserved address, each once.
  const addresses: string[] = []
  while (addresses.length < BUSY_SLASH16.enis * BUSY_SLASH16.addressesPerEni) {
    const offset = Math.floor(random() * SIZE)
    if (taken[offset]) continue
    taken[offset] = 1
    addresses.push(formatIpv4(base + offset))
  }

  const perEni = BUSY_SLASH16.addressesPerEni
  const enis = Array.from({ length: BUSY_SLASH16.enis }, (_, index) =>
    eni({
      networkInterfaceId: `eni-${index}`,
      instanceId: `i-${index >> 2}`,
      deviceIndex: index % 4,
      privateIps: addresses.slice(index * perEni, (index + 1) * perEni),
      // Spread over the ENIs: some hold one prefix, the others none.
      ipv4Prefixes: prefixes.slice(
        Math.floor((index * BUSY_SLASH16.prefixes) / BUSY_SLASH16.enis),
        Math.floor(((index + 1) * BUSY_SLASH16.prefixes) / BUSY_SLASH16.enis),
      ),
    }),
  )
  return {
    subnet: subnet({ cidr: BUSY_SLASH16.cidr, availableIpAddressCount: BUSY_SLASH16_AVAILABLE }),
    enis,
  }
}

/** The busy /16 as `aws ec2 describe-subnets` and `describe-network-interfaces --output json` print it. */
export function busySlash16Exports() {
  const { subnet, enis } = busySlash16()
  return {
    subnets: { Subnets: [toEc2Subnet(subnet)] },
    networkInterfaces: { NetworkInterfaces: enis.map((item) => toEc2NetworkInterface(item, subnet.vpcId)) },
  }
}
