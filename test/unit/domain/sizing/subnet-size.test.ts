import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCidr, within } from '../../../../lib/domain/ipv4.ts'
import { prefixReservations, smallestSubnet } from '../../../../lib/domain/sizing/subnet-size.ts'

// The references here count addresses one by one in a built subnet, and find the fewest aligned CIDRs by
// a search over the subnet's tree of aligned halves, rather than reuse the formulas under test.

const SUBNET_BASE = 10 * 2 ** 24

/** Offsets of the addresses AWS keeps in a subnet of this size: the first four and the last. */
function awsReserved(size: number): Set<number> {
  return new Set([0, 1, 2, 3, size - 1])
}

/** Whether a subnet of this length holds the need, by building it and counting its addresses. */
function holdsByCounting(prefixLength: number, need: { addresses: number; blocks: number }): boolean {
  const size = 2 ** (32 - prefixLength)
  const reserved = awsReserved(size)
  const prefixBlocks: number[] = []
  for (let block = 0; block * 16 + 16 <= size && prefixBlocks.length < need.blocks; block++) {
    let clean = true
    for (let offset = block * 16; offset < block * 16 + 16; offset++) if (reserved.has(offset)) clean = false
    if (clean) prefixBlocks.push(block)
  }
  if (prefixBlocks.length < need.blocks) return false
  const inPrefix = new Set(prefixBlocks)
  let freeAddresses = 0
  for (let offset = 0; offset < size; offset++) {
    if (!reserved.has(offset) && !inPrefix.has(Math.floor(offset / 16))) freeAddresses++
  }
  return freeAddresses >= need.addresses
}

/**
 * fewest[k] = the fewest aligned CIDRs of /28 blocks that cover exactly k blocks of a subnet of `blocks`
 * /28s without its first or last one (Infinity when none do). An aligned CIDR inside a node of the tree of
 * aligned halves is the node itself or lies in one half, so a node's answer is its own (1 for all of it)
 * or the best split of k between its halves.
 */
function fewestCidrs(blocks: number): number[] {
  const solve = (first: number, count: number): number[] => {
    const allowed = first > 0 && first + count < blocks
    if (count === 1) return allowed ? [0, 1] : [0, Number.POSITIVE_INFINITY]
    const low = solve(first, count / 2)
    const high = solve(first + count / 2, count / 2)
    const best = new Array<number>(count + 1).fill(Number.POSITIVE_INFINITY)
    for (let a = 0; a < low.length; a++) {
      const costA = low[a] as number
      if (costA === Number.POSITIVE_INFINITY) continue
      for (let b = 0; b < high.length; b++)
        best[a + b] = Math.min(best[a + b] as number, costA + (high[b] as number))
    }
    if (allowed) best[count] = 1
    return best
  }
  return solve(0, blocks)
}

describe('smallestSubnet', () => {
  it.each([
    ['nothing fits the smallest subnet EC2 creates', { addresses: 0, blocks: 0 }, 28],
    ['a /28 with no prefixes holds 16 − 5 = 11 addresses', { addresses: 11, blocks: 0 }, 28],
    ['a 12th address needs a /27', { addresses: 12, blocks: 0 }, 27],
    ['a /27 holds 27 addresses', { addresses: 27, blocks: 0 }, 27],
    ['a 28th address needs a /26', { addresses: 28, blocks: 0 }, 26],
    [
      'one prefix needs the first and last /28 beside it: 3 blocks, so a /26',
      { addresses: 0, blocks: 1 },
      26,
    ],
    ['one prefix leaves a /26 64 − 5 − 16 = 43 addresses', { addresses: 43, blocks: 1 }, 26],
    ['one prefix and 44 addresses need a /25', { addresses: 44, blocks: 1 }, 25],
    ['a /26 holds two prefixes and 64 − 5 − 32 = 27 addresses', { addresses: 27, blocks: 2 }, 26],
    ['two prefixes and 28 addresses need a /25', { addresses: 28, blocks: 2 }, 25],
    ['three prefixes need five /28s, so a /25', { addresses: 0, blocks: 3 }, 25],
    ['a /24 has 14 prefix candidates, not 16', { addresses: 0, blocks: 14 }, 24],
    ['a 15th prefix needs a /23', { addresses: 0, blocks: 15 }, 23],
    ['addresses and prefixes share the subnet', { addresses: 100, blocks: 8 }, 24],
    ['a /16 holds 65,531 addresses', { addresses: 65_531, blocks: 0 }, 16],
    ['more than a /16 holds has no answer', { addresses: 65_532, blocks: 0 }, null],
    ['a /16 holds 4,094 prefixes', { addresses: 0, blocks: 4094 }, 16],
    ['a 4,095th prefix has no answer', { addresses: 0, blocks: 4095 }, null],
    [
      'a /16 full of prefixes holds the 27 addresses left in its first and last /28',
      { addresses: 27, blocks: 4094 },
      16,
    ],
    ['one more address than that has no answer', { addresses: 28, blocks: 4094 }, null],
  ])('%s', (_reason, need, expected) => {
    // Act
    const prefixLength = smallestSubnet(need)

    // Assess
    expect(prefixLength).toBe(expected)
  })

  it.each([
    ['negative addresses', { addresses: -1, blocks: 0 }],
    ['fractional blocks', { addresses: 0, blocks: 1.5 }],
    ['not a number', { addresses: Number.NaN, blocks: 0 }],
  ])('refuses %s', (_reason, need) => {
    expect(() => smallestSubnet(need)).toThrow(RangeError)
  })

  it('answers the smallest subnet that holds the need, counted address by address', () => {
    // Prepare: needs up to about what a /16 holds, small ones more often.
    const needs = fc.record({
      addresses: fc.oneof(fc.nat(300), fc.nat(70_000)),
      blocks: fc.oneof(fc.nat(20), fc.nat(4200)),
    })
    fc.assert(
      fc.property(needs, (need) => {
        // Act
        const prefixLength = smallestSubnet(need)

        // Assess
        if (prefixLength === null) {
          expect(holdsByCounting(16, need)).toBe(false)
          return
        }
        expect(prefixLength).toBeGreaterThanOrEqual(16)
        expect(prefixLength).toBeLessThanOrEqual(28)
        expect(holdsByCounting(prefixLength, need)).toBe(true)
        if (prefixLength < 28) expect(holdsByCounting(prefixLength + 1, need)).toBe(false)
      }),
      { numRuns: 150 },
    )
  })
})

