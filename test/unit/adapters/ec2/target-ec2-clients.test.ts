import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { REPORT_SESSION_NAME, targetEc2Clients } from '../../../../lib/adapters/ec2/target-ec2-clients.ts'

// fromTemporaryCredentials (@aws-sdk/credential-providers) builds its STS client from the SDK's nested
// clients, so that is the client to mock.
const sts = mockClient(STSClient)
const ROLE = 'arn:aws:iam::111122223333:role/capacity-report'
const HOUR_MS = 3_600_000

const session = (expiresInMs: number) => ({
  Credentials: {
    AccessKeyId: 'ASIA-ASSUMED',
    SecretAccessKey: 'secret',
    SessionToken: 'token',
    Expiration: new Date(Date.now() + expiresInMs),
  },
})

describe('EC2 clients for report targets', () => {
  beforeEach(() => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIA-FUNCTION')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'function-secret')
  })
  afterEach(() => {
    sts.reset()
    vi.unstubAllEnvs()
  })

  it('assumes the target’s role with its external ID, in the target’s region, through fromTemporaryCredentials', async () => {
    // Prepare
    sts.on(AssumeRoleCommand).resolves(session(HOUR_MS))
    const clientFor = targetEc2Clients({})
    // Act
    const client = await clientFor({
      account: '111122223333',
      roleArn: ROLE,
      externalId: 'ext-1',
      region: 'eu-west-1',
    })
    const credentials = await client.config.credentials()
    // Assess
    expect(credentials).toMatchObject({ accessKeyId: 'ASIA-ASSUMED', sessionToken: 'token' })
    expect(sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input)).toEqual([
      { RoleArn: ROLE, ExternalId: 'ext-1', RoleSessionName: REPORT_SESSION_NAME },
    ])
    expect(await client.config.region()).toBe('eu-west-1')
  })

  it('reuses one client and its session for the same role and region, without asking STS again', async () => {
    sts.on(AssumeRoleCommand).resolves(session(HOUR_MS))
    const clientFor = targetEc2Clients({})
    const target = { account: '111122223333', roleArn: ROLE, externalId: 'ext-1', region: 'eu-west-1' }
    const first = await clientFor(target)
    await first.config.credentials()
    const again = await clientFor(target)
    await again.config.credentials()
    expect(again).toBe(first)
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1)
  })

  it('assumes the role again when the session is about to expire', async () => {
    // The SDK refreshes a session within five minutes of its expiry.
    sts.on(AssumeRoleCommand).resolvesOnce(session(60_000)).resolves(session(HOUR_MS))
    const client = await targetEc2Clients({})({ account: '111122223333', roleArn: ROLE, region: 'us-east-1' })
    await client.config.credentials()
    await client.config.credentials()
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2)
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).not.toHaveProperty('ExternalId')
  })

  it('uses the function’s own credentials for its own account: no STS call', async () => {
    const client = await targetEc2Clients({})({ account: 'self', region: 'us-east-1' })
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'AKIA-FUNCTION' })
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0)
  })
})
