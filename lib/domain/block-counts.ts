import type { BlockCounts, BlockState } from '../schemas/subnets.ts'

/** One block as counting needs it, read by index so a /16's 4096 blocks need no object each. */
export interface BlockAt {
  state(index: number): BlockState
  inPrefixReservation(index: number): boolean
  inExplicitReservation(index: number): boolean
}

/**
 * A subnet's block counts. Assignable means free and outside every explicit reservation: prefix delegation
 * never takes a block there on its own.
 */
export function countBlocks(total: number, block: BlockAt): BlockCounts {
  const counts: BlockCounts = {
    total,
    free: 0,
    fragmented: 0,
    full: 0,
    awsReserved: 0,
    prefixAllocated: 0,
    inPrefixReservation: 0,
    inExplicitReservation: 0,
    assignable: 0,
  }
  for (let index = 0; index < total; index++) {
    const state = block.state(index)
    counts[state]++
    if (block.inPrefixReservation(index)) counts.inPrefixReservation++
    if (block.inExplicitReservation(index)) counts.inExplicitReservation++
    else if (state === 'free') counts.assignable++
  }
  return counts
}
