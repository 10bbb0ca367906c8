/** IPv4 arithmetic on unsigned 32-bit numbers. */

export interface Ipv4Cidr {
  /** The first address, as an unsigned 32-bit number. */
  network: number
  prefixLength: number
  /** How many addresses it spans. */
  size: number
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/

/** `10.0.1.5` → 167772421; undefined for anything that is not a dotted quad. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.')
  if (parts.length !== 4 || !parts.every((part) => OCTET.test(part))) return undefined
  return parts.reduce((value, part) => value * 256 + Number(part), 0)
}

export function formatIpv4(address: number): string {
  return [address >>> 24, (address >>> 16) & 255, (address >>> 8) & 255, address & 255].join('.')
}

/** `10.0.0.0/24`; undefined unless the address is the network's first (AWS refuses others too). */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const [address, length, ...rest] = text.split('/')
  if (address === undefined || length === undefined || rest.length > 0 || !/^\d{1,2}$/.test(length)) return undefined
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
