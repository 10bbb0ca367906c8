import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  adoptAwsEnvironment,
  cliEc2Clients,
  cliTargetEc2Clients,
  resolveRegion,
} from '../../../cli/aws-clients.ts'
import { checkProfileExists, profileNames, UnknownAwsProfileError } from '../../../cli/aws-profiles.ts'
import { InvalidInputError } from '../../../lib/errors.ts'

const NO_FLAGS = { profile: undefined, region: undefined }

/** A HOME with ~/.aws/config and ~/.aws/credentials as given; every AWS variable of the machine cleared. */
function awsHome(files: { config?: string; credentials?: string }) {
  const home = mkdtempSync(join(tmpdir(), 'aws-home-'))
  mkdirSync(join(home, '.aws'))
  if (files.config !== undefined) writeFileSync(join(home, '.aws', 'config'), files.config)
  if (files.credentials !== undefined) writeFileSync(join(home, '.aws', 'credentials'), files.credentials)
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) vi.stubEnv(name, undefined)
  vi.stubEnv('HOME', home)
  // The SDK reads the shared files from these when set; pointing them at the HOME keeps the test hermetic.
  vi.stubEnv('AWS_CONFIG_FILE', join(home, '.aws', 'config'))
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(home, '.aws', 'credentials'))
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true')
  return home
}

beforeEach(() => vi.unstubAllEnvs())
afterEach(() => vi.unstubAllEnvs())

describe('the region: --region, then what the command knows, then the SDK’s chain; never a guess', () => {
  it.each([
    [
      '--region wins over everything',
      { region: 'ap-south-1' },
      'eu-west-3',
      { AWS_REGION: 'us-east-1' },
      'ap-south-1',
    ],
    [
      'the plan’s or kube context’s region comes next',
      {},
      'eu-west-3',
      { AWS_REGION: 'us-east-1' },
      'eu-west-3',
    ],
    ['then AWS_REGION', {}, undefined, { AWS_REGION: 'us-east-2' }, 'us-east-2'],
    ['then the default profile’s region in ~/.aws/config', {}, undefined, {}, 'eu-north-1'],
    [
      'AWS_PROFILE names the profile whose region counts',
      {},
      undefined,
      { AWS_PROFILE: 'ops' },
      'ca-central-1',
    ],
    ['--profile names it too', { profile: 'ops' }, undefined, {}, 'ca-central-1'],
  ])('%s', async (_why, flags, known, env, expected) => {
    // Prepare
    awsHome({ config: '[default]\nregion = eu-north-1\n\n[profile ops]\nregion = ca-central-1\n' })
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
    // Act
    const region = await resolveRegion({ ...NO_FLAGS, ...flags }, known)
    // Assess
    expect(region).toBe(expected)
  })

  it('no region anywhere: a usage error that says how to give one', async () => {
    awsHome({ config: '[default]\noutput = json\n' })
    const attempt = resolveRegion(NO_FLAGS)
    await expect(attempt).rejects.toThrow(InvalidInputError)
    await expect(attempt).rejects.toThrow(
      '--region: no AWS region found: pass --region, set AWS_REGION, or set region in the profile',
    )
  })

  it.each([
    ['--region', { region: 'nowhere-1' }, {}, ''],
    ['AWS_REGION', {}, { AWS_REGION: 'us east' }, ''],
    ['region of the profile ops', { profile: 'ops' }, {}, '[profile ops]\nregion = nowhere-1\n'],
    ['region of the profile default', {}, {}, '[default]\nregion = us east\n'],
  ])(
    'a region of no AWS shape is a usage error naming where it came from: %s',
    async (from, flags, env, config) => {
      awsHome({ config })
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
      await expect(resolveRegion({ ...NO_FLAGS, ...flags })).rejects.toThrow(
        new RegExp(`^${from}: '[^']+' is not an AWS region \\(expected one such as us-east-1\\)$`),
      )
    },
  )

  it('a named profile no file holds is said as such, not as a missing region', async () => {
    awsHome({ config: '[profile ops]\nregion = ca-central-1\n' })
    await expect(resolveRegion({ profile: 'opps', region: undefined })).rejects.toThrow(
      UnknownAwsProfileError,
    )
  })
})

describe('the shared files’ profiles', () => {
  it('config sections are [default] and [profile NAME]; credentials sections are [NAME]', () => {
    const home = awsHome({
      config: '[default]\n[profile ops]\n[sso-session corp]\n[services local]\n',
      credentials: '[ci]\naws_access_key_id = a\n',
    })
    expect([...profileNames(process.env, home)].sort()).toEqual(['ci', 'default', 'ops'])
  })

  it('AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE are where the profiles are looked for', () => {
    const home = awsHome({})
    const elsewhere = mkdtempSync(join(tmpdir(), 'aws-files-'))
    writeFileSync(join(elsewhere, 'c'), '[profile moved]\n')
    vi.stubEnv('AWS_CONFIG_FILE', join(elsewhere, 'c'))
    expect(() => checkProfileExists('moved', process.env, home)).not.toThrow()
    expect(() => checkProfileExists('ops', process.env, home)).toThrow(UnknownAwsProfileError)
  })

  it('the default profile may be missing: the SDK then uses no profile', () => {
    const home = awsHome({})
    expect(() => checkProfileExists('default', process.env, home)).not.toThrow()
  })
})

