import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  CreateLaunchTemplateCommand,
  CreateNetworkInterfaceCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2'
import { CreateClusterCommand, CreateNodegroupCommand, EKSClient } from '@aws-sdk/client-eks'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { stringify } from 'yaml'
import { createCatalogTable } from '../../lib/adapters/dynamodb/catalog-table.ts'
import { DynamoDbCatalogStore } from '../../lib/adapters/dynamodb/dynamodb-catalog-store.ts'
import { consoleTelemetry } from '../../lib/adapters/observability/console-telemetry.ts'
import { BundledCatalog } from '../../lib/adapters/snapshot/bundled-catalog.ts'
import { SnapshotInstanceTypeSource } from '../../lib/adapters/snapshot/snapshot-instance-type-source.ts'
import { systemClock } from '../../lib/ports/clock.ts'
import type { PlanResult } from '../../lib/schemas/plan.ts'
import { createCatalogRefresher } from '../../lib/services/refresh-catalog.ts'
import { awsNodeDaemonSet } from '../builders/aws-node.ts'
import { httpEvent, lambdaContext } from '../builders/http-event.ts'
import { nodeConfigUserData } from '../builders/user-data.ts'
import { stubLambdaEnvironment } from '../support/lambda-environment.ts'
import {
  HAS_MOTO,
  MOTO_CREDENTIALS,
  MOTO_SKIPPED,
  type MotoServer,
  startMoto,
} from '../support/moto-server.ts'
import { runCli } from '../support/run-cli.ts'

// A cluster as EKS and EC2 describe it, played by moto's server (an AWS implementation we did not write):
// two managed node groups in two zones, one with its instance type and max pods in a launch template, and
// the vpc-cni settings from an aws-node export (moto has no add-ons). The plan read from the cluster must be
// the plan of the same settings written by hand, through the CLI and through the API's function with moto as
// its EKS, EC2 and DynamoDB.

