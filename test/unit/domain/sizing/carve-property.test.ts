import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatCidr, parseCidr } from '../../../../lib/domain/ipv4.ts'
import { carve } from '../../../../lib/domain/sizing/carve.ts'
import type { CidrRequest } from '../../../../lib/domain/sizing/sizing-terms.ts'

// Generated VPCs (a primary CIDR, maybe a 100.64.0.0 secondary, existing subnets, requested subnets),
// checked against references that work /28 block by /28 block with plain Sets and exhaustive search.
// Every generated CIDR is a /28 or larger, so /28 blocks are the finest grain that matters.

const BLOCK = 16

interface Vpc {
  spaces: string[]
  taken: string[]
  requests: CidrRequest[]
}

interface Block {
  first: number
  count: number
}

function blockOf(text: string): Block {
  const cidr = parseCidr(text)
  if (!cidr) throw new Error(`bad CIDR in the test: ${text}`)
  return { first: cidr.network / BLOCK, count: cidr.size / BLOCK }
}

function occupy(occupied: Set<number>, { first, count }: Block): void {
  for (let block = first; block < first + count; block++) occupied.add(block)
}

function isFree(occupied: Set<number>, { first, count }: Block): boolean {
  for (let block = first; block < first + count; block++) if (occupied.has(block)) return false
  return true
}

/** Aligned positions of a /prefixLength inside the space, lowest first. */
function positions(space: string, prefixLength: number): Block[] {
  const { first, count } = blockOf(space)
  const size = 2 ** (32 - prefixLength) / BLOCK
  if (size > count) return []
  return Array.from({ length: count / size }, (_, index) => ({ first: first + index * size, count: size }))
}

/** A CIDR of this length inside the space, with random aligned position. */
const cidrInside = (space: string, shortest: number, longest: number) =>
  fc.integer({ min: shortest, max: longest }).chain((prefixLength) => {
    const all = positions(space, prefixLength)
    return fc.nat(all.length - 1).map((index) => {
      const { first } = all[index] as Block
      return formatCidr(first * BLOCK, prefixLength)
    })
  })

/** Keeps the CIDRs that overlap none kept before them: existing subnets never overlap. */
function disjoint(cidrs: string[]): string[] {
  const occupied = new Set<number>()
  return cidrs.filter((text) => {
    const block = blockOf(text)
    if (!isFree(occupied, block)) return false
    occupy(occupied, block)
    return true
  })
}

const primaryCidr = fc
  .tuple(fc.integer({ min: 16, max: 22 }), fc.nat(255))
  .map(([prefixLength, second]) => formatCidr((10 * 256 + second) * 65_536, prefixLength))
const secondaryCidr = fc.integer({ min: 16, max: 24 }).map((prefixLength) => `100.64.0.0/${prefixLength}`)

const vpcs: fc.Arbitrary<Vpc> = fc
  .tuple(primaryCidr, fc.option(secondaryCidr, { nil: undefined }))
  .chain(([primary, secondary]) => {
    const spaces = secondary ? [primary, secondary] : [primary]
    const lengthOf = (space: string) => (parseCidr(space) as { prefixLength: number }).prefixLength
    const existing = fc.array(
      fc.constantFrom(...spaces).chain((space) => cidrInside(space, lengthOf(space) + 1, 28)),
      { maxLength: 12 },
    )
    const requests = fc.array(
      fc
        .tuple(fc.shuffledSubarray(spaces, { minLength: 1 }), fc.integer({ min: 0, max: 12 }))
        .map(([allowed, extra]) => ({
          spaces: allowed,
          prefixLength: Math.min(28, Math.max(...allowed.map(lengthOf)) + extra),
        })),
      { minLength: 1, maxLength: 8 },
    )
    // An existing subnet outside every space, which must change nothing.
    const elsewhere = fc.constant('172.31.0.0/20')
    return fc.tuple(fc.constant(spaces), existing, elsewhere, requests)
  })
  .map(([spaces, existing, elsewhere, requests]) => ({
    spaces,
    taken: [...disjoint(existing), elsewhere],
    requests: requests.map((wanted, index) => ({ key: `request-${index}`, ...wanted })),
  }))

/** The lowest of the largest aligned free CIDRs of the space, trying every length and position. */
function largestFreeByScan(space: string, occupied: Set<number>): string | null {
  const { prefixLength: spaceLength } = parseCidr(space) as { prefixLength: number }
  for (let prefixLength = spaceLength; prefixLength <= 28; prefixLength++) {
    const free = positions(space, prefixLength).find((position) => isFree(occupied, position))
    if (free) return formatCidr(free.first * BLOCK, prefixLength)
  }
  return null
}

