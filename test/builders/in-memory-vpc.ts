import { UnknownVpcError } from '../../lib/errors.ts'
import type { SubnetInventory, SubnetSelector } from '../../lib/ports/subnet-inventory.ts'
import type { VpcCidrs } from '../../lib/ports/vpc-cidrs.ts'
import type { CidrReservationFacts, EniFacts, SubnetFacts } from '../../lib/schemas/subnets.ts'

// A VPC held in memory, for services that read one: its CIDRs and existing subnets (no ENIs, no
// reservations), served through the same ports as EC2, and written out as the AWS CLI would export it.

/** An existing subnet: where it is and how large. */
export interface ExistingSubnet {
  cidr: string
  availabilityZone: string
}

export class InMemoryVpc implements SubnetInventory, VpcCidrs {
  readonly subnetFacts: SubnetFacts[]

  /** `cidrs`: the VPC's primary CIDR first, then its secondary CIDRs. */
  constructor(
    readonly vpcId: string,
    readonly cidrs: readonly string[],
    existing: readonly ExistingSubnet[] = [],
  ) {
    this.subnetFacts = existing.map(({ cidr, availabilityZone }, index) => ({
      subnetId: `subnet-existing${index}`,
      vpcId,
      availabilityZone,
      cidr,
      ipv6Cidrs: [],
      availableIpAddressCount: addressesIn(cidr) - 5,
      tags: {},
    }))
  }

  async subnets(selector: SubnetSelector): Promise<SubnetFacts[]> {
    if ('vpcId' in selector) return this.subnetFacts.filter((each) => each.vpcId === selector.vpcId)
    if ('subnetIds' in selector)
      return this.subnetFacts.filter((each) => selector.subnetIds.includes(each.subnetId))
    return this.subnetFacts
  }

  async vpcCidrs(vpcId: string, region: string): Promise<string[]> {
    if (vpcId !== this.vpcId) throw new UnknownVpcError(vpcId, region)
    return [...this.cidrs]
  }

  async networkInterfaces(): Promise<EniFacts[]> {
    return []
  }

  async cidrReservations(): Promise<CidrReservationFacts[]> {
    return []
  }

  /** What `aws ec2 describe-vpcs --vpc-ids …` writes for it. */
  describeVpcs() {
    return {
      Vpcs: [
        {
          VpcId: this.vpcId,
          CidrBlock: this.cidrs[0],
          CidrBlockAssociationSet: this.cidrs.map((cidr, index) => ({
            AssociationId: `vpc-cidr-assoc-${index}`,
            CidrBlock: cidr,
            CidrBlockState: { State: 'associated' },
          })),
        },
      ],
    }
  }

  /** What `aws ec2 describe-subnets` writes for it. */
  describeSubnets() {
    return {
      Subnets: this.subnetFacts.map((each) => ({
        SubnetId: each.subnetId,
        VpcId: each.vpcId,
        AvailabilityZone: each.availabilityZone,
        CidrBlock: each.cidr ?? undefined,
        AvailableIpAddressCount: each.availableIpAddressCount ?? undefined,
      })),
    }
  }
}

function addressesIn(cidr: string): number {
  return 2 ** (32 - Number(cidr.split('/')[1]))
}
