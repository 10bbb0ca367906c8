/** A VPC's IPv4 CIDR blocks (its primary and every associated secondary), for carving new subnets from. */
export interface VpcCidrs {
  /** Throws UnknownVpcError when the region has no such VPC. */
  vpcCidrs(vpcId: string, region: string): Promise<string[]>
}
