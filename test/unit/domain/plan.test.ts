import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assessSubnet, groupVerdict } from '../../../lib/domain/plan.ts'
import { demandUse, nodesThatFit, type SubnetSupply, subnetSupply } from '../../../lib/domain/plan-supply.ts'
import { analyzeSubnet } from '../../../lib/domain/subnet-analysis.ts'
import type { NodeHolding } from '../../../lib/schemas/ip-usage.ts'
import type { CidrReservationFacts, EniFacts } from '../../../lib/schemas/subnets.ts'
import { eni, reservation, subnet } from '../../builders/subnets.ts'

// An oracle that shares nothing with the plan's block arithmetic: walk every address of the subnet.
function toNumber(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0)
}
function range(cidr: string): [number, number] {
  const [address, length] = cidr.split('/') as [string, string]
  const first = toNumber(address)
  return [first, first + 2 ** (32 - Number(length))]
}
function freeOutsideReservations(
  cidr: string,
  enis: readonly EniFacts[],
  reservations: readonly CidrReservationFacts[],
): number {
  const [first, end] = range(cidr)
  const used = new Set(enis.flatMap((item) => item.privateIps.map(toNumber)))
  for (const prefix of enis.flatMap((item) => item.ipv4Prefixes)) {
    const [start, stop] = range(prefix)
    for (let address = start; address < stop; address++) used.add(address)
  }
  const reserved = reservations.map((item) => range(item.cidr))
  let free = 0
  for (let address = first + 4; address < end - 1; address++) {
    if (used.has(address)) continue
    if (reserved.some(([start, stop]) => address >= start && address < stop)) continue
    free++
  }
  return free
}

describe('address supply: free addresses outside every CIDR reservation, at the reservation’s own size', () => {
  const taken = eni({ privateIps: ['10.0.0.4', '10.0.0.20', '10.0.0.70'] })
  it.each([
    ['no reservation: every free address', [], 251 - 3],
    [
      'an explicit /29 on free addresses removes its 8, not a whole /28',
      [reservation('10.0.0.80/29', 'explicit')],
      248 - 8,
    ],
    [
      'a prefix /29 removes 8 as well: secondary IPs never go there',
      [reservation('10.0.0.80/29', 'prefix')],
      248 - 8,
    ],
    [
      'a /26 removes its 64 less the one address already used in it',
      [reservation('10.0.0.64/26', 'explicit')],
      248 - 63,
    ],
    [
      'a reservation over the first /28 does not take AWS’s four reserved addresses twice',
      [reservation('10.0.0.0/28', 'explicit')],
      248 - 11,
    ],
    ['a /32 removes one address', [reservation('10.0.0.99/32', 'explicit')], 248 - 1],
    [
      'two reservations in one /28 remove 4 + 4',
      [reservation('10.0.0.96/30', 'explicit'), reservation('10.0.0.104/30', 'prefix')],
      248 - 8,
    ],
  ])('%s', (_why, reservations: CidrReservationFacts[], expected) => {
    const analysis = analyzeSubnet(subnet(), [taken], reservations)
    const supply = subnetSupply(analysis)
    expect(supply.addresses).toBe(expected)
    expect(supply.addresses).toBe(freeOutsideReservations('10.0.0.0/24', [taken], reservations))
  })

  it('a reservation finer than a /28 beside a used address of its /28: never more than the truth', () => {
    // Which of the /28's addresses the used ones are is not in the analysis: assume they lie outside the
    // reservation, the cautious side (here the truth is 2 more).
    const inside = eni({ privateIps: ['10.0.0.66', '10.0.0.67'] })
    const reservations = [reservation('10.0.0.64/29', 'explicit')]
    const truth = freeOutsideReservations('10.0.0.0/24', [inside], reservations)
    expect(subnetSupply(analyzeSubnet(subnet(), [inside], reservations)).addresses).toBe(truth - 2)
  })

  it('blocks: prefix reservations count only their wholly reserved free /28s as theirs', () => {
    const reservations = [reservation('10.0.0.128/25', 'prefix'), reservation('10.0.0.64/28', 'explicit')]
    const analysis = analyzeSubnet(subnet(), [eni({ ipv4Prefixes: ['10.0.0.128/28'] })], reservations)
    // 14 candidates: one explicit, one taken, and the last holds the broadcast address.
    expect(subnetSupply(analysis)).toMatchObject({ assignableBlocks: 12, prefixReservationBlocks: 6 })
  })

  // Random subnets, addresses and prefixes, with reservations aligned to /28 or larger: exact.
  const subnets = fc
    .record({
      length: fc.integer({ min: 22, max: 26 }),
      ips: fc.array(fc.nat(1023), { maxLength: 60 }),
      prefixes: fc.array(fc.nat(63), { maxLength: 10 }),
      reservations: fc.array(
        fc.record({ length: fc.integer({ min: 25, max: 32 }), at: fc.nat(1023), prefix: fc.boolean() }),
        { maxLength: 4 },
      ),
    })
    .map(({ length, ips, prefixes, reservations }) => {
      const size = 2 ** (32 - length)
      const blocks = size / 16
      const prefixBlocks = [...new Set(prefixes.map((block) => 1 + (block % (blocks - 2))))]
      const inPrefix = (offset: number) => prefixBlocks.includes(Math.floor(offset / 16))
      const offsets = [...new Set(ips.map((offset) => 4 + (offset % (size - 5))))].filter((o) => !inPrefix(o))
      const address = (offset: number) => `10.0.${offset >> 8}.${offset & 255}`
      const chosen: CidrReservationFacts[] = []
      for (const candidate of reservations) {
        const span = 2 ** (32 - Math.max(candidate.length, length))
        const start = (candidate.at % size) - ((candidate.at % size) % span)
        const overlaps = chosen.some((other) => {
          const [a, b] = range(other.cidr)
          return start < b && a < start + span
        })
        if (!overlaps)
          chosen.push(
            reservation(
              `${address(start)}/${32 - Math.log2(span)}`,
              candidate.prefix ? 'prefix' : 'explicit',
            ),
          )
      }
      return {
        cidr: `10.0.0.0/${length}`,
        enis: [
          eni({
            privateIps: offsets.map(address),
            ipv4Prefixes: prefixBlocks.map((block) => `${address(block * 16)}/28`),
          }),
        ],
        reservations: chosen,
      }
    })

  it('property: exact when reservations are /28 or larger, never above the truth when finer', () => {
    fc.assert(
      fc.property(subnets, ({ cidr, enis, reservations }) => {
        const supply = subnetSupply(analyzeSubnet(subnet({ cidr }), enis, reservations))
        const truth = freeOutsideReservations(cidr, enis, reservations)
        const coarse = reservations.every((item) => Number(item.cidr.split('/')[1]) <= 28)
        if (coarse) expect(supply.addresses).toBe(truth)
        else expect(supply.addresses).toBeLessThanOrEqual(truth)
        expect(supply.addresses).toBeGreaterThanOrEqual(0)
      }),
      { seed: 11, numRuns: 300 },
    )
  })
})

