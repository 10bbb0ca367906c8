import type { StoredBlockMap } from '../schemas/report.ts'
import type { BlockState, SubnetAnalysis, SubnetBlock } from '../schemas/subnets.ts'
import { countBlocks } from './block-counts.ts'
import { formatCidr, parseCidr } from './ipv4.ts'

/** A subnet's /28 blocks as a block map draws them: a live analysis, or what a report kept. */
export type BlockMap = Pick<
  SubnetAnalysis,
  'subnetId' | 'cidr' | 'fragmentationScore' | 'blockList' | 'blocks' | 'largestFreeCidr'
>

/** A stored block map that cannot be read back: the table holds something this code never wrote. */
export class MalformedBlockMapError extends Error {
  override readonly name = 'MalformedBlockMapError'
}

const ADDRESSES_PER_BLOCK = 16
const BLOCK_PREFIX_LENGTH = 28

// The letters are written down here, never derived from the order of BLOCK_STATES: codes outlive the
// code, so reordering or extending the states must not change what a kept report means. Per state, the
// four letters are: no reservation, prefix reservation, explicit reservation, both.
const STATE_LETTERS: Record<BlockState, string> = {
  free: 'abcd',
  fragmented: 'efgh',
  full: 'ijkl',
  awsReserved: 'mnop',
  prefixAllocated: 'qrst',
}
const USED_DIGITS = '0123456789abcdefg'

const LETTER_MEANING = new Map<string, Omit<SubnetBlock, 'cidr' | 'usedIps'>>(
  (Object.entries(STATE_LETTERS) as [BlockState, string][]).flatMap(([state, letters]) =>
    [...letters].map((letter, index) => [
      letter,
      { state, inPrefixReservation: (index & 1) === 1, inExplicitReservation: (index & 2) === 2 },
    ]),
  ),
)

/** Two characters per /28 block: state and reservation (one letter), then used addresses 0–16 in base 36 ('0'…'g'). */
export function encodeBlockMap(account: string, region: string, analysis: SubnetAnalysis): StoredBlockMap {
  const expected = blockCount(analysis.cidr)
  if (analysis.blockList.length !== expected)
    throw new RangeError(
      `${analysis.subnetId}: ${analysis.blockList.length} blocks for ${analysis.cidr}, expected ${expected}`,
    )
  const code = analysis.blockList.map((block) => {
    const letter = STATE_LETTERS[block.state][
      (block.inPrefixReservation ? 1 : 0) + (block.inExplicitReservation ? 2 : 0)
    ] as string
    const digit = USED_DIGITS[block.usedIps]
    if (!Number.isInteger(block.usedIps) || digit === undefined)
      throw new RangeError(`${block.cidr}: ${block.usedIps} used addresses in a /28`)
    return letter + digit
  })
  return {
    account,
    region,
    subnetId: analysis.subnetId,
    cidr: analysis.cidr,
    fragmentationScore: analysis.fragmentationScore,
    largestFreeCidr: analysis.largestFreeCidr,
    blocks: code.join(''),
  }
}

/** The blocks back, with their CIDRs (from the subnet CIDR and the block's index) and the counts recomputed; throws on a malformed code. */
export function decodeBlockMap(stored: StoredBlockMap): BlockMap {
  const cidr = parseCidr(stored.cidr)
  if (!cidr || cidr.prefixLength > BLOCK_PREFIX_LENGTH)
    throw new MalformedBlockMapError(`${stored.subnetId}: '${stored.cidr}' is not a subnet of whole /28s`)
  const count = cidr.size / ADDRESSES_PER_BLOCK
  if (stored.blocks.length !== 2 * count)
    throw new MalformedBlockMapError(
      `${stored.subnetId}: ${stored.blocks.length} characters for ${stored.cidr}, expected ${2 * count}`,
    )
  const blockList: SubnetBlock[] = new Array(count)
  for (let block = 0; block < count; block++) {
    const letter = stored.blocks[2 * block] as string
    const digit = stored.blocks[2 * block + 1] as string
    const meaning = LETTER_MEANING.get(letter)
    const usedIps = USED_DIGITS.indexOf(digit)
    if (!meaning || usedIps < 0 || !consistent(meaning.state, usedIps))
      throw new MalformedBlockMapError(`${stored.subnetId}: block ${block} has the code '${letter}${digit}'`)
    blockList[block] = {
      cidr: formatCidr(cidr.network + block * ADDRESSES_PER_BLOCK, BLOCK_PREFIX_LENGTH),
      state: meaning.state,
      usedIps,
      inPrefixReservation: meaning.inPrefixReservation,
      inExplicitReservation: meaning.inExplicitReservation,
    }
  }
  return {
    subnetId: stored.subnetId,
    cidr: stored.cidr,
    fragmentationScore: stored.fragmentationScore,
    largestFreeCidr: stored.largestFreeCidr,
    blockList,
    blocks: countBlocks(blockList.length, {
      state: (index) => (blockList[index] as SubnetBlock).state,
      inPrefixReservation: (index) => (blockList[index] as SubnetBlock).inPrefixReservation,
      inExplicitReservation: (index) => (blockList[index] as SubnetBlock).inExplicitReservation,
    }),
  }
}

/** The analysis names free, fragmented and full by the used count alone; a code that disagrees was not written here. */
function consistent(state: BlockState, usedIps: number): boolean {
  if (state === 'free') return usedIps === 0
  if (state === 'full') return usedIps === ADDRESSES_PER_BLOCK
  if (state === 'fragmented') return usedIps > 0 && usedIps < ADDRESSES_PER_BLOCK
  return true
}

function blockCount(subnetCidr: string): number {
  const cidr = parseCidr(subnetCidr)
  if (!cidr || cidr.prefixLength > BLOCK_PREFIX_LENGTH)
    throw new RangeError(`'${subnetCidr}' is not a subnet of whole /28s`)
  return cidr.size / ADDRESSES_PER_BLOCK
}
