import type { SubnetAnalysis } from '../schemas/subnets.ts'
import { formatCidr, formatIpv4, parseCidr } from './ipv4.ts'
import { ADDRESSES_PER_BLOCK } from './subnet-address-map.ts'

// Contiguous ranges of /28 blocks. Prefix delegation takes a free block outside explicit reservations
// (prefix reservations included: automatic prefixes come from there first); a new reservation may only
// go where no reservation is, since EC2 refuses overlapping ones.

/** The longest run of blocks that pass, as addresses. */
export function longestRun(network: number, ok: readonly boolean[]): SubnetAnalysis['largestFreeRun'] {
  let best = { start: -1, length: 0 }
  let start = -1
  for (let block = 0; block <= ok.length; block++) {
    if (ok[block]) {
      if (start < 0) start = block
    } else if (start >= 0) {
      if (block - start > best.length) best = { start, length: block - start }
      start = -1
    }
  }
  if (best.length === 0) return { blocks: 0, firstAddress: null, lastAddress: null }
  const first = network + best.start * ADDRESSES_PER_BLOCK
  return {
    blocks: best.length,
    firstAddress: formatIpv4(first),
    lastAddress: formatIpv4(first + best.length * ADDRESSES_PER_BLOCK - 1),
  }
}

/**
 * The largest aligned power-of-two range of blocks that all pass, lowest first: halving levels, a block
 * of the next level passing if both its halves do. Block indexes are offsets from a network aligned to its
 * own size, so aligned indexes are aligned CIDRs.
 */
export function largestAlignedRange(network: number, ok: readonly boolean[]): string | null {
  let level = [...ok]
  let best: { level: number; index: number } | undefined
  for (let depth = 0; level.length > 0; depth++) {
    const index = level.indexOf(true)
    if (index < 0) break
    best = { level: depth, index }
    const next: boolean[] = []
    for (let pair = 0; pair + 1 < level.length; pair += 2) next.push(Boolean(level[pair] && level[pair + 1]))
    level = next
  }
  if (!best) return null
  const blocks = 2 ** best.level
  return formatCidr(network + best.index * blocks * ADDRESSES_PER_BLOCK, 28 - best.level)
}

/** Where a new prefix reservation can go now: the largest aligned range of free blocks touching no reservation. */
export function largestReservableCidr(analysis: Pick<SubnetAnalysis, 'cidr' | 'blockList'>): string | null {
  const network = parseCidr(analysis.cidr)?.network ?? 0
  return largestAlignedRange(
    network,
    analysis.blockList.map(
      (block) => block.state === 'free' && !block.inExplicitReservation && !block.inPrefixReservation,
    ),
  )
}
