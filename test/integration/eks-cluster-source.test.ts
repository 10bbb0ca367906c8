import {
  type _InstanceType,
  CreateLaunchTemplateCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  EC2Client,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2'
import { CreateClusterCommand, CreateNodegroupCommand, EKSClient } from '@aws-sdk/client-eks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_BATCH_USER_DATA } from '../../lib/adapters/demo/demo-cluster.ts'
import { EksClusterSource, NODEGROUPS_PAGE_SIZE } from '../../lib/adapters/eks/eks-cluster-source.ts'
import { ADDON_API_MISSING, ADDON_NOT_INSTALLED } from '../../lib/adapters/eks/vpc-cni-addon.ts'
import { UnknownClusterError } from '../../lib/errors.ts'
import type { ClusterFacts } from '../../lib/ports/cluster-source.ts'
import {
  HAS_MOTO,
  MOTO_CREDENTIALS,
  MOTO_SKIPPED,
  type MotoServer,
  startMoto,
} from '../support/moto-server.ts'

// The EKS cluster source with the real SDK against moto's server, an EKS and EC2 we did not write: the
// facts of a cluster made through the same API. moto's own ways, met here: DescribeCluster leaves out
// resourcesVpcConfig.vpcId (the source finds it from a subnet); a node group made from a launch template
// is reported with moto's default instanceTypes ['t3.medium'] beside it (the template's type wins, as EKS
// refuses both); DescribeAddon is not implemented (a 404 HTML page). Instances are made with RunInstances
// and tagged as EKS and Karpenter tag theirs; moto pages DescribeInstances by reservation, not instance.

const REGION = 'us-east-1'
const ROLE = 'arn:aws:iam::123456789012:role/eks'

describe.skipIf(!HAS_MOTO)(`EKS cluster source against moto${MOTO_SKIPPED}`, () => {
  let moto: MotoServer
  let eks: EKSClient
  let ec2: EC2Client
  let source: EksClusterSource
  let made: { vpcId: string; subnetIds: string[]; launchTemplateId: string }

  beforeAll(async () => {
    moto = await startMoto()
    const config = { region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS }
    eks = new EKSClient(config)
    ec2 = new EC2Client(config)
    source = new EksClusterSource({ eks: () => eks, ec2: () => ec2 })
    made = await network()
  }, 60_000)
  afterAll(() => moto?.stop())

  /** A VPC with one subnet in each of two zones, and a launch template for AL2023 nodes. */
  async function network() {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))
    const vpcId = Vpc?.VpcId ?? ''
    const subnetIds: string[] = []
    for (const [cidr, zone] of [
      ['10.30.0.0/20', 'us-east-1a'],
      ['10.30.16.0/20', 'us-east-1b'],
    ] as const) {
      const { Subnet } = await ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone }),
      )
      subnetIds.push(Subnet?.SubnetId ?? '')
    }
    const { LaunchTemplate } = await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'batch',
        LaunchTemplateData: {
          InstanceType: 'c5.xlarge',
          UserData: Buffer.from(DEMO_BATCH_USER_DATA).toString('base64'),
        },
      }),
    )
    return { vpcId, subnetIds, launchTemplateId: LaunchTemplate?.LaunchTemplateId ?? '' }
  }

  async function createCluster(name: string) {
    await eks.send(
      new CreateClusterCommand({ name, roleArn: ROLE, resourcesVpcConfig: { subnetIds: made.subnetIds } }),
    )
  }

  it('reads back two managed node groups in two zones, one typed by a launch template', async () => {
    await createCluster('two-groups')
    await eks.send(
      new CreateNodegroupCommand({
        clusterName: 'two-groups',
        nodegroupName: 'general',
        nodeRole: ROLE,
        subnets: made.subnetIds,
        instanceTypes: ['m5.large', 'm5a.large'],
        amiType: 'AL2023_x86_64_STANDARD',
        scalingConfig: { minSize: 3, desiredSize: 12, maxSize: 30 },
      }),
    )
    await eks.send(
      new CreateNodegroupCommand({
        clusterName: 'two-groups',
        nodegroupName: 'batch',
        nodeRole: ROLE,
        subnets: [made.subnetIds[1] ?? ''],
        launchTemplate: { id: made.launchTemplateId, version: '$Latest' },
        scalingConfig: { minSize: 2, desiredSize: 6, maxSize: 20 },
      }),
    )

    const facts = await source.describe('two-groups', REGION)

    expect(facts).toMatchObject({
      name: 'two-groups',
      region: REGION,
      vpcId: made.vpcId,
      subnetIds: made.subnetIds,
      ipFamily: 'ipv4',
    })
    const byName = Object.fromEntries(facts.nodeGroups.map((group) => [group.name, group]))
    expect(Object.keys(byName).sort()).toEqual(['batch', 'general'])
    expect(byName.general).toMatchObject({
      instanceTypes: ['m5.large', 'm5a.large'],
      instanceTypesFrom: 'node-group',
      scaling: { minSize: 3, desiredSize: 12, maxSize: 30 },
      subnetIds: made.subnetIds,
      amiType: 'AL2023_x86_64_STANDARD',
      launchTemplate: null,
    })
    expect(byName.batch).toMatchObject({
      instanceTypes: ['c5.xlarge'],
      instanceTypesFrom: 'launch-template',
      scaling: { minSize: 2, desiredSize: 6, maxSize: 20 },
      subnetIds: [made.subnetIds[1]],
      launchTemplate: {
        id: made.launchTemplateId,
        version: '$Latest',
        instanceType: 'c5.xlarge',
        userData: DEMO_BATCH_USER_DATA,
      },
    })
    expectNoAddonSettings(facts)
    expect(facts.nodes).toEqual([])
  })

  /** An image moto knows (its list is long: asked once), for RunInstances. */
  let imageId: Promise<string> | undefined
  function knownImage(): Promise<string> {
    imageId ??= ec2.send(new DescribeImagesCommand({})).then(({ Images }) => {
      const image =
        Images?.find((candidate) => candidate.Platform?.toLowerCase() !== 'windows') ?? Images?.[0]
      return image?.ImageId ?? ''
    })
    return imageId
  }

  /** Runs `count` instances of `instanceType` in a subnet with these tags; answers their ids. */
  async function runInstances(
    count: number,
    instanceType: _InstanceType,
    subnetId: string,
    tags: Record<string, string>,
  ) {
    const { Instances } = await ec2.send(
      new RunInstancesCommand({
        ImageId: await knownImage(),
        InstanceType: instanceType,
        MinCount: count,
        MaxCount: count,
        SubnetId: subnetId,
        TagSpecifications: Object.keys(tags).length
          ? [{ ResourceType: 'instance', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }]
          : undefined,
      }),
    )
    return (Instances ?? []).map((instance) => instance.InstanceId ?? '')
  }

  it("finds the cluster's pending and running instances by its tag, with their managed group or NodePool", async () => {
    const name = 'with-nodes'
    await createCluster(name)
    const [zoneA = '', zoneB = ''] = made.subnetIds
    const cluster = { [`kubernetes.io/cluster/${name}`]: 'owned' }
    // As EKS tags a managed node group's instances, and Karpenter v1 those it launches.
    const managed = { ...cluster, 'eks:cluster-name': name, 'eks:nodegroup-name': 'general' }
    const karpenter = {
      ...cluster,
      'eks:eks-cluster-name': name,
      'karpenter.sh/nodepool': 'default',
      'karpenter.k8s.aws/ec2nodeclass': 'default',
    }
    const general = await runInstances(3, 'm5.large', zoneA, managed)
    const pool = await runInstances(2, 'c5.xlarge', zoneB, karpenter)
    const selfManaged = await runInstances(1, 'm5.large', zoneA, {
      [`kubernetes.io/cluster/${name}`]: 'shared',
    })
    const [stopped = '', terminated = ''] = await runInstances(2, 'm5.large', zoneA, managed)
    await ec2.send(new StopInstancesCommand({ InstanceIds: [stopped] }))
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [terminated] }))
    await runInstances(1, 'm5.large', zoneA, {
      'kubernetes.io/cluster/other': 'owned',
      'eks:nodegroup-name': 'general',
    })
    await runInstances(1, 'm5.large', zoneA, {})

    const facts = await source.describe(name, REGION)

    const byId = (a: { instanceId: string }, b: { instanceId: string }) =>
      a.instanceId.localeCompare(b.instanceId)
    expect([...facts.nodes].sort(byId)).toEqual(
      [
        ...general.map((instanceId) => ({ instanceId, instanceType: 'm5.large', nodeGroup: 'general' })),
        ...pool.map((instanceId) => ({
          instanceId,
          instanceType: 'c5.xlarge',
          nodeGroup: 'karpenter/default',
        })),
        ...selfManaged.map((instanceId) => ({ instanceId, instanceType: 'm5.large', nodeGroup: null })),
      ].sort(byId),
    )
  })

  it(`follows ListNodegroups past one page of ${NODEGROUPS_PAGE_SIZE}`, async () => {
    await createCluster('many-groups')
    const names = Array.from(
      { length: NODEGROUPS_PAGE_SIZE + 3 },
      (_, index) => `ng-${String(index).padStart(3, '0')}`,
    )
    // One at a time: moto takes longer per node group as a cluster grows, and no faster in parallel.
    for (const nodegroupName of names)
      await eks.send(
        new CreateNodegroupCommand({
          clusterName: 'many-groups',
          nodegroupName,
          nodeRole: ROLE,
          subnets: made.subnetIds,
          instanceTypes: ['m5.large'],
        }),
      )

    const facts = await source.describe('many-groups', REGION)

    expect(facts.nodeGroups.map((group) => group.name).sort()).toEqual(names)
  }, 60_000)

  it('says a cluster the region does not have is unknown', async () => {
    await expect(source.describe('no-such-cluster', REGION)).rejects.toBeInstanceOf(UnknownClusterError)
  })
})

/** moto has no add-ons: the settings are "not in the add-on", by either road moto may take. */
function expectNoAddonSettings(facts: ClusterFacts): void {
  expect(facts.vpcCni.found).toBe(false)
  if (!facts.vpcCni.found) expect([ADDON_API_MISSING, ADDON_NOT_INSTALLED]).toContain(facts.vpcCni.reason)
}
