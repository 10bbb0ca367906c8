import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEMO_VPC_ID, DemoVpcInventory } from '../../../lib/adapters/demo/demo-vpc.ts'
import { decodeBlockMap, encodeBlockMap, MalformedBlockMapError } from '../../../lib/domain/block-map-code.ts'
import { formatIpv4, parseCidr } from '../../../lib/domain/ipv4.ts'
import { analyzeSubnet } from '../../../lib/domain/subnet-analysis.ts'
import type { StoredBlockMap } from '../../../lib/schemas/report.ts'
import {
  BLOCK_STATES,
  type BlockState,
  type SubnetAnalysis,
  type SubnetBlock,
} from '../../../lib/schemas/subnets.ts'
import { createSubnetAnalysisService } from '../../../lib/services/subnet-analysis.ts'
import { eni, reservation, subnet } from '../../builders/subnets.ts'

// A report keeps each at-risk subnet's blocks as a code and draws them again later: what comes back must
// be what the analysis saw, block for block and count for count.

const demo = createSubnetAnalysisService(() => new DemoVpcInventory(), 'us-east-1')
const { analyses: demoAnalyses } = await demo.scan({ vpcId: DEMO_VPC_ID })

const roundTrip = (analysis: SubnetAnalysis) =>
  decodeBlockMap(encodeBlockMap('123456789012', 'us-east-1', analysis))

/** A stand-in analysis around a block list: only what the code reads is real. */
function analysisOf(cidr: string, blockList: SubnetBlock[]): SubnetAnalysis {
  return { ...analyzeSubnet(subnet({ cidr }), [], []), blockList }
}

describe('block map code on the demo VPC', () => {
  it('covers every block state and both kinds of reservation, so the round trips below mean something', () => {
    // Prepare
    const blocks = demoAnalyses.flatMap((analysis) => analysis.blockList)
    // Assess
    expect(new Set(blocks.map((block) => block.state))).toEqual(new Set(BLOCK_STATES))
    expect(blocks.some((block) => block.inPrefixReservation)).toBe(true)
    expect(blocks.some((block) => block.inExplicitReservation)).toBe(true)
  })

  it.each(demoAnalyses.map((analysis) => [`${analysis.subnetId} (${analysis.cidr})`, analysis] as const))(
    '%s decodes to the blocks and counts the analysis gave',
    (_name, analysis) => {
      // Act
      const stored = encodeBlockMap('123456789012', 'eu-west-1', analysis)
      const decoded = decodeBlockMap(stored)
      // Assess
      expect(stored).toMatchObject({
        account: '123456789012',
        region: 'eu-west-1',
        subnetId: analysis.subnetId,
      })
      expect(stored.blocks).toHaveLength(2 * analysis.blocks.total)
      expect(decoded).toEqual({
        subnetId: analysis.subnetId,
        cidr: analysis.cidr,
        fragmentationScore: analysis.fragmentationScore,
        largestFreeCidr: analysis.largestFreeCidr,
        blockList: analysis.blockList,
        blocks: analysis.blocks,
      })
    },
  )
})

describe('block map code on generated subnets', () => {
  /** A subnet from /20 to /28 with random used addresses, prefixes and reservations, analysed for real. */
  const generatedSubnet = fc.integer({ min: 20, max: 28 }).chain((prefixLength) => {
    const size = 2 ** (32 - prefixLength)
    const blocks = size / 16
    const base = (10 * 2 ** 24 + 7 * 2 ** 16) >>> 0
    return fc.record({
      prefixLength: fc.constant(prefixLength),
      used: fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: Math.min(size, 300) }),
      prefixes: fc.uniqueArray(fc.integer({ min: 0, max: blocks - 1 }), { maxLength: 6 }),
      reservations: fc.array(
        fc.record({
          block: fc.integer({ min: 0, max: blocks - 1 }),
          type: fc.constantFrom('prefix' as const, 'explicit' as const),
        }),
        { maxLength: 4 },
      ),
      base: fc.constant(base),
    })
  })

  it('decodes to the analysis’s own blocks and counts, overlapping reservations included', () => {
    fc.assert(
      fc.property(generatedSubnet, ({ prefixLength, used, prefixes, reservations, base }) => {
        // Prepare
        const cidr = `${formatIpv4(base)}/${prefixLength}`
        const analysis = analyzeSubnet(
          subnet({ cidr }),
          [
            eni({
              privateIps: used.map((offset) => formatIpv4(base + offset)),
              ipv4Prefixes: prefixes.map((block) => `${formatIpv4(base + 16 * block)}/28`),
            }),
          ],
          reservations.map(({ block, type }, index) =>
            reservation(`${formatIpv4(base + 16 * block)}/28`, type, `scr-${index}`),
          ),
        )
        // Act
        const decoded = roundTrip(analysis)
        // Assess
        expect(decoded.blockList).toEqual(analysis.blockList)
        expect(decoded.blocks).toEqual(analysis.blocks)
      }),
      { numRuns: 200 },
    )
  })

  /** Any block list the schema allows, state and used count agreeing as the analysis defines them. */
  const generatedBlocks = fc.integer({ min: 20, max: 28 }).chain((prefixLength) =>
    fc
      .array(
        fc
          .record({
            state: fc.constantFrom(...BLOCK_STATES),
            inPrefixReservation: fc.boolean(),
            inExplicitReservation: fc.boolean(),
            usedIps: fc.integer({ min: 0, max: 16 }),
          })
          .map((block) => ({ ...block, usedIps: usedFor(block.state, block.usedIps) })),
        { minLength: 2 ** (28 - prefixLength), maxLength: 2 ** (28 - prefixLength) },
      )
      .map((blocks) => ({ prefixLength, blocks })),
  )

  it('decodes every state × reservation × used count, with CIDRs and counts recomputed', () => {
    fc.assert(
      fc.property(generatedBlocks, ({ prefixLength, blocks }) => {
        // Prepare
        const cidr = `10.${prefixLength}.0.0/${prefixLength}`
        const network = parseCidr(cidr)?.network as number
        const blockList = blocks.map((block, index) => ({
          cidr: `${formatIpv4(network + 16 * index)}/28`,
          ...block,
        }))
        // Act
        const decoded = roundTrip(analysisOf(cidr, blockList))
        // Assess
        expect(decoded.blockList).toEqual(blockList)
        expect(decoded.blocks).toEqual(referenceCounts(blockList))
      }),
      { numRuns: 150 },
    )
  })
})

