import type {
  BlockState,
  CidrReservationFacts,
  EniFacts,
  SubnetAnalysis,
  SubnetBlock,
  SubnetFacts,
} from '../schemas/subnets.ts'
import { countBlocks } from './block-counts.ts'
import { drainableOwner, ownerKind } from './eni-owners.ts'
import { formatCidr } from './ipv4.ts'
import {
  ADDRESSES_PER_BLOCK,
  type AddressMap,
  buildAddressMap,
  NO_OWNER,
  RESERVED_AT_END,
  RESERVED_AT_START,
} from './subnet-address-map.ts'
import { largestAlignedRange, longestRun } from './subnet-analysis-ranges.ts'

/** Drain suggestions beyond this many help nobody read the answer. */
export const MAX_DRAIN_SUGGESTIONS = 20

/**
 * Which /28 blocks of a subnet prefix delegation can still use, and why the others cannot. A block is
 * assignable as a prefix only if it overlaps no used address, no assigned prefix, no AWS-reserved address
 * and no explicit reservation; so the first and last blocks of a subnet never are.
 */
export function analyzeSubnet(
  subnet: SubnetFacts,
  enis: readonly EniFacts[],
  reservations: readonly CidrReservationFacts[],
): SubnetAnalysis {
  const map = buildAddressMap(subnet, enis, reservations)
  const states = classifyBlocks(map)
  const counts = countBlocks(states.length, {
    state: (block) => states[block] as BlockState,
    inPrefixReservation: (block) => map.inPrefixReservation[block] === 1,
    inExplicitReservation: (block) => map.inExplicitReservation[block] === 1,
  })
  const assignable = states.map((state, block) => state === 'free' && !map.inExplicitReservation[block])
  // Each used address once, never one of the five AWS keeps: so never a negative free count.
  const usedIps = map.usedCount
  const freeIps = map.cidr.size - RESERVED_AT_START - RESERVED_AT_END - usedIps
  const unaccountedAddresses =
    subnet.availableIpAddressCount === null ? null : freeIps - subnet.availableIpAddressCount
  const candidates = counts.free + counts.fragmented + counts.full

  return {
    subnetId: subnet.subnetId,
    vpcId: subnet.vpcId,
    availabilityZone: subnet.availabilityZone,
    cidr: subnet.cidr as string,
    dualStack: subnet.ipv6Cidrs.length > 0,
    blocks: counts,
    freeIps,
    usedIps,
    largestFreeRun: longestRun(map.cidr.network, assignable),
    largestFreeCidr: largestAlignedRange(map.cidr.network, assignable),
    fragmentationScore:
      candidates === 0 ? null : Math.ceil(((counts.fragmented + counts.full) / candidates) * 100),
    availableIpAddressCount: subnet.availableIpAddressCount,
    unaccountedAddresses,
    owners: owners(enis, map),
    drainSuggestions: drainSuggestions(enis, map, states),
    warnings: warnings(subnet, map, unaccountedAddresses, freeIps),
    reservations: reservations.map(({ reservationId, cidr, type }) => ({ reservationId, cidr, type })),
    blockList: blockList(map, states),
  }
}

function classifyBlocks(map: AddressMap): BlockState[] {
  const states: BlockState[] = new Array(map.blockCount)
  for (let block = 0; block < map.blockCount; block++) {
    if (block === 0 || block === map.blockCount - 1) states[block] = 'awsReserved'
    else if (map.prefixOwner[block] !== NO_OWNER) states[block] = 'prefixAllocated'
    else {
      const used = usedInBlock(map, block)
      states[block] = used === 0 ? 'free' : used === ADDRESSES_PER_BLOCK ? 'full' : 'fragmented'
    }
  }
  return states
}

function usedInBlock(map: AddressMap, block: number): number {
  let used = 0
  const start = block * ADDRESSES_PER_BLOCK
  for (let offset = start; offset < start + ADDRESSES_PER_BLOCK; offset++) used += map.used[offset] as number
  return used
}

