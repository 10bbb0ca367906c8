import type { EC2Client } from '@aws-sdk/client-ec2'
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers'
import type { ReportTarget } from '../../schemas/report.ts'
import { scanClient } from './scan-client.ts'

/** The session name CloudTrail shows in the target account for every call made with the assumed role. */
export const REPORT_SESSION_NAME = 'eks-ip-capacity-report'

/**
 * EC2 clients per report target: the function's own credentials for its account, an assumed role
 * (with external ID) for the others. One client per role and region for the container's life: the SDK
 * assumes the role on the first call and again shortly before the session expires, by itself.
 */
export function targetEc2Clients(options: {
  /** Defaults to the scan client's own. */
  maxAttempts?: number | undefined
  endpoint?: string | undefined
  stsEndpoint?: string | undefined
  /** The CLI's --profile: the credentials for its own account, and the ones that assume the roles. */
  profile?: string | undefined
}) {
  const clients = new Map<string, EC2Client>()
  return async (target: ReportTarget): Promise<EC2Client> => {
    const key = `${target.roleArn ?? 'self'}|${target.externalId ?? ''}|${target.region}`
    let client = clients.get(key)
    if (!client) {
      client = scanClient({
        region: target.region,
        endpoint: options.endpoint,
        profile: options.profile,
        maxAttempts: options.maxAttempts,
        ...(target.roleArn
          ? {
              credentials: assumedRole(target.roleArn, target.externalId, target.region, options),
            }
          : {}),
      })
      clients.set(key, client)
    }
    return client
  }
}

function assumedRole(
  roleArn: string,
  externalId: string | undefined,
  region: string,
  { stsEndpoint, profile }: { stsEndpoint?: string | undefined; profile?: string | undefined },
) {
  return fromTemporaryCredentials({
    // Without this the role is assumed with the default chain's credentials, whatever profile was named.
    ...(profile ? { masterCredentials: fromNodeProviderChain({ profile }) } : {}),
    params: {
      RoleArn: roleArn,
      RoleSessionName: REPORT_SESSION_NAME,
      ...(externalId ? { ExternalId: externalId } : {}),
    },
    // STS in the target's region: regional endpoints keep working when us-east-1's global one does not.
    clientConfig: {
      region,
      ...(profile ? { profile } : {}),
      ...(stsEndpoint ? { endpoint: stsEndpoint } : {}),
    },
  })
}
