/** IPv4 arithmetic on unsigned 32-bit numbers. */

export interface Ipv4Cidr {
  /** The first address, as an unsigned 32-bit number. */
  network: number
  prefixLength: number
  /** How many addresses it spans. */
  size: number
}

/**
 * `10.0.1.5` → 167772421; undefined for anything that is not a dotted quad of 0–255 without leading
 * zeros. Read character by character: a /16 holds 65,536 addresses and this is the analysis's hot path.
 */
export function parseIpv4(text: string): number | undefined {
  let value = 0
  let octet = 0
  let digits = 0
  let dots = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code === 46) {
      if (digits === 0 || dots === 3) return undefined
      value = value * 256 + octet
      octet = 0
      digits = 0
      dots++
    } else if (code >= 48 && code <= 57) {
      // A leading zero is only allowed for the octet 0 itself.
      if (digits > 0 && octet === 0) return undefined
      octet = octet * 10 + (code - 48)
      digits++
      if (octet > 255) return undefined
    } else {
      return undefined
    }
  }
  if (dots !== 3 || digits === 0) return undefined
  return value * 256 + octet
}

export function formatIpv4(address: number): string {
  return [address >>> 24, (address >>> 16) & 255, (address >>> 8) & 255, address & 255].join('.')
}

/** `10.0.0.0/24`; undefined unless the address is the network's first (AWS refuses others too). */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const [address, length, ...rest] = text.split('/')
  if (address === undefined || length === undefined || rest.length > 0 || !/^\d{1,2}$/.test(length))
    return undefined
  const network = parseIpv4(address)
  const prefixLength = Number(length)
  if (network === undefined || prefixLength > 32) return undefined
  const size = 2 ** (32 - prefixLength)
  if (network % size !== 0) return undefined
  return { network, prefixLength, size }
}

export function formatCidr(network: number, prefixLength: number): string {
  return `${formatIpv4(network)}/${prefixLength}`
}

export function contains(outer: Ipv4Cidr, address: number): boolean {
  return address >= outer.network && address < outer.network + outer.size
}

export function within(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.network >= outer.network && inner.network + inner.size <= outer.network + outer.size
}
