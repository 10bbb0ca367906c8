import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm'
import type { SigningSecretSource } from '../../ports/slack.ts'

/** How long a container trusts the secret it read: a rotated secret takes effect within this. */
export const SIGNING_SECRET_TTL_MS = 5 * 60_000

/** The signing secret from a SecureString parameter, cached per container. */
export class SsmSigningSecret implements SigningSecretSource {
  private cached: { value: Promise<string>; until: number } | undefined

  constructor(
    private readonly client: SSMClient,
    private readonly parameterName: string,
    private readonly now: () => number = Date.now,
  ) {}

  signingSecret(): Promise<string> {
    if (this.cached && this.cached.until > this.now()) return this.cached.value
    const value = this.client
      .send(new GetParameterCommand({ Name: this.parameterName, WithDecryption: true }))
      .then((answer) => {
        const secret = answer.Parameter?.Value
        if (!secret) throw new Error(`the parameter ${this.parameterName} holds no value`)
        return secret
      })
    this.cached = { value, until: this.now() + SIGNING_SECRET_TTL_MS }
    // A failed read is not cached: the next request tries again.
    value.catch(() => {
      this.cached = undefined
    })
    return value
  }
}
