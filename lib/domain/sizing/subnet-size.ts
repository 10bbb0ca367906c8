import { formatCidr, parseCidr } from '../ipv4.ts'
import type { SubnetNeed } from './sizing-terms.ts'

/** EC2 creates IPv4 subnets from /16 to /28. */
export const LARGEST_SUBNET_PREFIX = 16
export const SMALLEST_SUBNET_PREFIX = 28

/** A subnet's first four addresses and its last one are AWS's. */
const AWS_RESERVED_ADDRESSES = 5
const BLOCK_SIZE = 16
const BLOCK_PREFIX = 28

/**
 * The smallest subnet (longest prefix, /28 at most) that holds the need; null when more than a /16 would.
 *
 * A prefix is an aligned /28 overlapping no reserved address, and the reserved addresses sit in the
 * first /28 (the first four) and the last /28 (the last one), so with n /28 blocks in the subnet only the
 * n − 2 between them can hold prefixes: `blocks > 0` needs `n ≥ blocks + 2`. Addresses (secondary IPs,
 * ENI primaries) are kept out of the prefix reservation, and the five reserved addresses lie outside it:
 * `16·n − 5 − 16·blocks ≥ addresses`.
 */
export function smallestSubnet(need: SubnetNeed): number | null {
  assertCount(need.addresses, 'addresses')
  assertCount(need.blocks, 'blocks')
  for (let prefixLength = SMALLEST_SUBNET_PREFIX; prefixLength >= LARGEST_SUBNET_PREFIX; prefixLength--) {
    const subnetBlocks = 2 ** (32 - prefixLength) / BLOCK_SIZE
    const prefixesFit = need.blocks === 0 || subnetBlocks >= need.blocks + 2
    const addressesOutside = BLOCK_SIZE * subnetBlocks - AWS_RESERVED_ADDRESSES - BLOCK_SIZE * need.blocks
    if (prefixesFit && addressesOutside >= need.addresses) return prefixLength
  }
  return null
}

/**
 * Aligned CIDRs covering exactly `blocks` /28 blocks of the subnet, none of them holding its first or
 * last /28 (each reserved block must be able to become a prefix): as few CIDRs as possible, each taken
 * from the highest free piece that holds it, so secondary IPs and ENI primaries keep the low part.
 *
 * Why largest-first is fewest: the blocks between the first and last /28 split into maximal aligned
 * pieces, one of each size 1, 2, 4 … n/4 blocks on each side of the middle; an aligned CIDR lies in one
 * piece. Taking the largest power of two that both the remainder and a free piece allow, out of the
 * top of the highest such piece, leaves that piece's rest as smaller pieces, so nothing a later (smaller)
 * CIDR could use is lost; the tests compare the count with an exhaustive search.
 */
export function prefixReservations(subnetCidr: string, blocks: number): string[] {
  const subnet = parseCidr(subnetCidr)
  if (!subnet) throw new RangeError(`not a CIDR: ${subnetCidr}`)
  assertCount(blocks, 'blocks')
  const subnetBlocks = Math.floor(subnet.size / BLOCK_SIZE)
  const candidates = Math.max(0, subnetBlocks - 2)
  if (blocks > candidates)
    throw new RangeError(`${subnetCidr} has ${candidates} /28 blocks that can hold prefixes, not ${blocks}`)

  // Free pieces as [first block, block count], in block numbers relative to the subnet.
  let pieces = alignedPieces(1, candidates)
  const reserved: Array<[number, number]> = []
  let remaining = blocks
  while (remaining > 0) {
    const largestPiece = Math.max(...pieces.map(([, count]) => count))
    const count = largestPowerOfTwoAtMost(Math.min(remaining, largestPiece))
    const chosen = pieces
      .filter(([, size]) => size >= count)
      .reduce((high, piece) => (piece[0] > high[0] ? piece : high))
    const [first, size] = chosen
    const start = first + size - count
    reserved.push([start, count])
    pieces = pieces.filter((piece) => piece !== chosen).concat(alignedPieces(first, size - count))
    remaining -= count
  }
  return reserved
    .sort(([a], [b]) => a - b)
    .map(([start, count]) => formatCidr(subnet.network + start * BLOCK_SIZE, BLOCK_PREFIX - Math.log2(count)))
}

/** The maximal aligned pieces of the run of `count` blocks from `first`, lowest first. */
function alignedPieces(first: number, count: number): Array<[number, number]> {
  const pieces: Array<[number, number]> = []
  let start = first
  const end = first + count
  while (start < end) {
    let size = start === 0 ? largestPowerOfTwoAtMost(end) : start & -start
    while (start + size > end) size /= 2
    pieces.push([start, size])
    start += size
  }
  return pieces
}

function largestPowerOfTwoAtMost(value: number): number {
  return 2 ** Math.floor(Math.log2(value))
}

function assertCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number ≥ 0, not ${value}`)
}
