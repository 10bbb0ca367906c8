import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm'

/** How long a container trusts a parameter it read: a rotated value takes effect within this. */
export const SECURE_STRING_TTL_MS = 5 * 60_000

/** A SecureString parameter (a signing secret, a webhook URL), decrypted and cached per container. */
export class SsmSecureString {
  private cached: { value: Promise<string>; until: number } | undefined

  constructor(
    private readonly client: SSMClient,
    private readonly parameterName: string,
    private readonly now: () => number = Date.now,
  ) {}

  read(): Promise<string> {
    if (this.cached && this.cached.until > this.now()) return this.cached.value
    const value = this.client
      .send(new GetParameterCommand({ Name: this.parameterName, WithDecryption: true }))
      .then((answer) => {
        const text = answer.Parameter?.Value
        if (!text) throw new Error(`the parameter ${this.parameterName} holds no value`)
        return text
      })
    this.cached = { value, until: this.now() + SECURE_STRING_TTL_MS }
    // A failed read is not cached: the next call tries again.
    value.catch(() => {
      this.cached = undefined
    })
    return value
  }
}