describe('prefixReservations', () => {
  it.each([
    ['no prefixes, no reservation', '10.0.0.0/24', 0, []],
    ['one prefix: the /28 just below the last', '10.0.0.0/24', 1, ['10.0.0.224/28']],
    ['two prefixes: one /27 below the last /28', '10.0.0.0/24', 2, ['10.0.0.192/27']],
    [
      'four prefixes: the upper half’s first /26 (the second one holds the last /28)',
      '10.0.0.0/24',
      4,
      ['10.0.0.128/26'],
    ],
    ['five prefixes: a /26 and a /28, two CIDRs', '10.0.0.0/24', 5, ['10.0.0.128/26', '10.0.0.224/28']],
    [
      'eight prefixes: no /25 avoids both ends, so two /26s',
      '10.0.0.0/24',
      8,
      ['10.0.0.64/26', '10.0.0.128/26'],
    ],
    [
      'all 14 candidates of a /24',
      '10.0.0.0/24',
      14,
      ['10.0.0.16/28', '10.0.0.32/27', '10.0.0.64/26', '10.0.0.128/26', '10.0.0.192/27', '10.0.0.224/28'],
    ],
    [
      'a /26 holds two, apart: they sit in different halves',
      '10.1.2.64/26',
      2,
      ['10.1.2.80/28', '10.1.2.96/28'],
    ],
  ])('%s', (_reason, subnet, blocks, expected) => {
    // Act
    const reservations = prefixReservations(subnet, blocks)

    // Assess
    expect(reservations).toEqual(expected)
  })

  it.each([
    ['a 15th prefix in a /24', '10.0.0.0/24', 15],
    ['any prefix in a /27', '10.0.0.0/27', 1],
    ['any prefix in a /28', '10.0.0.0/28', 1],
    ['a subnet that is not a CIDR', '10.0.0.1/24', 1],
    ['negative blocks', '10.0.0.0/24', -1],
  ])('refuses %s', (_reason, subnet, blocks) => {
    expect(() => prefixReservations(subnet, blocks)).toThrow(RangeError)
  })

  it.each(Array.from({ length: 13 }, (_, index) => 28 - index))(
    'covers exactly the asked /28s of a /%i, aligned, disjoint, off its ends, in the fewest CIDRs',
    (subnetLength) => {
      // Prepare
      const subnetSize = 2 ** (32 - subnetLength)
      const subnetBlocks = subnetSize / 16
      const subnet = `10.0.0.0/${subnetLength}`
      const fewest = fewestCidrs(subnetBlocks)
      const candidates = Math.max(0, subnetBlocks - 2)
      const subnetCidr = parseCidr(subnet)
      if (!subnetCidr) throw new Error('bad test subnet')

      for (let blocks = 0; blocks <= candidates; blocks++) {
        // Act
        const reservations = prefixReservations(subnet, blocks)

        // Assess: one summary per count, so a failure names the count and what broke.
        const covered = new Set<number>()
        let misaligned = 0
        let outside = 0
        let overlapping = 0
        for (const text of reservations) {
          const cidr = parseCidr(text)
          if (!cidr || cidr.prefixLength > 28) {
            misaligned++
            continue
          }
          if (!within(subnetCidr, cidr)) outside++
          for (let address = cidr.network; address < cidr.network + cidr.size; address += 16) {
            const block = (address - SUBNET_BASE) / 16
            if (covered.has(block)) overlapping++
            covered.add(block)
          }
        }
        expect({
          blocks,
          misaligned,
          outside,
          overlapping,
          covered: covered.size,
          holdsFirst: covered.has(0),
          holdsLast: covered.has(subnetBlocks - 1),
          cidrs: reservations.length,
        }).toEqual({
          blocks,
          misaligned: 0,
          outside: 0,
          overlapping: 0,
          covered: blocks,
          holdsFirst: false,
          holdsLast: false,
          cidrs: fewest[blocks],
        })
      }
    },
  )
})
