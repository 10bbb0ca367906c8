import {
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSubnetsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2'
import {
  AccessDeniedException,
  type Cluster,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListNodegroupsCommand,
  type Nodegroup,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  EksClusterSource,
  NODEGROUP_CONCURRENCY,
  NODEGROUPS_PAGE_SIZE,
} from '../../../../lib/adapters/eks/eks-cluster-source.ts'
import { ADDON_API_MISSING, ADDON_NOT_INSTALLED } from '../../../../lib/adapters/eks/vpc-cni-addon.ts'
import { UnknownClusterError } from '../../../../lib/errors.ts'

const eks = mockClient(EKSClient)
const ec2 = mockClient(EC2Client)
const REGION = 'eu-west-1'
const CLUSTER = 'prod'

const CLUSTER_ANSWER: Cluster = {
  name: CLUSTER,
  arn: `arn:aws:eks:${REGION}:111122223333:cluster/${CLUSTER}`,
  version: '1.33',
  resourcesVpcConfig: { vpcId: 'vpc-1', subnetIds: ['subnet-a', 'subnet-b'] },
  kubernetesNetworkConfig: { ipFamily: 'ipv4' },
}

function nodegroup(name: string, overrides: Nodegroup = {}): Nodegroup {
  return {
    nodegroupName: name,
    instanceTypes: ['m5.large'],
    scalingConfig: { minSize: 1, desiredSize: 2, maxSize: 4 },
    subnets: ['subnet-a'],
    amiType: 'AL2023_x86_64_STANDARD',
    capacityType: 'ON_DEMAND',
    ...overrides,
  }
}

/** A cluster with these node groups on one ListNodegroups page, no instances, and the vpc-cni add-on installed. */
function cluster(nodegroups: Nodegroup[], answer: Cluster = CLUSTER_ANSWER) {
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] })
  eks.on(DescribeClusterCommand, { name: CLUSTER }).resolves({ cluster: answer })
  eks.on(ListNodegroupsCommand).resolves({ nodegroups: nodegroups.map((group) => group.nodegroupName ?? '') })
  for (const group of nodegroups)
    eks.on(DescribeNodegroupCommand, { nodegroupName: group.nodegroupName }).resolves({ nodegroup: group })
  eks
    .on(DescribeAddonCommand)
    .resolves({ addon: { addonName: 'vpc-cni', addonVersion: 'v1.19.2-eksbuild.1' } })
}

function source() {
  const regions: string[] = []
  const clients = {
    eks: (region: string) => {
      regions.push(region)
      return new EKSClient({ region })
    },
    ec2: (region: string) => {
      regions.push(region)
      return new EC2Client({ region })
    },
  }
  return { source: new EksClusterSource(clients), regions }
}

function named(name: string, message = name): Error {
  return Object.assign(new Error(message), { name })
}

