import type { EC2Client } from '@aws-sdk/client-ec2'
import { scanClient } from '../lib/adapters/ec2/scan-client.ts'
import { targetEc2Clients } from '../lib/adapters/ec2/target-ec2-clients.ts'
import type { AwsAccess } from '../lib/commands/grammar.ts'
import { InvalidInputError } from '../lib/errors.ts'
import { checkProfileExists } from './aws-profiles.ts'

// Every EC2 and STS client the CLI builds comes from here, so subnets scan, plan and report run find the
// account, region and endpoints the same way: the SDK's default chain, narrowed by --profile and --region.

/** The endpoint variables this CLI read before the SDK's standard ones, and what they stand for now. */
const ENDPOINT_ALIASES = {
  EC2_ENDPOINT: 'AWS_ENDPOINT_URL_EC2',
  STS_ENDPOINT: 'AWS_ENDPOINT_URL_STS',
} as const

/**
 * Brings the environment to what the SDK reads itself: the old endpoint variables become AWS_ENDPOINT_URL_*
 * (with a note), and AWS_DEFAULT_REGION, which the AWS CLI honours and the JavaScript SDK does not, fills
 * AWS_REGION. Variables already set are left as they are.
 */
export function adoptAwsEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  note: (line: string) => void = (line) => process.stderr.write(`eks-ip-capacity: ${line}\n`),
): void {
  for (const [old, standard] of Object.entries(ENDPOINT_ALIASES)) {
    const value = env[old]
    if (!value) continue
    if (!env[standard]) env[standard] = value
    note(`${old} is deprecated; set ${standard} (or AWS_ENDPOINT_URL) instead`)
  }
  if (!env.AWS_REGION && env.AWS_DEFAULT_REGION) env.AWS_REGION = env.AWS_DEFAULT_REGION
  // The SDK inside the bundle is pinned, and the package's tests run it on Node 20 and 22; its notice that
  // later SDK releases will drop Node 20 is for SDK users, and would break the AWS commands' one-line stderr.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
}

/** The profile the SDK will use: --profile, else AWS_PROFILE. */
export function profileOf(access: AwsAccess, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return access.profile ?? env.AWS_PROFILE ?? undefined
}

/** `region R, profile P` (the profile only when one is named): where an AWS lookup happened. */
export function regionAndProfile(region: string, access: AwsAccess): string {
  const profile = profileOf(access)
  return `region ${region}${profile ? `, profile ${profile}` : ''}`
}

/**
 * The region a command works in: --region, else one the command knows better (the plan file's, the kube
 * context's cluster), else the SDK's chain (AWS_REGION, the profile's `region`, IMDS). Never a guess.
 */
export async function resolveRegion(access: AwsAccess, known?: string): Promise<string> {
  if (access.region) return access.region
  if (known) return known
  checkProfileExists(profileOf(access))
  // The SDK's own region provider, so the lookup is exactly the one its clients make.
  const client = scanClient({ profile: access.profile })
  try {
    return await client.config.region()
  } catch (error) {
    if (!(error instanceof Error) || !/region is missing/i.test(error.message)) throw error
    throw new InvalidInputError(
      [
        {
          field: '--region',
          message:
            'no AWS region found: pass --region, set AWS_REGION, or set region in the profile (aws configure)',
        },
      ],
      { cause: error },
    )
  } finally {
    client.destroy()
  }
}

/** AWS_MAX_ATTEMPTS, the SDK's and AWS CLI's own setting, when set; else the scans' default. */
function maxAttempts(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const attempts = Number(env.AWS_MAX_ATTEMPTS)
  return Number.isInteger(attempts) && attempts > 0 ? attempts : undefined
}

/** EC2 clients per region, with the command's profile; the endpoint comes from AWS_ENDPOINT_URL(_EC2). */
export function cliEc2Clients(access: AwsAccess) {
  checkProfileExists(profileOf(access))
  const clients = new Map<string, EC2Client>()
  return {
    forRegion(region: string): EC2Client {
      let client = clients.get(region)
      if (!client) {
        client = scanClient({ region, profile: access.profile, maxAttempts: maxAttempts() })
        clients.set(region, client)
      }
      return client
    },
    destroy(): void {
      for (const client of clients.values()) client.destroy()
    },
  }
}

/** Report targets' EC2 clients (roles assumed through STS, endpoint from AWS_ENDPOINT_URL(_STS)). */
export function cliTargetEc2Clients(access: AwsAccess) {
  checkProfileExists(profileOf(access))
  return targetEc2Clients({ profile: access.profile, maxAttempts: maxAttempts() })
}