describe('demand against supply: addresses and /28 prefixes each against their own', () => {
  const supply = (overrides: Partial<SubnetSupply>): SubnetSupply => ({
    freeIps: 0,
    addresses: 0,
    assignableBlocks: 0,
    prefixReservationBlocks: 0,
    ...overrides,
  })
  it.each([
    [
      'secondary IPs never draw on a prefix reservation, however many prefixes go there',
      supply({ addresses: 121, assignableBlocks: 4, prefixReservationBlocks: 4 }),
      { addresses: 121, blocks: 2 },
      { addressUse: 1, blockUse: 0.5 },
    ],
    [
      'prefixes beyond the reservation take free /28s outside it, 16 addresses each',
      supply({ addresses: 200, assignableBlocks: 10, prefixReservationBlocks: 2 }),
      { addresses: 4, blocks: 4 },
      // 2 prefixes outside the reservation take 32 of the 200 addresses; 4 of the 10 blocks may be spoilt.
      { addressUse: (4 + 32) / 200, blockUse: (4 + 4) / 10 },
    ],
    [
      'EC2 may put each address in a different free /28: 10 addresses can spoil 10 candidate blocks',
      supply({ addresses: 400, assignableBlocks: 20 }),
      { addresses: 10, blocks: 10 },
      { addressUse: (10 + 160) / 400, blockUse: (10 + 10) / 20 },
    ],
    [
      'addresses cannot spoil blocks inside a prefix reservation: they never go there',
      supply({ addresses: 100, assignableBlocks: 6, prefixReservationBlocks: 6 }),
      { addresses: 50, blocks: 6 },
      { addressUse: 0.5, blockUse: 1 },
    ],
    [
      'prefixes beyond every free /28 have nowhere to go, so take no addresses: 12 wanted, 10 free',
      supply({ addresses: 187, assignableBlocks: 10 }),
      { addresses: 4, blocks: 12 },
      // 10 prefixes take 160 of the 187 addresses, the other 2 none; the 4 addresses may spoil 4 blocks.
      { addressUse: (4 + 160) / 187, blockUse: (12 + 4) / 10 },
    ],
    [
      'addresses that may spoil every free /28 leave prefixes none: still a ratio of the blocks there are',
      supply({ addresses: 60, assignableBlocks: 2 }),
      { addresses: 3, blocks: 6 },
      { addressUse: (3 + 32) / 60, blockUse: (6 + 2) / 2 },
    ],
    [
      'no supply and some demand: beyond any measure',
      supply({}),
      { addresses: 1, blocks: 1 },
      { addressUse: Number.POSITIVE_INFINITY, blockUse: Number.POSITIVE_INFINITY },
    ],
    ['no demand uses nothing', supply({}), { addresses: 0, blocks: 0 }, { addressUse: 0, blockUse: 0 }],
  ])('%s', (_why, offered, demand, expected) => {
    const use = demandUse(offered, demand)
    expect(use.addressUse).toBeCloseTo(expected.addressUse, 9)
    expect(use.blockUse).toBeCloseTo(expected.blockUse, 9)
  })

  it('property: more demand never uses less of either supply', () => {
    const count = fc.nat(300)
    fc.assert(
      fc.property(count, count, count, count, count, count, (a, b, more, s, u, r) => {
        const offered = supply({ addresses: s, assignableBlocks: u + r, prefixReservationBlocks: r })
        const before = demandUse(offered, { addresses: a, blocks: b })
        for (const after of [
          demandUse(offered, { addresses: a + more, blocks: b }),
          demandUse(offered, { addresses: a, blocks: b + more }),
        ]) {
          expect(Math.max(after.addressUse, after.blockUse)).toBeGreaterThanOrEqual(
            Math.max(before.addressUse, before.blockUse),
          )
        }
      }),
      { seed: 7 },
    )
  })

  it('property: a ratio of the supply whenever there is some: finite, and above 1 exactly when it does not fit', () => {
    const count = fc.nat(300)
    fc.assert(
      fc.property(count, count, count, count, count, (a, b, s, u, r) => {
        const offered = supply({ addresses: s, assignableBlocks: u + r, prefixReservationBlocks: r })
        const use = demandUse(offered, { addresses: a, blocks: b })
        if (s > 0) expect(Number.isFinite(use.addressUse)).toBe(true)
        if (u + r > 0) expect(Number.isFinite(use.blockUse)).toBe(true)
        // The fit itself, counted directly: prefixes go to the reservation first, then outside it, where
        // each address may have spoilt a block and each prefix takes 16 addresses (that only matters to
        // addresses that are wanted).
        const outside = Math.min(u, Math.max(0, b - r))
        const fits = (b === 0 || b <= r + u - Math.min(u, a)) && (a === 0 || a + 16 * outside <= s)
        expect(Math.max(use.addressUse, use.blockUse) <= 1).toBe(fits)
      }),
      { seed: 5 },
    )
  })

  const none = { addresses: 0, blocks: 0 }
  const secondary = { addresses: 30, blocks: 0 }
  it.each([
    ['270 addresses hold 9 nodes of 30', supply({ addresses: 270 }), none, secondary, 9],
    [
      'other groups come first: 60 of 270 are theirs',
      supply({ addresses: 270 }),
      { addresses: 60, blocks: 0 },
      secondary,
      7,
    ],
    ['20 addresses hold no node of 30', supply({ addresses: 20 }), none, secondary, 0],
    [
      'prefix nodes (2 prefixes, 1 address): n addresses may spoil n of 9 blocks, so 2n ≤ 9 − n',
      supply({ addresses: 500, assignableBlocks: 9 }),
      none,
      { addresses: 1, blocks: 2 },
      3,
    ],
    ['a node that takes nothing: no limit', supply({}), none, none, Number.MAX_SAFE_INTEGER],
  ])('nodes that fit: %s', (_why, offered, others, perNode, expected) => {
    expect(nodesThatFit(offered, others, perNode)).toBe(expected)
  })
})