describe('the EKS cluster source', () => {
  beforeEach(() => {
    eks.reset()
    ec2.reset()
  })
  afterEach(() => {
    eks.reset()
    ec2.reset()
  })

  it('reads the cluster with clients of the region asked, and turns its answer into facts', async () => {
    cluster([nodegroup('general')])
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            {
              InstanceId: 'i-1',
              InstanceType: 'm5.large',
              Tags: [
                { Key: `kubernetes.io/cluster/${CLUSTER}`, Value: 'owned' },
                { Key: 'eks:nodegroup-name', Value: 'general' },
              ],
            },
          ],
        },
      ],
    })
    const { source: clusters, regions } = source()

    const facts = await clusters.describe(CLUSTER, REGION)

    expect(new Set(regions)).toEqual(new Set([REGION]))
    expect(facts).toEqual({
      name: CLUSTER,
      region: REGION,
      arn: CLUSTER_ANSWER.arn,
      kubernetesVersion: '1.33',
      vpcId: 'vpc-1',
      subnetIds: ['subnet-a', 'subnet-b'],
      ipFamily: 'ipv4',
      nodeGroups: [
        {
          name: 'general',
          instanceTypes: ['m5.large'],
          instanceTypesFrom: 'node-group',
          scaling: { minSize: 1, desiredSize: 2, maxSize: 4 },
          subnetIds: ['subnet-a'],
          amiType: 'AL2023_x86_64_STANDARD',
          capacityType: 'ON_DEMAND',
          launchTemplate: null,
        },
      ],
      vpcCni: { found: true, addonVersion: 'v1.19.2-eksbuild.1', configurationValues: null },
      nodes: [{ instanceId: 'i-1', instanceType: 'm5.large', nodeGroup: 'general' }],
    })
    // EKS named the VPC and no launch template: EC2 is asked for the instances only.
    expect(ec2.calls().map((call) => call.args[0].constructor.name)).toEqual(['DescribeInstancesCommand'])
    expect(ec2.commandCalls(DescribeInstancesCommand)[0]?.args[0].input.Filters).toContainEqual({
      Name: 'tag-key',
      Values: [`kubernetes.io/cluster/${CLUSTER}`],
    })
  })

  it('follows every page of ListNodegroups, in the largest pages, and describes each node group', async () => {
    cluster([nodegroup('a'), nodegroup('b'), nodegroup('c')])
    // The SDK's paginator reuses one input object: copy each as it is sent.
    const pages: object[] = []
    eks.on(ListNodegroupsCommand).callsFake((input: { nextToken?: string }) => {
      pages.push({ ...input })
      return input.nextToken === 'page-2'
        ? { nodegroups: ['c'] }
        : { nodegroups: ['a', 'b'], nextToken: 'page-2' }
    })

    const facts = await source().source.describe(CLUSTER, REGION)

    expect(facts.nodeGroups.map((group) => group.name)).toEqual(['a', 'b', 'c'])
    expect(pages).toEqual([
      { clusterName: CLUSTER, maxResults: NODEGROUPS_PAGE_SIZE },
      { clusterName: CLUSTER, maxResults: NODEGROUPS_PAGE_SIZE, nextToken: 'page-2' },
    ])
    expect(eks.commandCalls(DescribeNodegroupCommand)).toHaveLength(3)
  })

  it('describes no more node groups at once than the bound, and keeps their order', async () => {
    const groups = Array.from({ length: NODEGROUP_CONCURRENCY * 3 + 1 }, (_, index) =>
      nodegroup(`ng-${index}`),
    )
    cluster(groups)
    let inFlight = 0
    let most = 0
    eks.on(DescribeNodegroupCommand).callsFake(async (input: { nodegroupName: string }) => {
      most = Math.max(most, ++inFlight)
      await new Promise((done) => setTimeout(done, 2))
      inFlight--
      return { nodegroup: groups.find((group) => group.nodegroupName === input.nodegroupName) }
    })

    const facts = await source().source.describe(CLUSTER, REGION)

    expect(most).toBe(NODEGROUP_CONCURRENCY)
    expect(facts.nodeGroups.map((group) => group.name)).toEqual(groups.map((group) => group.nodegroupName))
  })

  it.each([
    {
      reason: 'by id, when EKS names it: the id survives a rename',
      template: { id: 'lt-1', name: 'batch', version: '$Latest' },
      asked: { LaunchTemplateId: 'lt-1', Versions: ['$Latest'] },
    },
    {
      reason: 'by name, when EKS gives no id',
      template: { name: 'batch', version: '7' },
      asked: { LaunchTemplateName: 'batch', Versions: ['7'] },
    },
    {
      reason: 'the default version, when EKS gives none',
      template: { id: 'lt-1' },
      asked: { LaunchTemplateId: 'lt-1', Versions: ['$Default'] },
    },
  ])('reads the launch template $reason', async ({ template, asked }) => {
    // moto (and only a filler) reports t3.medium beside a launch template that names its own type.
    cluster([nodegroup('batch', { instanceTypes: ['t3.medium'], launchTemplate: template })])
    const userData = 'MIME-Version: 1.0\nkind: NodeConfig\n  maxPods: 58\n'
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({
      LaunchTemplateVersions: [
        {
          LaunchTemplateData: {
            InstanceType: 'c5.xlarge',
            UserData: Buffer.from(userData).toString('base64'),
          },
        },
      ],
    })

    const [batch] = (await source().source.describe(CLUSTER, REGION)).nodeGroups

    expect(ec2.commandCalls(DescribeLaunchTemplateVersionsCommand)[0]?.args[0].input).toEqual(asked)
    expect(batch?.instanceTypes).toEqual(['c5.xlarge'])
    expect(batch?.instanceTypesFrom).toBe('launch-template')
    expect(batch?.launchTemplate).toEqual({
      id: template.id ?? null,
      name: template.name ?? null,
      version: template.version ?? null,
      instanceType: 'c5.xlarge',
      userData,
    })
  })

  it.each([
    {
      reason: 'a template without an instance type leaves the node group its own types',
      ownTypes: ['m5.large', 'm5a.large'],
      answer: () => ({ LaunchTemplateVersions: [{ LaunchTemplateData: {} }] }),
      expected: { instanceTypes: ['m5.large', 'm5a.large'], instanceTypesFrom: 'node-group' },
    },
    {
      reason: 'a template deleted since is read as unknown, not as an error',
      ownTypes: [],
      answer: () => {
        throw named('InvalidLaunchTemplateId.NotFound')
      },
      expected: { instanceTypes: [], instanceTypesFrom: 'unknown' },
    },
    {
      reason: 'a version deleted since is read as unknown, not as an error',
      ownTypes: ['m5.large'],
      answer: () => {
        throw named('InvalidLaunchTemplateId.VersionNotFound')
      },
      expected: { instanceTypes: ['m5.large'], instanceTypesFrom: 'node-group' },
    },
  ])('$reason', async ({ ownTypes, answer, expected }) => {
    cluster([nodegroup('batch', { instanceTypes: ownTypes, launchTemplate: { id: 'lt-1', version: '2' } })])
    ec2.on(DescribeLaunchTemplateVersionsCommand).callsFake(answer)

    const [batch] = (await source().source.describe(CLUSTER, REGION)).nodeGroups

    expect(batch).toMatchObject(expected)
    expect(batch?.launchTemplate).toMatchObject({
      id: 'lt-1',
      version: '2',
      instanceType: null,
      userData: null,
    })
  })

  it('reads a template that several node groups share once', async () => {
    const shared = { id: 'lt-1', version: '4' }
    cluster([nodegroup('a', { launchTemplate: shared }), nodegroup('b', { launchTemplate: shared })])
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({
      LaunchTemplateVersions: [{ LaunchTemplateData: { InstanceType: 'c5.xlarge' } }],
    })

    const facts = await source().source.describe(CLUSTER, REGION)

    expect(facts.nodeGroups.map((group) => group.instanceTypes)).toEqual([['c5.xlarge'], ['c5.xlarge']])
    expect(ec2.commandCalls(DescribeLaunchTemplateVersionsCommand)).toHaveLength(1)
  })

  it('finds the VPC from the first cluster subnet when DescribeCluster leaves it out (as moto does)', async () => {
    cluster([], { ...CLUSTER_ANSWER, resourcesVpcConfig: { subnetIds: ['subnet-a', 'subnet-b'] } })
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-a', VpcId: 'vpc-from-subnet' }] })

    const facts = await source().source.describe(CLUSTER, REGION)

    expect(facts.vpcId).toBe('vpc-from-subnet')
    expect(ec2.commandCalls(DescribeSubnetsCommand)[0]?.args[0].input).toEqual({ SubnetIds: ['subnet-a'] })
  })

  it.each([
    { reason: 'an IPv6 cluster says so', network: { ipFamily: 'ipv6' as const }, expected: 'ipv6' },
    { reason: 'a cluster from before IPv6 reports no family: IPv4', network: {}, expected: 'ipv4' },
    { reason: 'no network config at all: IPv4', network: undefined, expected: 'ipv4' },
  ])('$reason', async ({ network, expected }) => {
    cluster([], { ...CLUSTER_ANSWER, kubernetesNetworkConfig: network })

    expect((await source().source.describe(CLUSTER, REGION)).ipFamily).toBe(expected)
  })

  it.each([
    {
      reason: 'found with settings: version and configurationValues as given',
      answer: () => ({ addon: { addonVersion: 'v1.20.0-eksbuild.1', configurationValues: '{"env":{}}' } }),
      expected: { found: true, addonVersion: 'v1.20.0-eksbuild.1', configurationValues: '{"env":{}}' },
    },
    {
      reason: 'found with an empty configuration: no settings',
      answer: () => ({ addon: { addonVersion: 'v1.19.2-eksbuild.1', configurationValues: '' } }),
      expected: { found: true, addonVersion: 'v1.19.2-eksbuild.1', configurationValues: null },
    },
    {
      reason: 'not an add-on (self-managed aws-node)',
      answer: () => {
        throw new ResourceNotFoundException({ message: 'No addon: vpc-cni found', $metadata: {} })
      },
      expected: { found: false, reason: ADDON_NOT_INSTALLED },
    },
    {
      reason: 'an endpoint without DescribeAddon: its 404 HTML page fails to parse',
      answer: () => {
        throw Object.assign(new SyntaxError('Unexpected token \'<\', "<!doctype "... is not valid JSON'), {
          $metadata: { httpStatusCode: 404 },
        })
      },
      expected: { found: false, reason: ADDON_API_MISSING },
    },
  ])('reports the vpc-cni add-on $reason', async ({ answer, expected }) => {
    cluster([])
    eks.on(DescribeAddonCommand).callsFake(answer)

    const facts = await source().source.describe(CLUSTER, REGION)

    expect(facts.vpcCni).toEqual(expected)
    expect(eks.commandCalls(DescribeAddonCommand)[0]?.args[0].input).toEqual({
      clusterName: CLUSTER,
      addonName: 'vpc-cni',
    })
  })

  it('throws UnknownClusterError for a cluster the region does not have', async () => {
    eks
      .on(DescribeClusterCommand)
      .rejects(new ResourceNotFoundException({ message: 'No cluster', $metadata: {} }))

    const error = await source()
      .source.describe('nope', REGION)
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(UnknownClusterError)
    expect(error).toMatchObject({ cluster: 'nope', region: REGION })
  })

  const denied = () => new AccessDeniedException({ message: 'denied', $metadata: {} })
  it.each([
    {
      reason: 'DescribeCluster denied',
      arrange: (error: Error) => eks.on(DescribeClusterCommand).rejects(error),
      error: denied(),
    },
    {
      reason: 'DescribeAddon denied: the real CNI settings must not be dropped quietly',
      arrange: (error: Error) => eks.on(DescribeAddonCommand).rejects(error),
      error: denied(),
    },
    {
      reason: 'DescribeAddon failing to parse a 500: only a 404 means the operation is missing',
      arrange: (error: Error) => eks.on(DescribeAddonCommand).rejects(error),
      error: Object.assign(new SyntaxError('bad'), { $metadata: { httpStatusCode: 500 } }),
    },
    {
      reason: 'DescribeNodegroup throttled',
      arrange: (error: Error) => eks.on(DescribeNodegroupCommand).rejects(error),
      error: named('ThrottlingException'),
    },
    {
      reason: 'DescribeLaunchTemplateVersions not permitted',
      arrange: (error: Error) => ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(error),
      error: named('UnauthorizedOperation'),
    },
    {
      reason: "DescribeInstances not permitted: the nodes' addresses must not be counted twice quietly",
      arrange: (error: Error) => ec2.on(DescribeInstancesCommand).rejects(error),
      error: named('UnauthorizedOperation'),
    },
    {
      reason: 'DescribeSubnets not permitted, when the VPC must be found from a subnet',
      arrange: (error: Error) => {
        eks
          .on(DescribeClusterCommand)
          .resolves({ cluster: { ...CLUSTER_ANSWER, resourcesVpcConfig: { subnetIds: ['subnet-a'] } } })
        ec2.on(DescribeSubnetsCommand).rejects(error)
      },
      error: named('UnauthorizedOperation'),
    },
  ])('lets an access or throttling error through: $reason', async ({ arrange, error }) => {
    cluster([nodegroup('batch', { launchTemplate: { id: 'lt-1', version: '1' } })])
    ec2
      .on(DescribeLaunchTemplateVersionsCommand)
      .resolves({ LaunchTemplateVersions: [{ LaunchTemplateData: {} }] })
    arrange(error)

    const caught = await source()
      .source.describe(CLUSTER, REGION)
      .catch((thrown: unknown) => thrown)

    expect(caught).toBe(error)
  })
})
