import type { BlockState } from '../schemas/subnets.ts'

/** One character per /28 block, shared by the CLI's and Slack's text maps so both read the same way. */
export const BLOCK_GLYPH: Record<BlockState, string> = {
  free: '·',
  fragmented: '▒',
  full: '█',
  awsReserved: '×',
  prefixAllocated: 'P',
}
