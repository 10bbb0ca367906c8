import { InvalidInputError } from '../errors.ts'
import type { FieldIssue } from '../schemas/field-issues.ts'
import type { CidrReservationFacts, EniFacts, SubnetFacts } from '../schemas/subnets.ts'
import { contains, formatCidr, formatIpv4, type Ipv4Cidr, parseCidr, parseIpv4, within } from './ipv4.ts'

export const ADDRESSES_PER_BLOCK = 16
/** AWS keeps a subnet's first four addresses and its last one. */
export const RESERVED_AT_START = 4
export const RESERVED_AT_END = 1
/** AWS subnets are /16 to /28. */
export const LARGEST_SUBNET_PREFIX = 16
export const SMALLEST_SUBNET_PREFIX = 28

/** Whose address it is: an index into the ENI list, or NO_OWNER. */
export const NO_OWNER = -1

/** Conflicts named one by one up to this many; the rest are counted, so a bad export cannot flood the answer. */
export const MAX_CONFLICTS_NAMED = 10

/**
 * Every address of one subnet, one byte or int each (a /16 is 64 Ki entries): which are used and by
 * which ENI, which /28 blocks are assigned prefixes, and which blocks touch a CIDR reservation.
 */
export interface AddressMap {
  cidr: Ipv4Cidr
  blockCount: number
  /** Per address: 1 when a private IP or inside an assigned prefix. Never set on the five AWS keeps. */
  used: Uint8Array
  /** Per address: the ENI holding it (private IP or prefix), or NO_OWNER. */
  owner: Int32Array
  /** Per block: the ENI the block is assigned to as a prefix, or NO_OWNER. */
  prefixOwner: Int32Array
  inPrefixReservation: Uint8Array
  inExplicitReservation: Uint8Array
  /** Distinct used addresses: whatever claims an address, and however often, it is counted once. */
  usedCount: number
  /** Claims EC2 would refuse, named (at most MAX_CONFLICTS_NAMED). */
  conflicts: string[]
  conflictCount: number
}

/** Whether the address at this offset is one of the five AWS keeps. */
export const isAwsReserved = (cidr: Ipv4Cidr, offset: number) =>
  offset < RESERVED_AT_START || offset >= cidr.size - RESERVED_AT_END

/**
 * Builds the map, refusing (with every offending field named) addresses that cannot be in this subnet.
 * Claims that fit the subnet but that EC2 would refuse (a prefix over reserved addresses, a private IP
 * inside a prefix or on a reserved address, one address claimed twice) are kept, counted once, and named:
 * posted exports can hold them, and a negative free count would mislead more than a warning.
 */
export function buildAddressMap(
  subnet: SubnetFacts,
  enis: readonly EniFacts[],
  reservations: readonly CidrReservationFacts[],
): AddressMap {
  const issues: FieldIssue[] = []
  const cidr = subnet.cidr === null ? undefined : parseCidr(subnet.cidr)
  if (!cidr || cidr.prefixLength < LARGEST_SUBNET_PREFIX || cidr.prefixLength > SMALLEST_SUBNET_PREFIX) {
    throw new InvalidInputError([
      {
        field: `subnets[${subnet.subnetId}].cidr`,
        message: `expected an IPv4 CIDR from /16 to /28, not '${subnet.cidr}'`,
      },
    ])
  }
  const blockCount = cidr.size / ADDRESSES_PER_BLOCK
  const map: AddressMap = {
    cidr,
    blockCount,
    used: new Uint8Array(cidr.size),
    owner: new Int32Array(cidr.size).fill(NO_OWNER),
    prefixOwner: new Int32Array(blockCount).fill(NO_OWNER),
    inPrefixReservation: new Uint8Array(blockCount),
    inExplicitReservation: new Uint8Array(blockCount),
    usedCount: 0,
    conflicts: [],
    conflictCount: 0,
  }

  // Parse everything first (issues in input order), then place prefixes before private IPs: whether an
  // IP sits inside a prefix must not depend on which ENI the export lists first.
  const blocks: { eni: number; block: number }[] = []
  // Two flat lists, not one object per address: a /16 can hold 65,536 of them.
  const addressEnis: number[] = []
  const addressOffsets: number[] = []
  enis.forEach((eni, index) => {
    const where = `networkInterfaces[${eni.networkInterfaceId}]`
    eni.privateIps.forEach((text, position) => {
      const address = parseIpv4(text)
      if (address === undefined || !contains(cidr, address)) {
        issues.push({
          field: `${where}.privateIps[${position}]`,
          message: `'${text}' is not an address of ${subnet.cidr}`,
        })
      } else {
        addressEnis.push(index)
        addressOffsets.push(address - cidr.network)
      }
    })
    eni.ipv4Prefixes.forEach((text, position) => {
      const prefix = parseCidr(text)
      if (prefix?.prefixLength !== 28 || !within(cidr, prefix)) {
        issues.push({
          field: `${where}.ipv4Prefixes[${position}]`,
          message: `'${text}' is not an aligned /28 of ${subnet.cidr}`,
        })
      } else blocks.push({ eni: index, block: (prefix.network - cidr.network) / ADDRESSES_PER_BLOCK })
    })
  })
  for (const { eni, block } of blocks) placePrefix(map, enis, eni, block)
  addressOffsets.forEach((offset, position) => {
    placePrivateIp(map, enis, addressEnis[position] as number, offset)
  })

  reservations.forEach((reservation, position) => {
    const range = parseCidr(reservation.cidr)
    if (!range || !within(cidr, range)) {
      issues.push({
        field: `cidrReservations[${position}].cidr`,
        message: `'${reservation.cidr}' is not inside ${subnet.cidr}`,
      })
      return
    }
    const flags = reservation.type === 'prefix' ? map.inPrefixReservation : map.inExplicitReservation
    // Every block the reservation touches, even partly: a prefix may overlap no reserved address.
    const first = Math.floor((range.network - cidr.network) / ADDRESSES_PER_BLOCK)
    const last = Math.floor((range.network + range.size - 1 - cidr.network) / ADDRESSES_PER_BLOCK)
    flags.fill(1, first, last + 1)
  })

  if (issues.length > 0) throw new InvalidInputError(issues)
  return map
}