function holding(overrides: Partial<NodeHolding>): NodeHolding {
  return {
    pods: 20,
    enis: 2,
    secondaryIps: 20,
    prefixes: 0,
    ipv4Held: 22,
    ipv4HeldNodeSubnet: 0,
    blocksNeeded: 0,
    idleAddresses: 0,
    podsWithoutAddress: 0,
    ...overrides,
  }
}

describe('a node group’s own verdict: pods the VPC CNI leaves without an address', () => {
  it.each([
    ['every pod gets an address: fits', [{ steady: {}, peak: {} }], 'fits', []],
    [
      'MINIMUM_IP_TARGET=10 without WARM_IP_TARGET on m5.large with 20 pods: 10 get no address',
      [
        {
          steady: { secondaryIps: 10, ipv4Held: 12, podsWithoutAddress: 10 },
          peak: { podsWithoutAddress: 17 },
        },
      ],
      'does-not-fit',
      ['10 of 20 pods per m5.large node get no address from the VPC CNI'],
    ],
    [
      'only at kubelet max pods: fits as planned, with no room for more pods',
      [{ steady: {}, peak: { pods: 27, podsWithoutAddress: 7 } }],
      'tight',
      ['at kubelet max pods 7 of 27 pods per m5.large node would get no address from the VPC CNI'],
    ],
  ] as const)('%s', (_why, types, verdict, reasons) => {
    const usages = types.map((type) => ({
      instanceType: 'm5.large',
      steady: holding(type.steady),
      peak: holding({ pods: 27, ...type.peak }),
    }))
    expect(groupVerdict(usages)).toEqual({ verdict, reasons })
  })

  it('every type of the group counts, not only the one that holds the most', () => {
    const verdict = groupVerdict([
      { instanceType: 'm5.xlarge', steady: holding({ ipv4Held: 40 }), peak: holding({}) },
      { instanceType: 'm5.large', steady: holding({ podsWithoutAddress: 3 }), peak: holding({}) },
    ])
    expect(verdict).toEqual({
      verdict: 'does-not-fit',
      reasons: ['3 of 20 pods per m5.large node get no address from the VPC CNI'],
    })
  })
})

