import { formatCidr, type Ipv4Cidr, parseCidr } from '../ipv4.ts'
import type { Carving, CidrRequest } from './sizing-terms.ts'

/** An occupied address range, [start, end). */
interface Range {
  start: number
  end: number
}

/**
 * Places each request as an aligned CIDR of its length in the first of its spaces with room, at the lowest
 * free aligned position, overlapping neither `taken` (existing subnets, anywhere) nor what it placed before.
 * Largest requests first; ties keep the order given. `largestFree` is, per space, the lowest of the largest
 * aligned CIDRs left free after placing.
 *
 * Why largest first places all whenever any placement exists (for requests allowed in the same spaces):
 * aligned power-of-two blocks nest or are disjoint. Take any complete placement, and let the largest request
 * (size s) sit at X in it while this function puts it at Y, an aligned s-block free of `taken`. In the
 * complete placement Y holds nothing or only smaller requests, each wholly inside Y; swapping the contents
 * of X and Y (a shift by a multiple of s keeps every block aligned) gives a complete placement that agrees
 * with this one on the largest request. Repeat with it fixed. When requests allow different spaces, a
 * request that takes the last room of a space another one needed can still leave that one unplaced.
 */
export function carve(spaces: string[], taken: string[], requests: CidrRequest[]): Carving {
  const spaceCidrs = new Map(spaces.map((text) => [text, parseOrThrow(text)]))
  const occupied: Range[] = taken.map((text) => toRange(parseOrThrow(text)))
  const keys = new Set<string>()
  for (const request of requests) {
    if (keys.has(request.key)) throw new RangeError(`two requests for ${request.key}`)
    keys.add(request.key)
    if (!Number.isInteger(request.prefixLength) || request.prefixLength < 0 || request.prefixLength > 32)
      throw new RangeError(`${request.key}: no /${request.prefixLength} in IPv4`)
  }

  const placed = new Map<string, string>()
  const unplaced: CidrRequest[] = []
  const largestFirst = requests
    .map((request, order) => ({ request, order }))
    .sort((a, b) => a.request.prefixLength - b.request.prefixLength || a.order - b.order)
  for (const { request } of largestFirst) {
    const network = firstFit(
      request.spaces.map((text) => spaceOf(spaceCidrs, text, request.key)),
      request.prefixLength,
      occupied,
    )
    if (network === undefined) {
      unplaced.push(request)
      continue
    }
    placed.set(request.key, formatCidr(network, request.prefixLength))
    occupied.push({ start: network, end: network + 2 ** (32 - request.prefixLength) })
  }

  const largestFree = new Map<string, string | null>()
  for (const [text, space] of spaceCidrs) largestFree.set(text, largestFreeIn(space, occupied))
  return { placed, unplaced, largestFree }
}

function firstFit(spaces: Ipv4Cidr[], prefixLength: number, occupied: Range[]): number | undefined {
  for (const space of spaces) {
    const network = lowestFree(space, prefixLength, occupied)
    if (network !== undefined) return network
  }
  return undefined
}

/** The lowest aligned /prefixLength inside the space that overlaps nothing occupied. */
function lowestFree(space: Ipv4Cidr, prefixLength: number, occupied: Range[]): number | undefined {
  if (prefixLength < space.prefixLength) return undefined
  const size = 2 ** (32 - prefixLength)
  const spaceEnd = space.network + space.size
  let candidate = space.network
  while (candidate + size <= spaceEnd) {
    const candidateEnd = candidate + size
    let blockedUntil = -1
    for (const range of occupied) {
      if (range.start < candidateEnd && range.end > candidate)
        blockedUntil = Math.max(blockedUntil, range.end)
    }
    if (blockedUntil < 0) return candidate
    // Every aligned position below the end of what blocks this one overlaps it too.
    candidate = Math.ceil(blockedUntil / size) * size
  }
  return undefined
}

function largestFreeIn(space: Ipv4Cidr, occupied: Range[]): string | null {
  for (let prefixLength = space.prefixLength; prefixLength <= 32; prefixLength++) {
    const network = lowestFree(space, prefixLength, occupied)
    if (network !== undefined) return formatCidr(network, prefixLength)
  }
  return null
}

function spaceOf(spaceCidrs: Map<string, Ipv4Cidr>, text: string, key: string): Ipv4Cidr {
  const space = spaceCidrs.get(text)
  if (!space) throw new RangeError(`${key}: ${text} is not one of the address space's CIDRs`)
  return space
}

function parseOrThrow(text: string): Ipv4Cidr {
  const cidr = parseCidr(text)
  if (!cidr) throw new RangeError(`not a CIDR: ${text}`)
  return cidr
}

function toRange(cidr: Ipv4Cidr): Range {
  return { start: cidr.network, end: cidr.network + cidr.size }
}
