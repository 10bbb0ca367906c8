import type { EC2Client } from '@aws-sdk/client-ec2'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import type { ReportTarget } from '../../schemas/report.ts'
import { scanClient } from './scan-client.ts'

/** Assumed-role sessions last an hour; refresh them with this much to spare. */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000

/**
 * EC2 clients per report target: the function's own credentials for its account, an assumed role
 * (with external ID) for the others.
 */
export function targetEc2Clients(options: {
  /** Defaults to the scan client's own. */
  maxAttempts?: number | undefined
  endpoint?: string | undefined
  stsEndpoint?: string | undefined
}) {
  const sessions = new Map<string, { client: EC2Client; until: number }>()
  return async (target: ReportTarget): Promise<EC2Client> => {
    const key = `${target.roleArn ?? 'self'}|${target.region}`
    const cached = sessions.get(key)
    if (cached && cached.until > Date.now()) return cached.client
    const base = { region: target.region, endpoint: options.endpoint, maxAttempts: options.maxAttempts }
    if (!target.roleArn) {
      const client = scanClient(base)
      sessions.set(key, { client, until: Number.POSITIVE_INFINITY })
      return client
    }
    const sts = new STSClient({
      region: target.region,
      ...(options.stsEndpoint ? { endpoint: options.stsEndpoint } : {}),
    })
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: target.roleArn,
        RoleSessionName: 'eks-ip-capacity-report',
        ...(target.externalId ? { ExternalId: target.externalId } : {}),
      }),
    )
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey)
      throw new Error(`assuming ${target.roleArn} gave no credentials`)
    const client = scanClient({
      ...base,
      credentials: {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        ...(Credentials.SessionToken ? { sessionToken: Credentials.SessionToken } : {}),
      },
    })
    const expires = Credentials.Expiration
      ? new Date(Credentials.Expiration).getTime()
      : Date.now() + 3_600_000
    sessions.set(key, { client, until: expires - REFRESH_BEFORE_EXPIRY_MS })
    return client
  }
}
