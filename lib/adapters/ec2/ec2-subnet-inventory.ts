import {
  DescribeVpcsCommand,
  type DescribeVpcsCommandOutput,
  type EC2Client,
  type Filter,
  GetSubnetCidrReservationsCommand,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSubnets,
} from '@aws-sdk/client-ec2'
import { UnknownVpcError } from '../../errors.ts'
import type { SubnetInventory, SubnetSelector } from '../../ports/subnet-inventory.ts'
import type { VpcCidrs } from '../../ports/vpc-cidrs.ts'
import { Ec2NetworkInterface, Ec2Subnet, Ec2SubnetCidrReservation } from '../../schemas/ec2-subnet-exports.ts'
import type { CidrReservationFacts, EniFacts, SubnetFacts } from '../../schemas/subnets.ts'
import { toEniFacts, toReservationFacts, toSubnetFacts, vpcCidrBlocks } from './subnet-shapes.ts'

/** The most each call may return: fewer, larger pages mean fewer calls against EC2's throttle. */
export const SUBNETS_PAGE_SIZE = 1000
export const NETWORK_INTERFACES_PAGE_SIZE = 1000
export const RESERVATIONS_PAGE_SIZE = 1000

export class Ec2SubnetInventory implements SubnetInventory, VpcCidrs {
  constructor(private readonly clientFor: (region: string) => EC2Client) {}

  async vpcCidrs(vpcId: string, region: string): Promise<string[]> {
    let answer: DescribeVpcsCommandOutput
    try {
      answer = await this.clientFor(region).send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))
    } catch (error) {
      if ((error as { name?: string }).name === 'InvalidVpcID.NotFound')
        throw new UnknownVpcError(vpcId, region)
      throw error
    }
    const vpc = answer.Vpcs?.[0]
    if (!vpc) throw new UnknownVpcError(vpcId, region)
    return vpcCidrBlocks(vpc)
  }

  async subnets(selector: SubnetSelector, region: string): Promise<SubnetFacts[]> {
    if ('vpcId' in selector)
      return this.describeSubnets(region, { Filters: [{ Name: 'vpc-id', Values: [selector.vpcId] }] })
    if ('subnetIds' in selector) return this.describeSubnets(region, { SubnetIds: selector.subnetIds })
    if ('all' in selector) return this.describeSubnets(region, {})
    // A cluster's subnets carry its name in one of two tags; custom networking (pod) subnets in its
    // VPCs carry kubernetes.io/role/cni. EC2 filters are ANDed, so each tag is its own call.
    const tagged = [
      ...(await this.describeSubnets(region, {
        Filters: [{ Name: 'tag-key', Values: [`kubernetes.io/cluster/${selector.cluster}`] }],
      })),
      ...(await this.describeSubnets(region, {
        Filters: [{ Name: 'tag:karpenter.sh/discovery', Values: [selector.cluster] }],
      })),
    ]
    const vpcs = [...new Set(tagged.map((subnet) => subnet.vpcId))]
    const podSubnets =
      vpcs.length === 0
        ? []
        : await this.describeSubnets(region, {
            Filters: [
              { Name: 'vpc-id', Values: vpcs },
              { Name: 'tag-key', Values: ['kubernetes.io/role/cni'] },
            ],
          })
    return unique([...tagged, ...podSubnets])
  }

  async networkInterfaces(vpcId: string, region: string): Promise<EniFacts[]> {
    const enis: EniFacts[] = []
    const pages = paginateDescribeNetworkInterfaces(
      { client: this.clientFor(region), pageSize: NETWORK_INTERFACES_PAGE_SIZE },
      // Without IncludeManagedResources, ENIs managed by EKS, ECS or Lambda are hidden (since 2026-04)
      // and their addresses would look free.
      { Filters: [{ Name: 'vpc-id', Values: [vpcId] }], IncludeManagedResources: true },
    )
    for await (const page of pages) {
      for (const item of page.NetworkInterfaces ?? []) enis.push(toEniFacts(Ec2NetworkInterface.parse(item)))
    }
    return enis
  }

  async cidrReservations(subnetId: string, region: string): Promise<CidrReservationFacts[]> {
    const reservations: CidrReservationFacts[] = []
    let nextToken: string | undefined
    // GetSubnetCidrReservations has no paginator in the SDK: page by NextToken by hand.
    do {
      const page = await this.clientFor(region).send(
        new GetSubnetCidrReservationsCommand({
          SubnetId: subnetId,
          MaxResults: RESERVATIONS_PAGE_SIZE,
          NextToken: nextToken,
        }),
      )
      for (const item of page.SubnetIpv4CidrReservations ?? []) {
        reservations.push(toReservationFacts(Ec2SubnetCidrReservation.parse(item)))
      }
      nextToken = page.NextToken
    } while (nextToken)
    return reservations
  }

  private async describeSubnets(
    region: string,
    input: { Filters?: Filter[]; SubnetIds?: string[] },
  ): Promise<SubnetFacts[]> {
    const subnets: SubnetFacts[] = []
    // Asked by ID, the answer is no longer than the list of IDs: no page size needed.
    const pageSize = input.SubnetIds ? undefined : SUBNETS_PAGE_SIZE
    const pages = paginateDescribeSubnets(
      { client: this.clientFor(region), ...(pageSize ? { pageSize } : {}) },
      input,
    )
    for await (const page of pages) {
      for (const item of page.Subnets ?? []) subnets.push(toSubnetFacts(Ec2Subnet.parse(item)))
    }
    return subnets
  }
}

function unique(subnets: SubnetFacts[]): SubnetFacts[] {
  return [...new Map(subnets.map((subnet) => [subnet.subnetId, subnet])).values()]
}
