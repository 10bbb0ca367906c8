import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CreateNetworkInterfaceCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { stringify } from 'yaml'
import { describeAwsFailure } from '../../cli/aws-failure.ts'
import { scanClient } from '../../lib/adapters/ec2/scan-client.ts'
import { FakeEc2, INTERNAL_ERROR, THROTTLED } from '../support/fake-ec2.ts'
import { freePort } from '../support/free-port.ts'
import { HAS_MOTO, MOTO_SKIPPED, type MotoServer, startMoto } from '../support/moto-server.ts'
import { runCli } from '../support/run-cli.ts'

// The CLI finds its account as every AWS tool does: a temporary HOME with ~/.aws/config and
// ~/.aws/credentials, AWS_PROFILE or --profile, AWS_REGION or --region, and endpoints from
// AWS_ENDPOINT_URL(_EC2, _EKS). moto's server plays EC2; the fake EC2 injects the failures moto cannot.

const PROFILE_REGION = 'eu-west-3'
const OTHER_REGION = 'ap-south-1'
const CLUSTER = 'blue'
const KEYS = 'aws_access_key_id = AKIDMOTO\naws_secret_access_key = moto-secret\n'

/** A HOME holding ~/.aws (and ~/.kube when given), as a user's machine would. */
function home(files: { config?: string; credentials?: string; kubeconfig?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cli-aws-home-'))
  mkdirSync(join(dir, '.aws'))
  if (files.config !== undefined) writeFileSync(join(dir, '.aws', 'config'), files.config)
  if (files.credentials !== undefined) writeFileSync(join(dir, '.aws', 'credentials'), files.credentials)
  if (files.kubeconfig !== undefined) {
    mkdirSync(join(dir, '.kube'))
    writeFileSync(join(dir, '.kube', 'config'), files.kubeconfig)
  }
  return dir
}

/** The profile `moto`: keys in ~/.aws/credentials, its region in ~/.aws/config. */
const motoProfileHome = (kubeconfig?: string) =>
  home({
    config: `[profile moto]\nregion = ${PROFILE_REGION}\n`,
    credentials: `[moto]\n${KEYS}`,
    ...(kubeconfig ? { kubeconfig } : {}),
  })

/**
 * A kubeconfig as `aws eks update-kubeconfig [--profile P]` writes it: context and cluster named by the
 * cluster's ARN, and the profile, when given, as AWS_PROFILE in the token command's env.
 */
const eksKubeconfig = (region: string, name: string, profile?: string) => {
  const arn = `arn:aws:eks:${region}:123456789012:cluster/${name}`
  const env = profile ? { env: [{ name: 'AWS_PROFILE', value: profile }] } : {}
  return stringify({
    'current-context': arn,
    contexts: [{ name: arn, context: { cluster: arn, user: arn } }],
    clusters: [{ name: arn, cluster: { server: 'https://example.test' } }],
    users: [
      {
        name: arn,
        user: { exec: { command: 'aws', args: ['eks', 'get-token', '--cluster-name', name], ...env } },
      },
    ],
  })
}

/** Runs the CLI with a HOME and nothing else of the machine's AWS settings; IMDS is never probed. */
const cli = (args: string[], env: Record<string, string>) =>
  runCli(args, { AWS_EC2_METADATA_DISABLED: 'true', ...env })

const oneLine = (stderr: string) => stderr.trim().split('\n')

beforeEach(() => {
  // The machine's own AWS and kube settings must not leak into the runs (runCli passes process.env on).
  for (const name of Object.keys(process.env))
    if (/^(AWS_|KUBECONFIG$|EC2_ENDPOINT$|STS_ENDPOINT$)/.test(name)) vi.stubEnv(name, undefined)
})

describe.skipIf(!HAS_MOTO)(
  `region, credentials and endpoint through the SDK's chain, against moto's EC2${MOTO_SKIPPED}`,
  // Each case is its own CLI process against the same read-only moto state: they may run side by side.
  { concurrent: true },
  () => {
    let moto: MotoServer | undefined
    let endpoint: string
    /** In the profile's region: a VPC whose subnet is tagged for the cluster, with an ENI holding addresses. */
    const profileRegion = { vpcId: '', subnetId: '' }
    /** The same in another region, which only --region, AWS_REGION or the kube context can lead to. */
    const otherRegion = { vpcId: '', subnetId: '' }
    const ec2In = (region: string) =>
      new EC2Client({
        region,
        endpoint,
        credentials: { accessKeyId: 'AKIDMOTO', secretAccessKey: 'moto-secret' },
      })

    async function network(region: string, cidr: string) {
      const ec2 = ec2In(region)
      const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: `${cidr}.0.0/16` }))
      const { Subnet } = await ec2.send(
        new CreateSubnetCommand({
          VpcId: Vpc?.VpcId,
          CidrBlock: `${cidr}.4.0/24`,
          TagSpecifications: [
            { ResourceType: 'subnet', Tags: [{ Key: `kubernetes.io/cluster/${CLUSTER}`, Value: 'owned' }] },
          ],
        }),
      )
      for (const count of [6, 2])
        await ec2.send(
          new CreateNetworkInterfaceCommand({
            SubnetId: Subnet?.SubnetId,
            SecondaryPrivateIpAddressCount: count,
          }),
        )
      ec2.destroy()
      return { vpcId: Vpc?.VpcId as string, subnetId: Subnet?.SubnetId as string }
    }

    beforeAll(async () => {
      moto = await startMoto()
      endpoint = moto.endpoint
      Object.assign(profileRegion, await network(PROFILE_REGION, '10.61'))
      Object.assign(otherRegion, await network(OTHER_REGION, '10.62'))
    }, 60_000)
    afterAll(() => {
      moto?.stop()
    })

    /** `subnets analyze` on exports read from moto with the SDK: what the scan must agree with. */
    async function analyzedExports(region: string, vpcId: string): Promise<unknown> {
      const ec2 = ec2In(region)
      const filter = { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }
      const dir = mkdtempSync(join(tmpdir(), 'cli-aws-exports-'))
      writeFileSync(join(dir, 's.json'), JSON.stringify(await ec2.send(new DescribeSubnetsCommand(filter))))
      writeFileSync(
        join(dir, 'e.json'),
        JSON.stringify(await ec2.send(new DescribeNetworkInterfacesCommand(filter))),
      )
      ec2.destroy()
      const analyzed = await runCli([
        'subnets',
        'analyze',
        '--subnets',
        join(dir, 's.json'),
        '--enis',
        join(dir, 'e.json'),
        '-o',
        'json',
      ])
      expect(analyzed.code).toBe(0)
      return JSON.parse(analyzed.stdout)
    }

    it('AWS_PROFILE: the profile’s keys and its region from ~/.aws; the scan agrees with analyze on the same VPC', async () => {
      // Prepare
      const env = { HOME: motoProfileHome(), AWS_PROFILE: 'moto', AWS_ENDPOINT_URL_EC2: endpoint }
      // Act
      const scanned = await cli(['subnets', 'scan', '--vpc-id', profileRegion.vpcId, '-o', 'json'], env)
      // Assess
      expect(scanned.code).toBe(0)
      expect(JSON.parse(scanned.stdout)).toEqual(await analyzedExports(PROFILE_REGION, profileRegion.vpcId))
      expect(scanned.stdout).toContain(profileRegion.subnetId)
    })

    it.each([
      ['--profile names the profile as AWS_PROFILE does', ['--profile', 'moto'], {}, 'profile'],
      [
        '--region overrides the profile’s region',
        ['--profile', 'moto', '--region', OTHER_REGION],
        {},
        'other',
      ],
      [
        'AWS_REGION overrides the profile’s region',
        [],
        { AWS_PROFILE: 'moto', AWS_REGION: OTHER_REGION },
        'other',
      ],
      [
        '--region overrides AWS_REGION',
        ['--region', PROFILE_REGION],
        { AWS_PROFILE: 'moto', AWS_REGION: OTHER_REGION },
        'profile',
      ],
    ] as const)('%s', async (_why, flags, env, where) => {
      // Prepare
      const expected = where === 'profile' ? profileRegion : otherRegion
      // Act
      const scanned = await cli(['subnets', 'scan', '--vpc-id', expected.vpcId, '-o', 'json', ...flags], {
        HOME: motoProfileHome(),
        AWS_ENDPOINT_URL_EC2: endpoint,
        ...env,
      })
      // Assess: each VPC is in one region only, so finding its subnet proves the region used.
      expect({ code: scanned.code, stderr: scanned.stderr }).toMatchObject({ code: 0 })
      expect(
        JSON.parse(scanned.stdout).subnets.map((subnet: { subnetId: string }) => subnet.subnetId),
      ).toEqual([expected.subnetId])
    })

    it.each([
      ['AWS_ENDPOINT_URL, for every service', { AWS_ENDPOINT_URL: '@' }, undefined],
      [
        'EC2_ENDPOINT, the old name, with a note to use AWS_ENDPOINT_URL_EC2',
        { EC2_ENDPOINT: '@' },
        /EC2_ENDPOINT is deprecated; set AWS_ENDPOINT_URL_EC2/,
      ],
    ])('the endpoint from %s', async (_why, variables, note) => {
      const env = Object.fromEntries(Object.entries(variables).map(([name]) => [name, endpoint]))
      const scanned = await cli(['subnets', 'scan', '--vpc-id', profileRegion.vpcId, '--quiet'], {
        HOME: motoProfileHome(),
        AWS_PROFILE: 'moto',
        ...env,
      })
      expect(scanned.code).toBe(0)
      expect(scanned.stdout).toContain(profileRegion.subnetId)
      if (note) expect(scanned.stderr).toMatch(note)
      else expect(scanned.stderr).toBe('')
    })

    it('no --cluster: the kube context’s EKS cluster, in the region of its ARN, said on stderr', async () => {
      // Prepare: the context's cluster is in the other region; the profile's region would find nothing.
      const env = {
        HOME: motoProfileHome(eksKubeconfig(OTHER_REGION, CLUSTER)),
        AWS_PROFILE: 'moto',
        AWS_ENDPOINT_URL_EC2: endpoint,
      }
      // Act
      const scanned = await cli(['subnets', 'scan', '-o', 'json'], env)
      // Assess
      expect(scanned.code).toBe(0)
      expect(scanned.stderr).toMatch(
        new RegExp(
          `^scan: cluster ${CLUSTER} in ${OTHER_REGION}, from the kube context arn:aws:eks:${OTHER_REGION}:`,
        ),
      )
      expect(
        JSON.parse(scanned.stdout).subnets.map((subnet: { subnetId: string }) => subnet.subnetId),
      ).toEqual([otherRegion.subnetId])
    })

    it('no --profile nor AWS_PROFILE: the profile update-kubeconfig wrote into the context’s user, said on stderr', async () => {
      // Prepare: the keys are only in the profile `moto`, which only the kubeconfig names.
      const env = {
        HOME: motoProfileHome(eksKubeconfig(OTHER_REGION, CLUSTER, 'moto')),
        AWS_ENDPOINT_URL_EC2: endpoint,
      }
      // Act
      const scanned = await cli(['subnets', 'scan', '-o', 'json'], env)
      // Assess
      expect(scanned.code).toBe(0)
      expect(scanned.stderr).toMatch(
        new RegExp(`^scan: cluster ${CLUSTER} in ${OTHER_REGION} with profile moto, from the kube context `),
      )
      expect(
        JSON.parse(scanned.stdout).subnets.map((subnet: { subnetId: string }) => subnet.subnetId),
      ).toEqual([otherRegion.subnetId])
    })

    it('a subnet ID EC2 does not know is a usage mistake (exit 2): the ID, the region and the profile', async () => {
      const scanned = await cli(['subnets', 'scan', '--subnet-id', 'subnet-0123456789abcdef0'], {
        HOME: motoProfileHome(),
        AWS_PROFILE: 'moto',
        AWS_ENDPOINT_URL_EC2: endpoint,
      })
      expect(scanned.code).toBe(2)
      expect(oneLine(scanned.stderr)).toEqual([
        `eks-ip-capacity: InvalidSubnetID.NotFound: The subnet ID 'subnet-0123456789abcdef0' does not exist (region ${PROFILE_REGION}, profile moto); check the ID, the region and the profile`,
      ])
    })

    it('a cluster name no subnet is tagged with is most likely a typo (exit 2): the tag and the region looked in', async () => {
      const scanned = await cli(['subnets', 'scan', '--cluster', 'nosuch', '--quiet'], {
        HOME: motoProfileHome(),
        AWS_PROFILE: 'moto',
        AWS_ENDPOINT_URL_EC2: endpoint,
      })
      expect(scanned.code).toBe(2)
      expect(oneLine(scanned.stderr)).toEqual([
        `eks-ip-capacity: --cluster: no subnet tagged kubernetes.io/cluster/nosuch (or karpenter.sh/discovery=nosuch) in region ${PROFILE_REGION}, profile moto; check the name and the region, or pass --vpc-id`,
      ])
    })

    it('a kube context whose cluster no subnet is tagged with: exit 2, naming the context and what to pass instead', async () => {
      const scanned = await cli(['subnets', 'scan', '--quiet'], {
        HOME: motoProfileHome(eksKubeconfig(PROFILE_REGION, 'untagged', 'moto')),
        AWS_ENDPOINT_URL_EC2: endpoint,
      })
      expect(scanned.code).toBe(2)
      expect(oneLine(scanned.stderr)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^eks-ip-capacity: the kube context arn:aws:eks:${PROFILE_REGION}:\\d+:cluster/untagged names the cluster untagged, but no subnet is tagged kubernetes\\.io/cluster/untagged .* in region ${PROFILE_REGION}, profile moto; pass --vpc-id or --subnet-id$`,
          ),
        ),
      ])
    })

    it('a VPC with no subnet in the region: nothing found (exit 0), saying which VPC, region and profile', async () => {
      // The VPC is in the other region: in the profile's region, EC2 knows no subnet of it.
      const scanned = await cli(['subnets', 'scan', '--vpc-id', otherRegion.vpcId, '--quiet'], {
        HOME: motoProfileHome(),
        AWS_PROFILE: 'moto',
        AWS_ENDPOINT_URL_EC2: endpoint,
      })
      expect(scanned.code).toBe(0)
      expect(scanned.stdout).toBe('')
      expect(oneLine(scanned.stderr)).toEqual([
        `eks-ip-capacity: no subnets in ${otherRegion.vpcId} (region ${PROFILE_REGION}, profile moto)`,
      ])
    })

    it('plan FILE (live) with nothing to plan against names the region it looked in (exit 2)', async () => {
      const dir = home()
      writeFileSync(
        join(dir, 'plan.yaml'),
        stringify({
          subnets: { vpcId: otherRegion.vpcId },
          nodeGroups: [{ name: 'general', instanceTypes: ['m5.large'], desiredNodes: 2, pods: 10 }],
        }),
      )
      const planned = await cli(['plan', join(dir, 'plan.yaml')], {
        HOME: motoProfileHome(),
        AWS_PROFILE: 'moto',
        AWS_ENDPOINT_URL_EC2: endpoint,
      })
      expect(planned.code).toBe(2)
      expect(oneLine(planned.stderr)).toEqual([
        `eks-ip-capacity: subnets: no IPv4 subnet to plan against in region ${PROFILE_REGION}, profile moto`,
      ])
    })

    it('--quiet: neither the cluster taken from the context nor the progress is printed', async () => {
      const kubeconfig = join(home(), 'kubeconfig')
      writeFileSync(kubeconfig, eksKubeconfig(PROFILE_REGION, CLUSTER))
      const scanned = await cli(['subnets', 'scan', '--quiet'], {
        HOME: motoProfileHome(),
        KUBECONFIG: kubeconfig,
        AWS_PROFILE: 'moto',
        AWS_ENDPOINT_URL_EC2: endpoint,
      })
      expect(scanned.code).toBe(0)
      expect(scanned.stdout).toContain(profileRegion.subnetId)
      expect(scanned.stderr).toBe('')
    })

    it('plan FILE (live) finds the same region through the chain: the profile’s', async () => {
      // Prepare
      const dir = home()
      writeFileSync(
        join(dir, 'plan.yaml'),
        stringify({
          subnets: { vpcId: profileRegion.vpcId },
          nodeGroups: [{ name: 'general', instanceTypes: ['m5.large'], desiredNodes: 2, pods: 10 }],
        }),
      )
      // Act
      const planned = await cli(['plan', join(dir, 'plan.yaml'), '--output', 'json'], {
        HOME: motoProfileHome(),
        AWS_PROFILE: 'moto',
        AWS_ENDPOINT_URL_EC2: endpoint,
      })
      // Assess
      expect(planned.code).toBe(0)
      // The VPC is in the profile's region only: its subnet in the plan proves the region used.
      const plan = JSON.parse(planned.stdout)
      expect(plan.subnets.map((subnet: { subnetId: string }) => subnet.subnetId)).toEqual([
        profileRegion.subnetId,
      ])
    })

    it('report run (no scope file) covers the chain’s region with the profile’s credentials', async () => {
      const reported = await cli(['report', 'run', '--output', 'json', '--profile', 'moto'], {
        HOME: motoProfileHome(),
        AWS_ENDPOINT_URL_EC2: endpoint,
      })
      expect(reported.code).toBe(0)
      const report = JSON.parse(reported.stdout)
      expect(report.targets).toEqual([expect.objectContaining({ region: PROFILE_REGION, status: 'ok' })])
      expect(report.subnets.map((entry: { subnetId: string }) => entry.subnetId)).toContain(
        profileRegion.subnetId,
      )
    })
  },
)

describe('AWS access problems exit 3 with one line: the AWS error code and a hint', () => {
  const ec2 = new FakeEc2()
  let endpoint: string
  beforeAll(async () => {
    endpoint = await ec2.start()
  })
  afterAll(() => ec2.stop())
  beforeEach(() => ec2.reset())

  const withKeys = (env: Record<string, string> = {}) => ({
    HOME: home({ config: `[default]\nregion = ${PROFILE_REGION}\n`, credentials: `[default]\n${KEYS}` }),
    AWS_ENDPOINT_URL_EC2: endpoint,
    ...env,
  })
  const scan = ['subnets', 'scan', '--vpc-id', 'vpc-1']

  it('no credentials anywhere (no keys, no profile, IMDS off)', async () => {
    const outcome = await cli(scan, {
      HOME: home({ config: `[default]\nregion = ${PROFILE_REGION}\n` }),
      AWS_ENDPOINT_URL_EC2: endpoint,
    })
    expect(outcome.code).toBe(3)
    expect(oneLine(outcome.stderr)).toEqual([
      expect.stringMatching(
        /^eks-ip-capacity: CredentialsProviderError: no AWS credentials found .*; run aws configure or aws sso login, or pass --profile$/,
      ),
    ])
    expect(ec2.calls).toHaveLength(0)
  })

  it('a profile no shared file defines', async () => {
    const outcome = await cli([...scan, '--profile', 'prod'], withKeys())
    expect(outcome.code).toBe(3)
    expect(oneLine(outcome.stderr)).toEqual([
      expect.stringMatching(
        /^eks-ip-capacity: ProfileNotFound: the profile 'prod' is in neither .*; list the profiles/,
      ),
    ])
  })

  it('access denied, naming the API action EC2 refused', async () => {
    ec2.failCalls((call) => ({
      status: 403,
      code: 'UnauthorizedOperation',
      message: `You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/ops is not authorized to perform: ec2:${call.action}`,
    }))
    const outcome = await cli(scan, withKeys())
    expect(outcome.code).toBe(3)
    expect(oneLine(outcome.stderr)).toEqual([
      'eks-ip-capacity: UnauthorizedOperation: access denied to ec2:DescribeSubnets; use a --profile (or role) allowed to call it',
    ])
  })

  it('keys AWS does not accept (AuthFailure)', async () => {
    ec2.failCalls(() => ({
      status: 401,
      code: 'AuthFailure',
      message: 'AWS was not able to validate the provided access credentials',
    }))
    const outcome = await cli(scan, withKeys())
    expect(outcome.code).toBe(3)
    expect(oneLine(outcome.stderr)).toEqual([
      expect.stringMatching(/^eks-ip-capacity: AuthFailure: AWS rejected the credentials/),
    ])
  })

  it('throttled past retries: AWS_MAX_ATTEMPTS is honoured, and the attempts are said', async () => {
    ec2.failCalls(() => THROTTLED)
    const outcome = await cli(scan, withKeys({ AWS_MAX_ATTEMPTS: '2' }))
    expect(outcome.code).toBe(3)
    expect(oneLine(outcome.stderr)).toEqual([
      expect.stringMatching(
        /^eks-ip-capacity: RequestLimitExceeded: AWS throttled the calls and the retries were used up after 2 attempts; scan fewer subnets/,
      ),
    ])
    expect(ec2.callsTo('DescribeSubnets')).toHaveLength(2)
  })

  it('an endpoint nothing listens on, named in the line', async () => {
    const closed = `127.0.0.1:${await freePort()}`
    const outcome = await cli(
      scan,
      withKeys({ AWS_ENDPOINT_URL_EC2: `http://${closed}`, AWS_MAX_ATTEMPTS: '1' }),
    )
    expect(outcome.code).toBe(3)
    expect(oneLine(outcome.stderr)).toEqual([
      `eks-ip-capacity: ECONNREFUSED: cannot reach the AWS endpoint ${closed}; check the network, the proxy, and AWS_ENDPOINT_URL(_EC2, _EKS) if set`,
    ])
  })

  it('an endpoint host that does not resolve, named in the line', async () => {
    const outcome = await cli(
      scan,
      withKeys({ AWS_ENDPOINT_URL_EC2: 'http://ec2.nowhere.invalid', AWS_MAX_ATTEMPTS: '1' }),
    )
    expect(outcome.code).toBe(3)
    expect(oneLine(outcome.stderr)).toEqual([
      expect.stringMatching(
        /^eks-ip-capacity: (ENOTFOUND|EAI_AGAIN): cannot reach the AWS endpoint ec2\.nowhere\.invalid/,
      ),
    ])
  })

  it('the SDK’s own request timeout names the endpoint host, which its error alone does not', async () => {
    // Prepare: the scan client as the CLI builds it, with a timeout short enough for a test.
    ec2.delay(2_000)
    const client = scanClient({
      region: PROFILE_REGION,
      endpoint,
      maxAttempts: 1,
      requestTimeoutMs: 200,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    })
    // Act
    const failure = await client.send(new DescribeSubnetsCommand({})).catch((error: unknown) => error)
    client.destroy()
    // Assess
    expect(failure).toMatchObject({ name: 'TimeoutError' })
    expect(describeAwsFailure(failure)).toMatch(
      new RegExp(`^TimeoutError: cannot reach the AWS endpoint ${new URL(endpoint).host};`),
    )
  })

  it('EC2 answering with a server fault (InternalError) is AWS’s error, not a bug of ours', async () => {
    ec2.failCalls(() => INTERNAL_ERROR)
    const outcome = await cli(scan, withKeys({ AWS_MAX_ATTEMPTS: '1' }))
    expect(outcome.code).toBe(3)
    expect(oneLine(outcome.stderr)).toEqual([
      expect.stringMatching(
        /^eks-ip-capacity: InternalError: AWS answered with an error \(HTTP 500: .+\); try again later, or check AWS_ENDPOINT_URL\(_EC2, _EKS\)/,
      ),
    ])
  })

  it('an endpoint that does not answer as AWS (an HTML page): the status and the host, in one line', async () => {
    // Prepare: a server that answers every request as a proxy's block page would.
    const page = createServer((_request, response) => {
      response.writeHead(500, { 'content-type': 'text/html' })
      response.end('<html><head><title>Blocked</title></head><body>blocked</title></body></html>')
    })
    const port = await freePort()
    await new Promise<void>((listening) => page.listen(port, '127.0.0.1', listening))
    // Act
    const outcome = await cli(
      scan,
      withKeys({ AWS_ENDPOINT_URL_EC2: `http://127.0.0.1:${port}`, AWS_MAX_ATTEMPTS: '1' }),
    )
    page.close()
    // Assess
    expect(outcome.code).toBe(3)
    expect(oneLine(outcome.stderr)).toEqual([
      `eks-ip-capacity: HTTP 500: the answer from 127.0.0.1:${port} is not an AWS answer; check AWS_ENDPOINT_URL(_EC2, _EKS) and the proxy if set, and the region`,
    ])
  })

  it('report run whose every target failed for access is an access problem too, in one line', async () => {
    ec2.failCalls(() => ({
      status: 403,
      code: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation.',
    }))
    const outcome = await cli(['report', 'run'], withKeys())
    expect(outcome.code).toBe(3)
    expect(oneLine(outcome.stderr)).toEqual([
      expect.stringMatching(/^eks-ip-capacity: UnauthorizedOperation: access denied/),
    ])
  })

  it.each([
    [
      'no credentials',
      () => ({
        HOME: home({ config: `[default]\nregion = ${PROFILE_REGION}\n` }),
        AWS_ENDPOINT_URL_EC2: endpoint,
      }),
      /^eks-ip-capacity: CredentialsProviderError: no AWS credentials found/,
    ],
    [
      'an endpoint nothing listens on',
      async () =>
        withKeys({ AWS_ENDPOINT_URL_EC2: `http://127.0.0.1:${await freePort()}`, AWS_MAX_ATTEMPTS: '1' }),
      /^eks-ip-capacity: ECONNREFUSED: cannot reach the AWS endpoint 127\.0\.0\.1:\d+;/,
    ],
  ])('report run with %s: one line on stderr, no log lines', async (_why, environment, line) => {
    const outcome = await cli(['report', 'run'], await environment())
    expect(outcome.code).toBe(3)
    expect(oneLine(outcome.stderr)).toEqual([expect.stringMatching(line)])
  })
})