/** Whether every request can be placed somewhere allowed, by trying every position for each in turn. */
function somePlacementHoldsAll(requests: CidrRequest[], taken: string[]): boolean {
  const occupied = new Set<number>()
  for (const text of taken) occupy(occupied, blockOf(text))
  const place = (index: number): boolean => {
    const next = requests[index]
    if (!next) return true
    for (const space of next.spaces) {
      for (const position of positions(space, next.prefixLength)) {
        if (!isFree(occupied, position)) continue
        occupy(occupied, position)
        const done = place(index + 1)
        for (let block = position.first; block < position.first + position.count; block++)
          occupied.delete(block)
        if (done) return true
      }
    }
    return false
  }
  return place(0)
}

describe('carve on generated VPCs', () => {
  it('places each request aligned, inside an allowed space, overlapping nothing; what it leaves out has no room', () => {
    fc.assert(
      fc.property(vpcs, ({ spaces, taken, requests }) => {
        // Act
        const carving = carve(spaces, taken, requests)

        // Assess: placed CIDRs
        const occupied = new Set<number>()
        for (const text of taken) occupy(occupied, blockOf(text))
        for (const wanted of requests) {
          const text = carving.placed.get(wanted.key)
          if (text === undefined) continue
          const cidr = parseCidr(text)
          expect(cidr?.prefixLength).toBe(wanted.prefixLength)
          const block = blockOf(text)
          const inside = wanted.spaces.some((space) =>
            positions(space, wanted.prefixLength).some(({ first }) => first === block.first),
          )
          expect(inside).toBe(true)
          expect(isFree(occupied, block)).toBe(true)
          occupy(occupied, block)
        }

        // Assess: largest first (ties in the order asked), each at the lowest free position of its first space
        // with room.
        const replayed = new Set<number>()
        for (const text of taken) occupy(replayed, blockOf(text))
        const largestFirst = [...requests].sort((a, b) => a.prefixLength - b.prefixLength)
        for (const wanted of largestFirst) {
          const lowest = wanted.spaces
            .map((space) =>
              positions(space, wanted.prefixLength).find((position) => isFree(replayed, position)),
            )
            .find((position) => position !== undefined)
          const expected = lowest && formatCidr(lowest.first * BLOCK, wanted.prefixLength)
          expect(carving.placed.get(wanted.key)).toBe(expected)
          if (lowest) occupy(replayed, lowest)
        }

        // Assess: every request is placed or reported, once; reported ones largest first, with no room left.
        const unplacedKeys = carving.unplaced.map(({ key }) => key)
        expect(carving.placed.size + unplacedKeys.length).toBe(requests.length)
        expect(new Set([...carving.placed.keys(), ...unplacedKeys]).size).toBe(requests.length)
        const lengths = carving.unplaced.map(({ prefixLength }) => prefixLength)
        expect(lengths).toEqual([...lengths].sort((a, b) => a - b))
        for (const left of carving.unplaced) {
          const room = left.spaces.some((space) =>
            positions(space, left.prefixLength).some((position) => isFree(occupied, position)),
          )
          expect(room).toBe(false)
        }

        // Assess: largestFree, per space, by scanning every length and position.
        expect([...carving.largestFree.keys()]).toEqual(spaces)
        for (const space of spaces)
          expect(carving.largestFree.get(space)).toBe(largestFreeByScan(space, occupied))
      }),
      { numRuns: 300 },
    )
  })

  it('places all whenever an exhaustive search can, when requests share their spaces', () => {
    // Prepare: a /24 (and maybe a /25 or /26 from 100.64.0.0/16), used in part, and /28–/26 requests that
    // may go in any space, each in its own order of preference.
    let holdable = 0
    let notHoldable = 0
    const smallVpcs = fc
      .tuple(fc.nat(255), fc.option(fc.integer({ min: 25, max: 26 }), { nil: undefined }))
      .chain(([third, secondaryLength]) => {
        const primary = formatCidr((10 * 65_536 + third) * 256, 24)
        const spaces = secondaryLength ? [primary, `100.64.0.0/${secondaryLength}`] : [primary]
        const existing = fc.array(
          fc.constantFrom(...spaces).chain((space) => cidrInside(space, 26, 28)),
          { maxLength: 5 },
        )
        const requests = fc.array(
          fc.tuple(
            fc.integer({ min: 26, max: 28 }),
            fc.shuffledSubarray(spaces, { minLength: spaces.length }),
          ),
          { minLength: 1, maxLength: 7 },
        )
        return fc.tuple(fc.constant(spaces), existing, requests)
      })
    fc.assert(
      fc.property(smallVpcs, ([spaces, existing, wanted]) => {
        const taken = disjoint(existing)
        const requests = wanted.map(([prefixLength, allowed], index) => ({
          key: `request-${index}`,
          prefixLength,
          spaces: allowed,
        }))

        // Act
        const carving = carve(spaces, taken, requests)

        // Assess
        const holdsAll = somePlacementHoldsAll(requests, taken)
        if (holdsAll) holdable++
        else notHoldable++
        expect(carving.unplaced.length === 0).toBe(holdsAll)
      }),
      { numRuns: 400 },
    )
    // Both outcomes were exercised, or the comparison proved little.
    expect(holdable).toBeGreaterThan(20)
    expect(notHoldable).toBeGreaterThan(20)
  })
})
