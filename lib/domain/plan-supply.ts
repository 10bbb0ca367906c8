import type { SubnetAnalysis } from '../schemas/subnets.ts'
import { type Ipv4Cidr, parseCidr } from './ipv4.ts'
import { ADDRESSES_PER_PREFIX } from './max-pods-terms.ts'

/** What a subnet offers a plan: two kinds of supply, for two kinds of demand. */
export interface SubnetSupply {
  freeIps: number
  /** Free addresses outside every CIDR reservation: where secondary IPs and ENI primaries go. */
  addresses: number
  /** Free /28 blocks automatic prefixes can take: prefix reservations included, explicit ones not. */
  assignableBlocks: number
  /** Of those, the blocks wholly inside prefix reservations: prefixes go there first. */
  prefixReservationBlocks: number
}

/** Individual addresses (secondary IPs, ENI primaries) and /28 prefixes. */
export interface Demand {
  addresses: number
  blocks: number
}

/** AWS keeps a subnet's first four addresses and its last one. */
const RESERVED_AT_START = 4

/**
 * Supply at the reservations' own granularity: a /29 reservation removes 8 addresses, not its /28. The
 * analysis knows how many addresses of a /28 are used, not which: where a reservation covers only part of a
 * /28 that has used addresses, they are assumed to lie outside it (the cautious side: supply is never
 * overstated). Exact for reservations of /28 or larger, and for any reservation over unused addresses.
 */
export function subnetSupply(analysis: SubnetAnalysis): SubnetSupply {
  const subnet = parseCidr(analysis.cidr)
  const every = subnet ? reservedPerBlock(subnet, analysis.reservations) : []
  const prefixOnly = subnet
    ? reservedPerBlock(
        subnet,
        analysis.reservations.filter((reservation) => reservation.type === 'prefix'),
      )
    : []
  let reservedFree = 0
  let prefixReservationBlocks = 0
  analysis.blockList.forEach((block, index) => {
    const reserved = every[index] ?? 0
    if (reserved === 0) return
    const awsReserved = subnet ? awsReservedIn(subnet, index) : 0
    const free = Math.max(0, ADDRESSES_PER_PREFIX - awsReserved - block.usedIps)
    reservedFree += Math.min(reserved, free)
    if (block.state === 'free' && !block.inExplicitReservation && prefixOnly[index] === ADDRESSES_PER_PREFIX)
      prefixReservationBlocks++
  })
  return {
    freeIps: analysis.freeIps,
    addresses: Math.max(0, analysis.freeIps - reservedFree),
    assignableBlocks: analysis.blocks.assignable,
    prefixReservationBlocks,
  }
}

/** Per /28 of the subnet: how many of its addresses (AWS's own excepted) lie in some reservation. */
function reservedPerBlock(subnet: Ipv4Cidr, reservations: SubnetAnalysis['reservations']): number[] {
  const ranges = reservations
    .map((reservation) => parseCidr(reservation.cidr))
    .filter((range): range is Ipv4Cidr => range !== undefined)
    .map((range) => [range.network - subnet.network, range.network - subnet.network + range.size] as const)
    .sort((a, b) => a[0] - b[0])
  const counts = new Array<number>(subnet.size / ADDRESSES_PER_PREFIX).fill(0)
  let covered = 0 // merged ranges: overlapping reservations count once
  for (const [start, end] of ranges) {
    for (let offset = Math.max(start, covered, 0); offset < Math.min(end, subnet.size); offset++) {
      if (offset < RESERVED_AT_START || offset === subnet.size - 1) continue
      const block = Math.floor(offset / ADDRESSES_PER_PREFIX)
      counts[block] = (counts[block] ?? 0) + 1
    }
    covered = Math.max(covered, end)
  }
  return counts
}

function awsReservedIn(subnet: Ipv4Cidr, block: number): number {
  const last = subnet.size / ADDRESSES_PER_PREFIX - 1
  return (block === 0 ? RESERVED_AT_START : 0) + (block === last ? 1 : 0)
}

/**
 * How much of each supply a demand takes (above 1: it does not fit), each as a share of that supply. The
 * two are not independent, so: prefixes take free blocks inside prefix reservations first (EC2 does),
 * where no address competes; the rest take free blocks outside, 16 addresses each that addresses can no
 * longer use, but only as many as there are: a prefix with no block to go to takes no address either.
 * EC2 places a secondary IP or an ENI's primary address anywhere outside the reservations, so each may
 * spoil a free /28: the blocks outside reservations are counted as if every address had spoilt one (the
 * worst case; a prefix reservation takes the risk away). A share of what the subnet has, rather than of
 * what the other kind leaves, stays a finite number whenever the subnet has some of that supply.
 */
export function demandUse(supply: SubnetSupply, demand: Demand): { addressUse: number; blockUse: number } {
  const outside = supply.assignableBlocks - supply.prefixReservationBlocks
  const prefixesOutside = Math.min(outside, Math.max(0, demand.blocks - supply.prefixReservationBlocks))
  const spoilt = Math.min(outside, demand.addresses)
  const reservationsHoldAll = demand.blocks <= supply.prefixReservationBlocks
  return {
    addressUse: share(
      demand.addresses,
      demand.addresses + ADDRESSES_PER_PREFIX * prefixesOutside,
      supply.addresses,
    ),
    blockUse: reservationsHoldAll
      ? // Every prefix fits the reservations, where no address goes: spoilt blocks outside cost them only room
        // to grow, so the share is of the reserved blocks and the outside blocks no address can have spoilt.
        share(demand.blocks, demand.blocks, supply.prefixReservationBlocks + Math.max(0, outside - spoilt))
      : share(demand.blocks, demand.blocks + spoilt, supply.assignableBlocks),
  }
}

/** No demand of a kind uses none of its supply, whatever the other kind takes of it. */
function share(demand: number, taken: number, supply: number): number {
  if (demand === 0) return 0
  return supply <= 0 ? Number.POSITIVE_INFINITY : taken / supply
}

/** The most nodes of `perNode` that fit beside `others`; no limit for a node that takes nothing here. */
export function nodesThatFit(supply: SubnetSupply, others: Demand, perNode: Demand): number {
  if (perNode.addresses === 0 && perNode.blocks === 0) return Number.MAX_SAFE_INTEGER
  const fits = (nodes: number) => {
    const use = demandUse(supply, {
      addresses: others.addresses + nodes * perNode.addresses,
      blocks: others.blocks + nodes * perNode.blocks,
    })
    return Math.max(use.addressUse, use.blockUse) <= 1
  }
  // Use only grows with nodes; every node takes an address or a block, so none past this bound fits.
  let low = 0
  let high = supply.addresses + supply.assignableBlocks + 1
  if (!fits(0)) return 0
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (fits(middle)) low = middle
    else high = middle - 1
  }
  return low
}
