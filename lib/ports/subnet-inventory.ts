import type { CidrReservationFacts, EniFacts, SubnetFacts } from '../schemas/subnets.ts'

/** Which subnets to look at. */
export type SubnetSelector = { vpcId: string } | { subnetIds: string[] } | { cluster: string } | { all: true }

/** A region's subnets, ENIs and CIDR reservations: EC2 in AWS, a synthetic VPC locally. */
export interface SubnetInventory {
  subnets(selector: SubnetSelector, region: string): Promise<SubnetFacts[]>
  /** Every ENI of a VPC in one scan (one per VPC, never one per subnet). */
  networkInterfaces(vpcId: string, region: string): Promise<EniFacts[]>
  cidrReservations(subnetId: string, region: string): Promise<CidrReservationFacts[]>
}
