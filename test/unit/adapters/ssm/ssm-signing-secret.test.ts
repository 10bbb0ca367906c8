import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { SIGNING_SECRET_TTL_MS, SsmSigningSecret } from '../../../../lib/adapters/ssm/ssm-signing-secret.ts'

const ssm = mockClient(SSMClient)

describe('the Slack signing secret from Parameter Store', () => {
  afterEach(() => ssm.reset())

  it('reads the SecureString with decryption once per container, until the cache expires', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 's3cret' } })
    let now = 0
    const source = new SsmSigningSecret(new SSMClient({}), '/eks-ip-capacity/slack', () => now)
    expect(await source.signingSecret()).toBe('s3cret')
    expect(await source.signingSecret()).toBe('s3cret')
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1)
    expect(ssm.commandCalls(GetParameterCommand)[0]?.args[0].input).toEqual({
      Name: '/eks-ip-capacity/slack',
      WithDecryption: true,
    })
    now += SIGNING_SECRET_TTL_MS + 1
    await source.signingSecret()
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2)
  })

  it('does not cache a failure', async () => {
    ssm
      .on(GetParameterCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ Parameter: { Value: 'ok' } })
    const source = new SsmSigningSecret(new SSMClient({}), '/p')
    await expect(source.signingSecret()).rejects.toThrow('throttled')
    expect(await source.signingSecret()).toBe('ok')
  })
})