describe('block map code sizes and malformed codes', () => {
  it('a /16 (4096 blocks) is 8192 characters and comes back with its last block', () => {
    // Prepare
    const analysis = analyzeSubnet(subnet({ cidr: '10.30.0.0/16' }), [], [])
    // Act
    const stored = encodeBlockMap('123456789012', 'us-east-1', analysis)
    const decoded = decodeBlockMap(stored)
    // Assess
    expect(stored.blocks).toHaveLength(8192)
    expect(decoded.blockList).toHaveLength(4096)
    expect(decoded.blockList.at(-1)?.cidr).toBe('10.30.255.240/28')
  })

  const good: StoredBlockMap = encodeBlockMap(
    'self',
    'us-east-1',
    analyzeSubnet(
      subnet({ cidr: '10.0.0.0/26' }),
      [eni({ privateIps: ['10.0.0.20', '10.0.0.21'] })],
      [reservation('10.0.0.32/28', 'explicit')],
    ),
  )
  const withBlock = (index: number, code: string) =>
    good.blocks.slice(0, 2 * index) + code + good.blocks.slice(2 * index + 2)

  it('the well-formed code the cases below break is read back', () => {
    expect(decodeBlockMap(good).blocks.total).toBe(4)
  })

  it.each([
    ['one character short', { blocks: good.blocks.slice(0, -1) }],
    ['one block too many', { blocks: `${good.blocks}a0` }],
    ['an unknown state letter', { blocks: withBlock(1, 'z0') }],
    ['an upper-case letter', { blocks: withBlock(1, 'A0') }],
    ['more than 16 used addresses', { blocks: withBlock(1, 'eh') }],
    ['a used count that is not a base-36 digit', { blocks: withBlock(1, 'e-') }],
    ['a free block with used addresses', { blocks: withBlock(2, 'a3') }],
    ['a full block with a free address', { blocks: withBlock(2, 'if') }],
    ['a fragmented block with nothing used', { blocks: withBlock(2, 'e0') }],
    ['a fragmented block with everything used', { blocks: withBlock(2, 'eg') }],
    ['a CIDR that is not a network address', { cidr: '10.0.0.1/26' }],
    ['a subnet smaller than a /28', { cidr: '10.0.0.0/29' }],
  ])('throws on %s', (_reason, change) => {
    expect(() => decodeBlockMap({ ...good, ...change })).toThrow(MalformedBlockMapError)
  })

  it('refuses to encode a block list that does not fill the subnet', () => {
    // Prepare
    const analysis = analyzeSubnet(subnet({ cidr: '10.0.0.0/24' }), [], [])
    // Act, Assess
    expect(() =>
      encodeBlockMap('self', 'us-east-1', { ...analysis, blockList: analysis.blockList.slice(1) }),
    ).toThrow(/15 blocks/)
  })
})

function usedFor(state: BlockState, drawn: number): number {
  if (state === 'free') return 0
  if (state === 'full') return 16
  if (state === 'fragmented') return 1 + (drawn % 15)
  return drawn
}

/** Counted the plain way, by the schema's words: assignable is free and outside explicit reservations. */
function referenceCounts(blockList: SubnetBlock[]) {
  const count = (keep: (block: SubnetBlock) => boolean) => blockList.filter(keep).length
  return {
    total: blockList.length,
    ...Object.fromEntries(BLOCK_STATES.map((state) => [state, count((block) => block.state === state)])),
    inPrefixReservation: count((block) => block.inPrefixReservation),
    inExplicitReservation: count((block) => block.inExplicitReservation),
    assignable: count((block) => block.state === 'free' && !block.inExplicitReservation),
  }
}