describe.concurrent('usage mistakes about the AWS context exit 2 with one line', () => {
  it.each([
    [
      'no region from --region, AWS_REGION, the profile or IMDS',
      ['subnets', 'scan', '--vpc-id', 'vpc-1'],
      { credentials: `[default]\n${KEYS}` },
      'eks-ip-capacity: --region: no AWS region found: pass --region, set AWS_REGION, or set region in the profile (aws configure)',
    ],
    [
      'no selector and no kube context to take the cluster from',
      ['subnets', 'scan', '--region', PROFILE_REGION],
      {},
      /^eks-ip-capacity: --cluster: no current kube context in .*; pass --cluster NAME \(or --vpc-id, --subnet-id\)$/,
    ],
    [
      'no selector and a kube context that is not an EKS cluster',
      ['subnets', 'scan', '--region', PROFILE_REGION],
      {
        kubeconfig: stringify({
          'current-context': 'kind-dev',
          contexts: [{ name: 'kind-dev', context: { cluster: 'kind-dev', user: 'kind-dev' } }],
        }),
      },
      "eks-ip-capacity: --cluster: the kube context 'kind-dev' is not an EKS cluster; pass --cluster NAME (or --vpc-id, --subnet-id)",
    ],
  ])('%s', async (_why, args, files, line) => {
    const outcome = await cli(args, { HOME: home(files) })
    expect(outcome.code).toBe(2)
    expect(oneLine(outcome.stderr)).toEqual([typeof line === 'string' ? line : expect.stringMatching(line)])
  })
})