const REGION = 'eu-west-1'
const CLUSTER = 'blue'
const TABLE = 'eks-ip-capacity-moto'
const BATCH_MAX_PODS = 58
/** The add-on's configuration a cluster would run: prefix delegation, one warm prefix. */
const CNI_ENV = { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' }
const CNI_VERSION = '1.19.2-eksbuild.1'

const AWS_NODE = awsNodeDaemonSet(
  Object.entries(CNI_ENV).map(([name, value]) => ({ name, value })),
  `602401143452.dkr.ecr.${REGION}.amazonaws.com/amazon-k8s-cni:v${CNI_VERSION}`,
)

interface World {
  vpcId: string
  general: string
  batch: string
}

describe.skipIf(!HAS_MOTO)(`a cluster plan read from moto's EKS and EC2${MOTO_SKIPPED}`, () => {
  let moto: MotoServer | undefined
  let world: World
  let dir: string
  let env: Record<string, string>

  const clients = () => {
    const config = { region: REGION, endpoint: moto?.endpoint, credentials: MOTO_CREDENTIALS }
    return { ec2: new EC2Client(config), eks: new EKSClient(config), dynamodb: new DynamoDBClient(config) }
  }

  beforeAll(async () => {
    moto = await startMoto()
    world = await buildCluster()
    dir = mkdtempSync(join(tmpdir(), 'cluster-plan-moto-'))
    writeFileSync(join(dir, 'aws-node.json'), JSON.stringify(AWS_NODE))
    env = {
      HOME: dir,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_EC2: moto.endpoint,
      AWS_ENDPOINT_URL_EKS: moto.endpoint,
      AWS_PROFILE: '',
    }
  }, 90_000)
  afterAll(() => moto?.stop())

  /** Two zones, a subnet in each with other workloads' addresses in it, a cluster and its two node groups. */
  async function buildCluster(): Promise<World> {
    const { ec2, eks } = clients()
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.80.0.0/16' }))
    const vpcId = Vpc?.VpcId as string
    const subnet = async (cidr: string, zone: string) =>
      (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone })))
        .Subnet?.SubnetId as string
    const general = await subnet('10.80.0.0/23', `${REGION}a`)
    const batch = await subnet('10.80.4.0/24', `${REGION}b`)
    for (const [id, count] of [
      [general, 40],
      [batch, 12],
    ] as const)
      await ec2.send(
        new CreateNetworkInterfaceCommand({ SubnetId: id, SecondaryPrivateIpAddressCount: count }),
      )
    await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'blue-batch',
        LaunchTemplateData: {
          ImageId: 'ami-0123456789abcdef0',
          InstanceType: 'c5.xlarge',
          UserData: Buffer.from(nodeConfigUserData(BATCH_MAX_PODS)).toString('base64'),
        },
      }),
    )
    await eks.send(
      new CreateClusterCommand({
        name: CLUSTER,
        roleArn: 'arn:aws:iam::123456789012:role/eks-cluster',
        resourcesVpcConfig: { subnetIds: [general, batch] },
        version: '1.33',
      }),
    )
    const nodeRole = 'arn:aws:iam::123456789012:role/eks-node'
    await eks.send(
      new CreateNodegroupCommand({
        clusterName: CLUSTER,
        nodegroupName: 'general',
        nodeRole,
        subnets: [general],
        instanceTypes: ['m5.large', 'm5a.large'],
        amiType: 'AL2023_x86_64_STANDARD',
        scalingConfig: { minSize: 2, desiredSize: 4, maxSize: 10 },
      }),
    )
    await eks.send(
      new CreateNodegroupCommand({
        clusterName: CLUSTER,
        nodegroupName: 'batch',
        nodeRole,
        subnets: [batch],
        launchTemplate: { name: 'blue-batch', version: '1' },
        // A custom AMI (an AMI ID in the template): only then does the user data's maxPods hold.
        amiType: 'CUSTOM',
        scalingConfig: { minSize: 1, desiredSize: 2, maxSize: 8 },
      }),
    )
    ec2.destroy()
    eks.destroy()
    return { vpcId, general, batch }
  }

  /** The same cluster written by hand: what the plan read from EKS must equal. */
  function handWritten(subnets: object) {
    const settings = { prefixDelegation: true, warmPrefixTarget: 1, cniVersion: CNI_VERSION }
    return {
      ...subnets,
      nodeGroups: [
        {
          name: 'batch',
          instanceTypes: ['c5.xlarge'],
          desiredNodes: 2,
          maxNodes: 8,
          pods: 'max',
          subnetIds: [world.batch],
          settings: { ...settings, kubeletMaxPods: BATCH_MAX_PODS },
        },
        {
          name: 'general',
          instanceTypes: ['m5.large', 'm5a.large'],
          desiredNodes: 4,
          maxNodes: 10,
          pods: 'max',
          subnetIds: [world.general],
          settings: { ...settings, profile: 'calculator' },
        },
      ],
    }
  }

  async function planJson(args: string[]): Promise<PlanResult> {
    const outcome = await runCli(['plan', ...args, '-o', 'json'], env)
    expect(outcome.stderr, outcome.stderr).not.toMatch(/error/i)
    expect(outcome.code).toBe(0)
    return JSON.parse(outcome.stdout) as PlanResult
  }

  /** Everything a plan says but where its inputs came from. */
  const judged = ({ cluster: _cluster, warnings: _warnings, ...plan }: PlanResult) => plan

  it('the CLI plan of the cluster is the plan of the same settings written by hand', async () => {
    const handFile = join(dir, 'hand.yaml')
    writeFileSync(handFile, stringify(handWritten({ subnets: { vpcId: world.vpcId } })))

    const [fromCluster, byHand] = await Promise.all([
      planJson(['--cluster', CLUSTER, '--aws-node', join(dir, 'aws-node.json')]),
      planJson([handFile]),
    ])

    expect(judged(fromCluster)).toEqual(judged(byHand))
    expect(fromCluster.nodeGroups.map((group) => [group.name, group.kubeletMaxPods])).toEqual([
      ['batch', BATCH_MAX_PODS],
      ['general', 110],
    ])
    expect(fromCluster.subnets.map((subnet) => subnet.availabilityZone).sort()).toEqual([
      `${REGION}a`,
      `${REGION}b`,
    ])
    const sources = Object.fromEntries(fromCluster.cluster?.sources.map((s) => [s.input, s.source]) ?? [])
    expect(sources['vpc-cni settings']).toMatch(/aws-node DaemonSet export/)
    expect(sources['node group batch']).toMatch(/c5\.xlarge \(named by its launch template\)/)
    expect(sources['node group batch max pods']).toMatch(/launch template blue-batch version 1 user data/)
    expect(fromCluster.cluster).toMatchObject({ name: CLUSTER, region: REGION, vpcId: world.vpcId })
  }, 60_000)

  it('without the aws-node export, moto has no add-on: the answer says so and plans with the CNI defaults', async () => {
    const plan = await planJson(['--cluster', CLUSTER])

    const sources = Object.fromEntries(plan.cluster?.sources.map((s) => [s.input, s.source]) ?? [])
    expect(sources['vpc-cni settings']).toMatch(/^settings not in the add-on \(.*DescribeAddon\)/)
    expect(plan.warnings.some((warning) => warning.includes('settings not in the add-on'))).toBe(true)
    // The CNI's defaults: secondary IPs, whole warm ENIs.
    expect(plan.nodeGroups.map((group) => group.mode)).toEqual(['warm-eni', 'warm-eni'])
  }, 60_000)

  it('an unknown cluster is a usage mistake that says where it was looked for', async () => {
    const outcome = await runCli(['plan', '--cluster', 'green'], env)

    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toMatch(new RegExp(`no EKS cluster 'green' in region ${REGION}`))
  }, 60_000)

  it('the API answers the same plan, with moto as its EKS, EC2 and DynamoDB', async () => {
    const endpoint = moto?.endpoint as string
    const { dynamodb } = clients()
    await createCatalogTable(dynamodb, TABLE)
    const [filled] = await createCatalogRefresher({
      source: new SnapshotInstanceTypeSource(new BundledCatalog()),
      store: new DynamoDbCatalogStore(dynamodb, TABLE),
      clock: systemClock,
      telemetry: consoleTelemetry(() => {}),
    }).refresh([REGION])
    expect(filled?.ok).toBe(true)
    dynamodb.destroy()
    stubLambdaEnvironment({
      AWS_REGION: REGION,
      TABLE_NAME: TABLE,
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_ENDPOINT_URL_EC2: endpoint,
      AWS_ENDPOINT_URL_EKS: endpoint,
      // moto's DynamoDB is slower than AWS's: the catalog must come from it, not from the fallback.
      DYNAMODB_REQUEST_TIMEOUT_MS: '30000',
    })
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {})
    const { handler } = await import('../../functions/http/subnets.ts')
    const post = async (body: object) => {
      const response = await handler(
        httpEvent({
          method: 'POST',
          path: '/v1/plans',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        }),
        lambdaContext(),
      )
      return { status: response.statusCode, body: JSON.parse(response.body ?? '{}') }
    }

    const [fromCluster, byHand, unknown] = await Promise.all([
      post({ cluster: CLUSTER, awsNode: AWS_NODE }),
      post(handWritten({ subnets: { vpcId: world.vpcId } })),
      post({ cluster: 'green' }),
    ])

    expect(fromCluster.status).toBe(200)
    expect(byHand.status).toBe(200)
    expect(judged(fromCluster.body)).toEqual(judged(byHand.body))
    expect(fromCluster.body.cluster.today.nodeGroups).toEqual([
      { name: 'batch', nodes: 2 },
      { name: 'general', nodes: 4 },
    ])
    expect(JSON.stringify(logged.mock.calls)).not.toMatch(/catalog cache unavailable/)
    expect(unknown.status).toBe(404)
    expect(unknown.body.errors).toEqual([
      { field: 'cluster', message: `'green' is not an EKS cluster in ${REGION}` },
    ])
  }, 90_000)

  it("the nodes already running are counted as their groups' own: the supply is the subnets' without them", async () => {
    const { ec2 } = clients()
    const { Images } = await ec2.send(new DescribeImagesCommand({}))
    const imageId = Images?.[0]?.ImageId as string
    const tags = [
      { Key: 'eks:cluster-name', Value: CLUSTER },
      { Key: 'eks:nodegroup-name', Value: 'general' },
      { Key: `kubernetes.io/cluster/${CLUSTER}`, Value: 'owned' },
    ]
    const { Instances } = await ec2.send(
      new RunInstancesCommand({
        ImageId: imageId,
        InstanceType: 'm5.large',
        MinCount: 2,
        MaxCount: 2,
        SubnetId: world.general,
        TagSpecifications: [{ ResourceType: 'instance', Tags: tags }],
      }),
    )
    const running = new Set(Instances?.map((instance) => instance.InstanceId))
    // The exports a user would write by hand for the same subnets without those nodes.
    const filter = { Filters: [{ Name: 'vpc-id', Values: [world.vpcId] }] }
    const subnets = await ec2.send(new DescribeSubnetsCommand(filter))
    const enis = await ec2.send(new DescribeNetworkInterfacesCommand(filter))
    ec2.destroy()
    const withoutNodes = {
      ...enis,
      NetworkInterfaces: enis.NetworkInterfaces?.filter((eni) => !running.has(eni.Attachment?.InstanceId)),
    }
    expect(withoutNodes.NetworkInterfaces?.length).toBeLessThan(enis.NetworkInterfaces?.length ?? 0)
    const freed = (enis.NetworkInterfaces ?? [])
      .filter((eni) => running.has(eni.Attachment?.InstanceId))
      .reduce((sum, eni) => sum + (eni.PrivateIpAddresses?.length ?? 0), 0)
    for (const subnet of subnets.Subnets ?? [])
      if (subnet.SubnetId === world.general)
        subnet.AvailableIpAddressCount = (subnet.AvailableIpAddressCount ?? 0) + freed
    const handFile = join(dir, 'hand-exports.json')
    writeFileSync(
      handFile,
      JSON.stringify(handWritten({ exports: { subnets, networkInterfaces: withoutNodes } })),
    )

    const [fromCluster, byHand] = await Promise.all([
      planJson(['--cluster', CLUSTER, '--aws-node', join(dir, 'aws-node.json')]),
      planJson([handFile]),
    ])

    expect(judged(fromCluster)).toEqual(judged(byHand))
    const existing = fromCluster.cluster?.sources.find((source) => source.input === 'existing nodes')
    expect(existing?.source).toMatch(/^2 instances of the planned node groups/)
  }, 60_000)
})
