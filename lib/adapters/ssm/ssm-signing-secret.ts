import type { SSMClient } from '@aws-sdk/client-ssm'
import type { SigningSecretSource } from '../../ports/slack.ts'
import { SECURE_STRING_TTL_MS, SsmSecureString } from './ssm-secure-string.ts'

export const SIGNING_SECRET_TTL_MS = SECURE_STRING_TTL_MS

/** Slack's signing secret from a SecureString parameter, cached per container. */
export class SsmSigningSecret implements SigningSecretSource {
  private readonly parameter: SsmSecureString

  constructor(client: SSMClient, parameterName: string, now: () => number = Date.now) {
    this.parameter = new SsmSecureString(client, parameterName, now)
  }

  signingSecret(): Promise<string> {
    return this.parameter.read()
  }
}
