import {
  type _InstanceType,
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  type DescribeInstancesCommandOutput,
  EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  clusterTagKey,
  describeClusterInstances,
  INSTANCES_PAGE_SIZE,
  KARPENTER_NODE_POOL_TAG,
  NODE_GROUP_TAG,
} from '../../../../lib/adapters/eks/cluster-instances.ts'

const ec2 = mockClient(EC2Client)
const CLUSTER = 'prod'

/** An instance with these tags, as DescribeInstances answers it. */
function instance(
  instanceId: string,
  tags: Record<string, string> = {},
  instanceType: _InstanceType = 'm5.large',
): Instance {
  return {
    InstanceId: instanceId,
    InstanceType: instanceType,
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  }
}

const owned = { [clusterTagKey(CLUSTER)]: 'owned' }

describe("the cluster's instances", () => {
  beforeEach(() => ec2.reset())
  afterEach(() => ec2.reset())

  it('asks for the pending and running instances with the cluster tag, in the largest pages', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] })

    await describeClusterInstances(new EC2Client({}), CLUSTER)

    const [call] = ec2.commandCalls(DescribeInstancesCommand)
    expect(call?.args[0].input).toEqual({
      Filters: [
        { Name: 'tag-key', Values: [`kubernetes.io/cluster/${CLUSTER}`] },
        { Name: 'instance-state-name', Values: ['pending', 'running'] },
      ],
      MaxResults: INSTANCES_PAGE_SIZE,
    })
  })

  it('follows NextToken over every page and every reservation of a page', async () => {
    const pages: Record<string, DescribeInstancesCommandOutput> = {
      first: {
        Reservations: [{ Instances: [instance('i-1'), instance('i-2')] }, { Instances: [instance('i-3')] }],
        NextToken: 'page-2',
        $metadata: {},
      },
      'page-2': { Reservations: [{ Instances: [instance('i-4')] }], NextToken: 'page-3', $metadata: {} },
      'page-3': { Reservations: [{ Instances: [instance('i-5')] }], $metadata: {} },
    }
    // The paginator reuses one input object: record each token as it is sent.
    const tokens: (string | undefined)[] = []
    ec2.on(DescribeInstancesCommand).callsFake((input: DescribeInstancesCommandInput) => {
      tokens.push(input.NextToken)
      return pages[input.NextToken ?? 'first']
    })

    const nodes = await describeClusterInstances(new EC2Client({}), CLUSTER)

    expect(nodes.map((node) => node.instanceId)).toEqual(['i-1', 'i-2', 'i-3', 'i-4', 'i-5'])
    expect(tokens).toEqual([undefined, 'page-2', 'page-3'])
  })

  it.each([
    {
      reason: 'a managed node group instance is named by eks:nodegroup-name',
      tags: { ...owned, 'eks:cluster-name': CLUSTER, [NODE_GROUP_TAG]: 'general' },
      nodeGroup: 'general',
    },
    {
      reason: 'a Karpenter v1 instance is named by its NodePool, marked as Karpenter',
      tags: { ...owned, 'eks:eks-cluster-name': CLUSTER, [KARPENTER_NODE_POOL_TAG]: 'default' },
      nodeGroup: 'karpenter/default',
    },
    {
      reason: 'the managed node group wins should an instance carry both tags',
      tags: { ...owned, [NODE_GROUP_TAG]: 'general', [KARPENTER_NODE_POOL_TAG]: 'default' },
      nodeGroup: 'general',
    },
    {
      reason: 'an empty node group tag names no group',
      tags: { ...owned, [NODE_GROUP_TAG]: '', [KARPENTER_NODE_POOL_TAG]: 'default' },
      nodeGroup: 'karpenter/default',
    },
    { reason: 'a self-managed node with only the cluster tag is in no group', tags: owned, nodeGroup: null },
    { reason: 'an untagged instance is in no group', tags: {}, nodeGroup: null },
  ])('$reason', async ({ tags, nodeGroup }) => {
    ec2
      .on(DescribeInstancesCommand)
      .resolves({ Reservations: [{ Instances: [instance('i-1', tags, 'c5.xlarge')] }] })

    const nodes = await describeClusterInstances(new EC2Client({}), CLUSTER)

    expect(nodes).toEqual([{ instanceId: 'i-1', instanceType: 'c5.xlarge', nodeGroup }])
  })

  it('counts an instance that two pages both list once, and skips one without an id', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce({
        Reservations: [{ Instances: [instance('i-1'), { InstanceType: 'm5.large' }] }],
        NextToken: 't',
      })
      .resolvesOnce({ Reservations: [{ Instances: [instance('i-1')] }] })

    const nodes = await describeClusterInstances(new EC2Client({}), CLUSTER)

    expect(nodes.map((node) => node.instanceId)).toEqual(['i-1'])
  })

  it('lets an access error through: a cluster whose nodes could not be read must not look empty', async () => {
    const denied = Object.assign(new Error('denied'), { name: 'UnauthorizedOperation' })
    ec2.on(DescribeInstancesCommand).rejects(denied)

    await expect(describeClusterInstances(new EC2Client({}), CLUSTER)).rejects.toBe(denied)
  })
})
