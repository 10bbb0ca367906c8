export type { LayoutFormat } from '../../schemas/emit-formats.ts'
export { LAYOUT_FORMATS } from '../../schemas/emit-formats.ts'

// The words of greenfield sizing, shared by the sizing arithmetic, the carving of CIDRs and the emitters.

/** What one subnet must hold, headroom included: addresses outside every reservation, and /28 prefixes. */
export interface SubnetNeed {
  /** Secondary IPs and ENI primary addresses (each node's own address included). */
  addresses: number
  /** /28 prefixes (prefix delegation), each an aligned free /28 block. */
  blocks: number
}

/** A subnet to place: its size, and which of the address space's CIDRs may hold it. */
export interface CidrRequest {
  /** Unique: e.g. `us-east-1a/nodes`. */
  key: string
  prefixLength: number
  /** The VPC CIDRs (as written in the request) this subnet may be carved from, in order of preference. */
  spaces: string[]
}

export interface Carving {
  /** key → the CIDR placed for it. */
  placed: Map<string, string>
  /** The requests no free aligned block could hold, largest first. */
  unplaced: CidrRequest[]
  /** Per space, the largest aligned free CIDR left after placing (null: none). */
  largestFree: Map<string, string | null>
}

/** One proposed subnet, as the emitters write it. */
export interface LayoutSubnet {
  /** A stable name: `nodes-us-east-1a`, `pods-us-east-1a`. */
  name: string
  role: 'nodes' | 'pods'
  availabilityZone: string
  cidr: string
  /** Prefix-type CIDR reservations inside it, for prefix delegation (none without it). */
  prefixReservations: string[]
}

export interface LayoutInput {
  /** An existing VPC (its subnets are added to it), or a new one of this CIDR. */
  vpc: { id: string | null; cidr: string | null; secondaryCidrs: string[] }
  clusterName: string | null
  region: string | null
  subnets: LayoutSubnet[]
  /** Where the sizes came from, one line each; written as comments where the format has them. */
  sources: string[]
}
