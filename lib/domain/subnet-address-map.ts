import { InvalidInputError } from '../errors.ts'
import type { FieldIssue } from '../schemas/field-issues.ts'
import type { CidrReservationFacts, EniFacts, SubnetFacts } from '../schemas/subnets.ts'
import { contains, type Ipv4Cidr, parseCidr, parseIpv4, within } from './ipv4.ts'

export const ADDRESSES_PER_BLOCK = 16
/** AWS keeps a subnet's first four addresses and its last one. */
export const RESERVED_AT_START = 4
export const RESERVED_AT_END = 1
/** AWS subnets are /16 to /28. */
export const LARGEST_SUBNET_PREFIX = 16
export const SMALLEST_SUBNET_PREFIX = 28

/** Whose address it is: an index into the ENI list, or NO_OWNER. */
export const NO_OWNER = -1

/**
 * Every address of one subnet, one byte or int each (a /16 is 64 Ki entries): which are taken and by
 * which ENI, which /28 blocks are assigned prefixes, and which blocks touch a CIDR reservation.
 */
export interface AddressMap {
  cidr: Ipv4Cidr
  blockCount: number
  /** Per address: 1 when a private IP of some ENI. */
  privateIp: Uint8Array
  /** Per address: the ENI holding it (private IP or prefix), or NO_OWNER. */
  owner: Int32Array
  /** Per block: 1 when an assigned prefix. */
  prefixBlock: Uint8Array
  inPrefixReservation: Uint8Array
  inExplicitReservation: Uint8Array
  privateIpCount: number
  prefixCount: number
  duplicateAddresses: number
}

/** Builds the map, refusing (with every offending field named) addresses that cannot be in this subnet. */
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
    privateIp: new Uint8Array(cidr.size),
    owner: new Int32Array(cidr.size).fill(NO_OWNER),
    prefixBlock: new Uint8Array(blockCount),
    inPrefixReservation: new Uint8Array(blockCount),
    inExplicitReservation: new Uint8Array(blockCount),
    privateIpCount: 0,
    prefixCount: 0,
    duplicateAddresses: 0,
  }

  enis.forEach((eni, index) => {
    const where = `networkInterfaces[${eni.networkInterfaceId}]`
    eni.privateIps.forEach((text, position) => {
      const address = parseIpv4(text)
      if (address === undefined || !contains(cidr, address)) {
        issues.push({
          field: `${where}.privateIps[${position}]`,
          message: `'${text}' is not an address of ${subnet.cidr}`,
        })
        return
      }
      const offset = address - cidr.network
      if (map.owner[offset] !== NO_OWNER) map.duplicateAddresses++
      else map.privateIpCount++
      map.privateIp[offset] = 1
      map.owner[offset] = index
    })
    eni.ipv4Prefixes.forEach((text, position) => {
      const prefix = parseCidr(text)
      if (prefix?.prefixLength !== 28 || !within(cidr, prefix)) {
        issues.push({
          field: `${where}.ipv4Prefixes[${position}]`,
          message: `'${text}' is not an aligned /28 of ${subnet.cidr}`,
        })
        return
      }
      const block = (prefix.network - cidr.network) / ADDRESSES_PER_BLOCK
      if (map.prefixBlock[block]) map.duplicateAddresses += ADDRESSES_PER_BLOCK
      else map.prefixCount++
      map.prefixBlock[block] = 1
      map.owner.fill(index, block * ADDRESSES_PER_BLOCK, (block + 1) * ADDRESSES_PER_BLOCK)
    })
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