describe('endpoints through the SDK’s own variables', () => {
  it.each([
    [
      'EC2_ENDPOINT becomes AWS_ENDPOINT_URL_EC2, with a note',
      { EC2_ENDPOINT: 'http://a' },
      { AWS_ENDPOINT_URL_EC2: 'http://a' },
      1,
    ],
    [
      'STS_ENDPOINT becomes AWS_ENDPOINT_URL_STS, with a note',
      { STS_ENDPOINT: 'http://s' },
      { AWS_ENDPOINT_URL_STS: 'http://s' },
      1,
    ],
    [
      'the standard variable, when set, is kept (the alias only gets its note)',
      { EC2_ENDPOINT: 'http://old', AWS_ENDPOINT_URL_EC2: 'http://new' },
      { AWS_ENDPOINT_URL_EC2: 'http://new' },
      1,
    ],
    [
      'AWS_DEFAULT_REGION fills AWS_REGION, as in the AWS CLI',
      { AWS_DEFAULT_REGION: 'eu-west-2' },
      { AWS_REGION: 'eu-west-2' },
      0,
    ],
    [
      'AWS_REGION, when set, wins over AWS_DEFAULT_REGION',
      { AWS_DEFAULT_REGION: 'eu-west-2', AWS_REGION: 'eu-west-1' },
      { AWS_REGION: 'eu-west-1' },
      0,
    ],
  ])('%s', (_why, given: Record<string, string>, expected, notes) => {
    // Prepare
    const env: NodeJS.ProcessEnv = { ...given }
    const said: string[] = []
    // Act
    adoptAwsEnvironment(env, (line) => said.push(line))
    // Assess
    expect(env).toMatchObject(expected)
    expect(said).toHaveLength(notes)
  })

  it.each([
    ['AWS_ENDPOINT_URL_EC2', { AWS_ENDPOINT_URL_EC2: 'notaurl' }, "AWS_ENDPOINT_URL_EC2: 'notaurl'"],
    ['AWS_ENDPOINT_URL_STS', { AWS_ENDPOINT_URL_STS: 'ftp://sts' }, "AWS_ENDPOINT_URL_STS: 'ftp://sts'"],
    ['AWS_ENDPOINT_URL', { AWS_ENDPOINT_URL: 'localhost:4566' }, "AWS_ENDPOINT_URL: 'localhost:4566'"],
    ['EC2_ENDPOINT, by its own name', { EC2_ENDPOINT: 'ec2' }, "EC2_ENDPOINT: 'ec2'"],
    ['STS_ENDPOINT, by its own name', { STS_ENDPOINT: 'sts' }, "STS_ENDPOINT: 'sts'"],
  ])('%s that is not an http(s) URL: a usage error naming the variable', (_why, given, named) => {
    const env: NodeJS.ProcessEnv = { ...given }
    expect(() => adoptAwsEnvironment(env, () => {})).toThrow(InvalidInputError)
    expect(() => adoptAwsEnvironment({ ...given }, () => {})).toThrow(
      `${named} is not an http(s) URL such as http://localhost:4566`,
    )
  })

  it('an old variable the standard one overrides is not checked: the SDK never reads it', () => {
    const env = { EC2_ENDPOINT: 'old', AWS_ENDPOINT_URL_EC2: 'https://ec2.example.test' }
    expect(() => adoptAwsEnvironment(env, () => {})).not.toThrow()
  })

  it('the EC2 client takes its endpoint from AWS_ENDPOINT_URL_EC2 and its region as given', async () => {
    awsHome({})
    vi.stubEnv('AWS_ENDPOINT_URL_EC2', 'http://127.0.0.1:4566')
    const clients = cliEc2Clients(NO_FLAGS)
    const client = clients.forRegion('eu-west-3')
    try {
      expect(await client.config.region()).toBe('eu-west-3')
      // The SDK resolves the configured endpoint itself; the CLI passes none.
      expect(client.config.endpoint).toBeUndefined()
      expect(await client.config.serviceConfiguredEndpoint?.()).toBe('http://127.0.0.1:4566')
      expect(clients.forRegion('eu-west-3')).toBe(client)
    } finally {
      clients.destroy()
    }
  })
})

describe('report targets with --profile', () => {
  const sts = mockClient(STSClient)
  afterEach(() => sts.reset())

  it('its own account is scanned with the profile’s keys, and roles are assumed with them', async () => {
    // Prepare: environment keys that must not be used, and a profile with its own.
    awsHome({ credentials: '[ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = ops-secret\n' })
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDENV')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'env-secret')
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIAROLE',
        SecretAccessKey: 's',
        SessionToken: 't',
        Expiration: new Date(Date.now() + 3_600_000),
      },
    })
    const clientFor = cliTargetEc2Clients({ profile: 'ops', region: undefined })
    // Act
    const own = await clientFor({ account: 'self', region: 'eu-west-3' })
    const role = 'arn:aws:iam::444455556666:role/report'
    const other = await clientFor({ account: '444455556666', roleArn: role, region: 'eu-west-3' })
    const assumed = await other.config.credentials()
    // Assess
    expect(await own.config.credentials()).toMatchObject({ accessKeyId: 'AKIDOPS' })
    expect(assumed).toMatchObject({ accessKeyId: 'ASIAROLE' })
    const stsClient = sts.commandCalls(AssumeRoleCommand)[0]?.thisValue as STSClient
    expect(await stsClient.config.credentials()).toMatchObject({ accessKeyId: 'AKIDOPS' })
  })
})
