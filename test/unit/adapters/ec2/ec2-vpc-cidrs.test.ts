import { DescribeVpcsCommand, EC2Client, EC2ServiceException, type Vpc } from '@aws-sdk/client-ec2'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { Ec2SubnetInventory } from '../../../../lib/adapters/ec2/ec2-subnet-inventory.ts'
import { UnknownVpcError } from '../../../../lib/errors.ts'

// The CIDRs `size --vpc-id` carves from: the VPC's primary and every secondary still associated. A block
// being disassociated (or gone) is no space to carve from.

const ec2 = mockClient(EC2Client)
const REGION = 'eu-west-1'
const VPC_ID = 'vpc-0abc'

const inventory = () => new Ec2SubnetInventory(() => new EC2Client({ region: REGION }))

const association = (cidr: string, state: string) => ({
  AssociationId: `vpc-cidr-assoc-${cidr.replace(/\W/g, '')}`,
  CidrBlock: cidr,
  CidrBlockState: { State: state as 'associated' },
})

afterEach(() => {
  ec2.reset()
})

describe('Ec2SubnetInventory.vpcCidrs', () => {
  it.each<[string, Vpc, string[]]>([
    ['the primary alone', { VpcId: VPC_ID, CidrBlock: '10.0.0.0/16' }, ['10.0.0.0/16']],
    [
      'the primary and its associated secondaries, the primary (also in the set) once',
      {
        VpcId: VPC_ID,
        CidrBlock: '10.0.0.0/16',
        CidrBlockAssociationSet: [
          association('10.0.0.0/16', 'associated'),
          association('100.64.0.0/16', 'associated'),
          association('10.1.0.0/20', 'associated'),
        ],
      },
      ['10.0.0.0/16', '100.64.0.0/16', '10.1.0.0/20'],
    ],
    [
      'blocks disassociated, being disassociated, failed or still associating are left out',
      {
        VpcId: VPC_ID,
        CidrBlock: '10.0.0.0/16',
        CidrBlockAssociationSet: [
          association('10.0.0.0/16', 'associated'),
          association('100.64.0.0/16', 'disassociated'),
          association('100.65.0.0/16', 'disassociating'),
          association('100.66.0.0/16', 'failed'),
          association('100.67.0.0/16', 'associating'),
          association('100.68.0.0/16', 'associated'),
        ],
      },
      ['10.0.0.0/16', '100.68.0.0/16'],
    ],
  ])('%s', async (_why, vpc, expected) => {
    // Prepare
    ec2.on(DescribeVpcsCommand, { VpcIds: [VPC_ID] }).resolves({ Vpcs: [vpc] })

    // Act
    const cidrs = await inventory().vpcCidrs(VPC_ID, REGION)

    // Assess
    expect(cidrs).toEqual(expected)
    expect(ec2.commandCalls(DescribeVpcsCommand)).toHaveLength(1)
  })

  it('InvalidVpcID.NotFound is an unknown VPC, naming it and the region', async () => {
    // Prepare
    ec2.on(DescribeVpcsCommand).rejects(
      new EC2ServiceException({
        name: 'InvalidVpcID.NotFound',
        message: `The vpc ID '${VPC_ID}' does not exist`,
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      }),
    )

    // Act
    const failure = await inventory()
      .vpcCidrs(VPC_ID, REGION)
      .catch((error: unknown) => error)

    // Assess
    expect(failure).toBeInstanceOf(UnknownVpcError)
    expect(failure).toMatchObject({ vpcId: VPC_ID, region: REGION })
  })

  it('an answer with no VPC is an unknown VPC too', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] })
    await expect(inventory().vpcCidrs(VPC_ID, REGION)).rejects.toBeInstanceOf(UnknownVpcError)
  })

  it('any other failure is no unknown VPC: it is passed on as it is', async () => {
    // Prepare
    const denied = new EC2ServiceException({
      name: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation.',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    })
    ec2.on(DescribeVpcsCommand).rejects(denied)

    // Act
    const failure = await inventory()
      .vpcCidrs(VPC_ID, REGION)
      .catch((error: unknown) => error)

    // Assess
    expect(failure).toBe(denied)
  })
})