function placePrefix(map: AddressMap, enis: readonly EniFacts[], eni: number, block: number): void {
  const start = block * ADDRESSES_PER_BLOCK
  const earlier = map.prefixOwner[block] as number
  if (block === 0 || block === map.blockCount - 1)
    conflict(
      map,
      `prefix ${blockCidr(map, block)} of ${eniId(enis, eni)} covers addresses AWS reserves (the subnet's first four and its last): EC2 never assigns it; its other addresses are counted once`,
    )
  else if (earlier !== NO_OWNER)
    conflict(
      map,
      `prefix ${blockCidr(map, block)} is claimed by ${claimants(enis, earlier, eni)}: counted once`,
    )
  if (earlier === NO_OWNER) map.prefixOwner[block] = eni
  for (let offset = start; offset < start + ADDRESSES_PER_BLOCK; offset++) {
    if (isAwsReserved(map.cidr, offset) || map.used[offset]) continue
    map.used[offset] = 1
    map.owner[offset] = eni
    map.usedCount++
  }
}

function placePrivateIp(map: AddressMap, enis: readonly EniFacts[], eni: number, offset: number): void {
  const block = Math.floor(offset / ADDRESSES_PER_BLOCK)
  const prefixOwner = map.prefixOwner[block] as number
  // Runs once per address of a /16: text only for a conflict, and no closure per call.
  if (isAwsReserved(map.cidr, offset))
    conflict(
      map,
      `${addressAt(map, offset)} of ${eniId(enis, eni)} is an address AWS reserves: not counted again`,
    )
  else if (prefixOwner !== NO_OWNER)
    conflict(
      map,
      `${addressAt(map, offset)} of ${eniId(enis, eni)} is inside prefix ${blockCidr(map, block)} of ${eniId(enis, prefixOwner)}: counted once`,
    )
  else if (map.used[offset])
    conflict(
      map,
      `${addressAt(map, offset)} is claimed by ${claimants(enis, map.owner[offset] as number, eni)}: counted once`,
    )
  else {
    map.used[offset] = 1
    map.owner[offset] = eni
    map.usedCount++
  }
}

const addressAt = (map: AddressMap, offset: number) => formatIpv4(map.cidr.network + offset)
const blockCidr = (map: AddressMap, block: number) =>
  formatCidr(map.cidr.network + block * ADDRESSES_PER_BLOCK, 28)

function conflict(map: AddressMap, text: string): void {
  if (map.conflictCount < MAX_CONFLICTS_NAMED) map.conflicts.push(text)
  map.conflictCount++
}

const eniId = (enis: readonly EniFacts[], index: number) => enis[index]?.networkInterfaceId ?? '?'

function claimants(enis: readonly EniFacts[], first: number, second: number): string {
  return first === second ? `${eniId(enis, first)} twice` : `${eniId(enis, first)} and ${eniId(enis, second)}`
}