function owners(enis: readonly EniFacts[], map: AddressMap): SubnetAnalysis['owners'] {
  const ipsByEni = new Int32Array(enis.length)
  for (const index of map.owner) if (index !== NO_OWNER) ipsByEni[index] = (ipsByEni[index] as number) + 1
  const byKind = new Map<string, { enis: number; ips: number }>()
  enis.forEach((eni, index) => {
    const kind = ownerKind(eni)
    const entry = byKind.get(kind) ?? { enis: 0, ips: 0 }
    entry.enis++
    entry.ips += ipsByEni[index] as number
    byKind.set(kind, entry)
  })
  return [...byKind]
    .map(([kind, entry]) => ({ kind: kind as SubnetAnalysis['owners'][number]['kind'], ...entry }))
    .sort((a, b) => b.ips - a.ips || (a.kind < b.kind ? -1 : 1))
}

/** Instances (or unattached ENIs) whose addresses alone keep a would-be assignable block fragmented, most blocks first. */
function drainSuggestions(enis: readonly EniFacts[], map: AddressMap, states: readonly BlockState[]) {
  const owners = enis.map((eni) => drainableOwner(eni, ownerKind(eni)))
  // One key per ENI, made once: ENIs of one instance share it; an ENI nobody can drain gets its own.
  const keys = owners.map((owner, index) => (owner ? `${owner.kind}:${owner.id}` : `fixed:${index}`))
  const recovered = new Map<string, { owner: { kind: 'instance' | 'eni'; id: string }; blocks: string[] }>()
  states.forEach((state, block) => {
    // A block in an explicit reservation stays out of prefix delegation even when emptied.
    if (state !== 'fragmented' || map.inExplicitReservation[block]) return
    let soleKey: string | undefined
    let soleIndex = NO_OWNER
    for (let offset = block * ADDRESSES_PER_BLOCK; offset < (block + 1) * ADDRESSES_PER_BLOCK; offset++) {
      const index = map.owner[offset] as number
      if (index === NO_OWNER) continue
      const key = keys[index] as string
      if (soleKey === undefined) {
        soleKey = key
        soleIndex = index
      } else if (key !== soleKey) return
    }
    const owner = owners[soleIndex]
    if (soleKey === undefined || !owner) return
    const entry = recovered.get(soleKey) ?? { owner, blocks: [] }
    entry.blocks.push(formatCidr(map.cidr.network + block * ADDRESSES_PER_BLOCK, 28))
    recovered.set(soleKey, entry)
  })
  return [...recovered.values()]
    .sort((a, b) => b.blocks.length - a.blocks.length || (a.owner.id < b.owner.id ? -1 : 1))
    .slice(0, MAX_DRAIN_SUGGESTIONS)
    .map(({ owner, blocks }) => ({
      owner,
      action:
        owner.kind === 'instance' ? `drain and replace ${owner.id}` : `delete the unattached ${owner.id}`,
      blocksRecovered: blocks.length,
      blocks,
    }))
}

function warnings(
  subnet: SubnetFacts,
  map: AddressMap,
  unaccounted: number | null,
  freeIps: number,
): string[] {
  const notes: string[] = []
  if (unaccounted !== null && unaccounted !== 0) {
    notes.push(
      unaccounted > 0
        ? `EC2 reports ${subnet.availableIpAddressCount} available addresses but the ENIs seen leave ${freeIps}: ${unaccounted === 1 ? '1 address is' : `${unaccounted} addresses are`} used by something not visible here (ENIs hidden from the caller, or changes during the scan)`
        : `EC2 reports ${subnet.availableIpAddressCount} available addresses, ${-unaccounted} more than the ENIs seen leave (changes during the scan?)`,
    )
  }
  notes.push(...map.conflicts)
  if (map.conflictCount > map.conflicts.length)
    notes.push(`and ${map.conflictCount - map.conflicts.length} more conflicting claims, each counted once`)
  if (subnet.ipv6Cidrs.length > 0)
    notes.push('dual-stack subnet: IPv4 analysed; IPv6 prefixes (/80 per ENI) are not scarce')
  return notes
}

function blockList(map: AddressMap, states: readonly BlockState[]): SubnetBlock[] {
  return states.map((state, block) => ({
    cidr: formatCidr(map.cidr.network + block * ADDRESSES_PER_BLOCK, 28),
    state,
    usedIps: usedInBlock(map, block),
    inPrefixReservation: map.inPrefixReservation[block] === 1,
    inExplicitReservation: map.inExplicitReservation[block] === 1,
  }))
}
