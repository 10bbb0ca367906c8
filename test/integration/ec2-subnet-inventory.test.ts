import { EC2Client } from '@aws-sdk/client-ec2'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_CLUSTER, DEMO_VPC_ID } from '../../lib/adapters/demo/demo-vpc.ts'
import { Ec2SubnetInventory } from '../../lib/adapters/ec2/ec2-subnet-inventory.ts'
import { createSubnetAnalysisService } from '../../lib/services/subnet-analysis.ts'
import { toEc2NetworkInterface, toEc2Reservation, toEc2Subnet } from '../builders/ec2-shapes.ts'
import { eni, subnet } from '../builders/subnets.ts'
import { demoNetwork } from '../support/demo-network.ts'
import { TEST_CREDENTIALS } from '../support/dynalite.ts'
import { FakeEc2, THROTTLED } from '../support/fake-ec2.ts'

// The EC2 subnet inventory with the real @aws-sdk/client-ec2 against the fake EC2 endpoint over HTTP:
// the right answers, with no more EC2 calls than the data needs.

const REGION = 'us-east-1'

describe('EC2 subnet inventory', () => {
  const ec2 = new FakeEc2()
  let endpoint: string
  let demo: Awaited<ReturnType<typeof demoNetwork>>

  beforeAll(async () => {
    endpoint = await ec2.start()
    demo = await demoNetwork()
  })
  afterAll(() => ec2.stop())
  beforeEach(() => {
    ec2.reset()
    ec2.setNetwork(REGION, demo)
  })

  function service() {
    const client = new EC2Client({
      region: REGION,
      endpoint,
      credentials: TEST_CREDENTIALS,
      retryMode: 'adaptive',
      maxAttempts: 8,
    })
    return createSubnetAnalysisService(() => new Ec2SubnetInventory(() => client), REGION)
  }

  it('gives, through EC2, exactly the analysis the same VPC gives directly', async () => {
    const direct = await createSubnetAnalysisService(() => demo.inventory, REGION).scan({
      vpcId: DEMO_VPC_ID,
    })
    const throughEc2 = await service().scan({ vpcId: DEMO_VPC_ID })
    expect(throughEc2).toEqual(direct)
    expect(throughEc2.analyses).toHaveLength(5)
    expect(throughEc2.skipped.map((entry) => entry.subnetId)).toEqual(['subnet-demo-ipv6-only'])
  })

  it('makes the minimum of calls: one subnet page, one ENI scan per VPC, one reservation call per IPv4 subnet', async () => {
    await service().scan({ vpcId: DEMO_VPC_ID })
    expect(ec2.callsTo('DescribeSubnets')).toHaveLength(1)
    const eniCalls = ec2.callsTo('DescribeNetworkInterfaces')
    expect(eniCalls).toHaveLength(Math.ceil(demo.networkInterfaces.length / 1000))
    expect(eniCalls[0]?.params).toMatchObject({
      'Filter.1.Name': 'vpc-id',
      'Filter.1.Value.1': DEMO_VPC_ID,
      MaxResults: '1000',
      IncludeManagedResources: 'true',
    })
    expect(ec2.callsTo('GetSubnetCidrReservations')).toHaveLength(5)
    expect(ec2.calls).toHaveLength(1 + eniCalls.length + 5)
  })

  it('pages ENIs and reservations past 1000, still one scan per VPC', async () => {
    const big = subnet({ subnetId: 'subnet-big', vpcId: 'vpc-big', cidr: '10.1.0.0/16' })
    const enis = Array.from({ length: 2_500 }, (_, index) =>
      toEc2NetworkInterface(
        eni({
          networkInterfaceId: `eni-${index}`,
          subnetId: 'subnet-big',
          instanceId: `i-${index}`,
          privateIps: [`10.1.${Math.floor((index + 16) / 256)}.${(index + 16) % 256}`],
        }),
        'vpc-big',
      ),
    )
    const reservations = Array.from({ length: 1_200 }, (_, index) => ({
      ...toEc2Reservation({
        reservationId: `scr-${index}`,
        subnetId: 'subnet-big',
        cidr: `10.1.${100 + Math.floor(index / 16)}.${(index % 16) * 16}/28`,
        type: 'explicit',
      }),
    }))
    ec2.setNetwork(REGION, { subnets: [toEc2Subnet(big)], networkInterfaces: enis, reservations })

    const { analyses } = await service().scan({ vpcId: 'vpc-big' })

    expect(ec2.callsTo('DescribeNetworkInterfaces')).toHaveLength(3)
    expect(ec2.callsTo('GetSubnetCidrReservations')).toHaveLength(2)
    expect(analyses[0]?.usedIps).toBe(2_500)
    expect(analyses[0]?.blocks.inExplicitReservation).toBe(1_200)
  })

  it('sees ENIs managed by AWS services (hidden unless asked for)', async () => {
    const { analyses } = await service().scan({ vpcId: DEMO_VPC_ID })
    const kinds = analyses.flatMap((analysis) => analysis.owners.map((owner) => owner.kind))
    expect(kinds).toEqual(
      expect.arrayContaining(['nat-gateway', 'load-balancer', 'vpc-endpoint', 'lambda', 'trunk', 'branch']),
    )
  })

  it('finds a cluster’s subnets by either tag, and its custom-networking subnets', async () => {
    const { analyses, skipped } = await service().scan({ cluster: DEMO_CLUSTER })
    expect(
      [...analyses.map((analysis) => analysis.subnetId), ...skipped.map((entry) => entry.subnetId)].sort(),
    ).toEqual([
      'subnet-demo-exhausted',
      'subnet-demo-explicit-reserved',
      'subnet-demo-fragmented',
      'subnet-demo-healthy',
      'subnet-demo-prefix-reserved',
    ])
    expect(ec2.callsTo('DescribeSubnets')).toHaveLength(3)
  })

  it('rides out throttling of every other call with the same answer', async () => {
    const calm = await service().scan({ vpcId: DEMO_VPC_ID })
    ec2.reset()
    ec2.setNetwork(REGION, demo)
    ec2.failCalls((_call, index) => (index % 2 === 0 ? THROTTLED : undefined))
    expect(await service().scan({ vpcId: DEMO_VPC_ID })).toEqual(calm)
  })
})