describe('a subnet’s assessment', () => {
  const nodes = (perNode: { addresses: number; blocks: number }, maxNodes: number, nodeGroup = 'g') => ({
    nodeGroup,
    role: 'nodes' as const,
    subnetId: 'subnet-1',
    maxNodes,
    perNode: { steady: perNode, peak: perNode },
  })

  it('a /27 has no /28 a prefix may take: no ratio exists, and none is made up', () => {
    const analysis = analyzeSubnet(subnet({ cidr: '10.0.0.0/27' }), [], [])
    const assessed = assessSubnet(analysis, [nodes({ addresses: 1, blocks: 2 }, 1)])
    expect(assessed).toMatchObject({
      utilization: null,
      verdict: 'does-not-fit',
      bindingLimit: 'contiguous-28-blocks',
    })
  })

  it('prefixes beyond the free blocks: the blocks bind, at a real ratio, not "addresses" at 999', () => {
    // The demo's explicit-reserved /24: an explicit /26 over 2 used addresses leaves 187 addresses and
    // 10 free /28s; 4 prefix nodes want 12 of them. 10 take 160 addresses, the other 2 none.
    const analysis = analyzeSubnet(
      subnet(),
      [eni({ privateIps: ['10.0.0.70', '10.0.0.71'] })],
      [reservation('10.0.0.64/26', 'explicit')],
    )
    const assessed = assessSubnet(analysis, [nodes({ addresses: 1, blocks: 3 }, 4)])
    expect(assessed.supply).toMatchObject({
      addresses: 187,
      assignableBlocks: 10,
      prefixReservationBlocks: 0,
    })
    expect(assessed).toMatchObject({
      bindingLimit: 'contiguous-28-blocks',
      verdict: 'does-not-fit',
      utilization: (12 + 4) / 10,
    })
  })

  it('a group with no nodes on a subnet is not listed there', () => {
    const analysis = analyzeSubnet(subnet(), [], [])
    const assessed = assessSubnet(analysis, [
      nodes({ addresses: 30, blocks: 0 }, 2, 'apps'),
      nodes({ addresses: 30, blocks: 0 }, 0, 'idle'),
    ])
    expect(assessed.moreNodes.map((more) => more.nodeGroup)).toEqual(['apps'])
    expect(assessed.demand.nodes).toEqual({ apps: 2 })
  })
})