describe.concurrent('a setting that is not an endpoint or a region exits 2 with one line naming it', () => {
  const scan = ['subnets', 'scan', '--vpc-id', 'vpc-1']
  const fitsPlan = new URL('../../examples/plans/fits.yaml', import.meta.url).pathname
  const notAUrl = (variable: string, value: string) =>
    `eks-ip-capacity: ${variable}: '${value}' is not an http(s) URL such as http://localhost:4566`
  const notARegion = (setting: string, value: string) =>
    `eks-ip-capacity: ${setting}: '${value}' is not an AWS region (expected one such as us-east-1)`
  const deprecated =
    'eks-ip-capacity: EC2_ENDPOINT is deprecated; set AWS_ENDPOINT_URL_EC2 (or AWS_ENDPOINT_URL) instead'

  it.each([
    [
      'AWS_ENDPOINT_URL_EC2 that is no URL',
      [...scan, '--region', PROFILE_REGION],
      { AWS_ENDPOINT_URL_EC2: 'notaurl' },
      {},
      [notAUrl('AWS_ENDPOINT_URL_EC2', 'notaurl')],
    ],
    [
      'AWS_ENDPOINT_URL that is no URL, for report run',
      ['report', 'run', '--region', PROFILE_REGION],
      { AWS_ENDPOINT_URL: 'notaurl' },
      {},
      [notAUrl('AWS_ENDPOINT_URL', 'notaurl')],
    ],
    [
      'the old EC2_ENDPOINT without a scheme, named as the user set it',
      [...scan, '--region', PROFILE_REGION],
      { EC2_ENDPOINT: 'localhost:4566' },
      {},
      [deprecated, notAUrl('EC2_ENDPOINT', 'localhost:4566')],
    ],
    [
      'AWS_ENDPOINT_URL_STS that is no URL',
      ['report', 'run', '--region', PROFILE_REGION],
      { AWS_ENDPOINT_URL_STS: 'sts' },
      {},
      [notAUrl('AWS_ENDPOINT_URL_STS', 'sts')],
    ],
    [
      'endpoint_url in the profile that is no URL',
      [...scan, '--region', PROFILE_REGION],
      {},
      { config: `[default]\nendpoint_url = notaurl\n` },
      [
        "eks-ip-capacity: 'notaurl' is not a URL: check endpoint_url in the profile's section (and its services section) of the AWS config file",
      ],
    ],
    [
      '--region that no host name could hold',
      [...scan, '--region', 'us east'],
      {},
      {},
      [notARegion('--region', 'us east')],
    ],
    [
      '--region of no AWS shape, for subnets scan',
      [...scan, '--region', 'nowhere-1'],
      {},
      {},
      [notARegion('--region', 'nowhere-1')],
    ],
    [
      '--region of no AWS shape, for report run',
      ['report', 'run', '--region', 'nowhere-1'],
      {},
      {},
      [notARegion('--region', 'nowhere-1')],
    ],
    [
      '--region of no AWS shape, for a live plan',
      ['plan', fitsPlan, '--region', 'nowhere-1'],
      {},
      {},
      [notARegion('--region', 'nowhere-1')],
    ],
    [
      'AWS_REGION of no AWS shape',
      scan,
      { AWS_REGION: 'us east' },
      {},
      [notARegion('AWS_REGION', 'us east')],
    ],
    [
      'the profile’s region of no AWS shape',
      scan,
      {},
      { config: '[default]\nregion = us east\n' },
      [notARegion('region of the profile default', 'us east')],
    ],
  ])('%s', async (_why, args, env, files, lines) => {
    const outcome = await cli(args, {
      HOME: home({ credentials: `[default]\n${KEYS}`, ...files }),
      ...env,
    })
    expect(oneLine(outcome.stderr)).toEqual(lines)
    expect(outcome.code).toBe(2)
  })
})
