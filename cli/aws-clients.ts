import { scanClient } from '../lib/adapters/ec2/scan-client.ts'
import { targetEc2Clients } from '../lib/adapters/ec2/target-ec2-clients.ts'
import { eksClient } from '../lib/adapters/eks/eks-client.ts'
import type { AwsAccess } from '../lib/commands/grammar.ts'
import { InvalidInputError } from '../lib/errors.ts'
import { AwsRegion } from '../lib/schemas/aws-ids.ts'
import type { FieldIssue } from '../lib/schemas/field-issues.ts'
import { checkProfileExists } from './aws-profiles.ts'

// Every EC2, EKS and STS client the CLI builds comes from here, so subnets scan, plan and report run find the
// account, region and endpoints the same way: the SDK's default chain, narrowed by --profile and --region.

/** The endpoint variables this CLI read before the SDK's standard ones, and what they stand for now. */
const ENDPOINT_ALIASES = {
  EC2_ENDPOINT: 'AWS_ENDPOINT_URL_EC2',
  STS_ENDPOINT: 'AWS_ENDPOINT_URL_STS',
} as const

/** The endpoint variables the SDK reads for the clients the CLI builds. */
const ENDPOINT_VARIABLES = [
  'AWS_ENDPOINT_URL_EC2',
  'AWS_ENDPOINT_URL_EKS',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL',
] as const

/**
 * Brings the environment to what the SDK reads itself: the old endpoint variables become AWS_ENDPOINT_URL_*
 * (with a note), and AWS_DEFAULT_REGION, which the AWS CLI honours and the JavaScript SDK does not, fills
 * AWS_REGION. Variables already set are left as they are. An endpoint that is not an http(s) URL is a
 * usage error naming its variable: the SDK would fail on it with a bare `Invalid URL`, or worse, read
 * `localhost:4566` as a URL of scheme `localhost:`.
 */
export function adoptAwsEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  note: (line: string) => void = (line) => process.stderr.write(`eks-ip-capacity: ${line}\n`),
): void {
  const setBy: Record<string, string> = {}
  for (const [old, standard] of Object.entries(ENDPOINT_ALIASES)) {
    const value = env[old]
    if (!value) continue
    if (!env[standard]) {
      env[standard] = value
      setBy[standard] = old
    }
    note(`${old} is deprecated; set ${standard} (or AWS_ENDPOINT_URL) instead`)
  }
  const issues = ENDPOINT_VARIABLES.flatMap((name) => endpointIssue(setBy[name] ?? name, env[name]))
  if (issues.length > 0) throw new InvalidInputError(issues)
  if (!env.AWS_REGION && env.AWS_DEFAULT_REGION) env.AWS_REGION = env.AWS_DEFAULT_REGION
  // The SDK inside the bundle is pinned, and the package's tests run it on Node 20 and 22; its notice that
  // later SDK releases will drop Node 20 is for SDK users, and would break the AWS commands' one-line stderr.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
}

function endpointIssue(variable: string, value: string | undefined): FieldIssue[] {
  if (!value) return []
  const protocol = URL.canParse(value) ? new URL(value).protocol : undefined
  if (protocol === 'http:' || protocol === 'https:') return []
  return [{ field: variable, message: `'${value}' is not an http(s) URL such as http://localhost:4566` }]
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
  if (access.region) return checkedRegion(access.region, '--region')
  if (known) return known
  const profile = profileOf(access)
  checkProfileExists(profile)
  // The chain reads AWS_REGION first; the SDK's own check of it would name no variable.
  if (process.env.AWS_REGION) return checkedRegion(process.env.AWS_REGION, 'AWS_REGION')
  const inProfile = `region of the profile ${profile ?? 'default'}`
  // The SDK's own region provider, so the lookup is exactly the one its clients make.
  const client = scanClient({ profile: access.profile })
  try {
    return checkedRegion(await client.config.region(), inProfile)
  } catch (error) {
    if (!(error instanceof Error)) throw error
    // What the SDK says of a region that cannot be part of a host name (`us east`).
    const refused = /Region not accepted: region="(.*)"/.exec(error.message)?.[1]
    if (refused !== undefined) throw notARegion(refused, inProfile)
    if (!/region is missing/i.test(error.message)) throw error
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

/**
 * A region is checked by the schema every other boundary uses before any AWS call: the SDK would take
 * `nowhere-1` to an endpoint that does not exist, and `us east` to an error about hostname components.
 */
function checkedRegion(region: string, from: string): string {
  if (AwsRegion.safeParse(region).success) return region
  throw notARegion(region, from)
}

function notARegion(region: string, from: string): InvalidInputError {
  return new InvalidInputError([
    { field: from, message: `'${region}' is not an AWS region (expected one such as us-east-1)` },
  ])
}

/** AWS_MAX_ATTEMPTS, the SDK's and AWS CLI's own setting, when set; else the scans' default. */
function maxAttempts(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const attempts = Number(env.AWS_MAX_ATTEMPTS)
  return Number.isInteger(attempts) && attempts > 0 ? attempts : undefined
}

/** EC2 clients per region, with the command's profile; the endpoint comes from AWS_ENDPOINT_URL(_EC2). */
export function cliEc2Clients(access: AwsAccess) {
  checkProfileExists(profileOf(access))
  return perRegion((region) => scanClient({ region, profile: access.profile, maxAttempts: maxAttempts() }))
}

/** EKS clients per region, with the command's profile; the endpoint comes from AWS_ENDPOINT_URL(_EKS). */
export function cliEksClients(access: AwsAccess) {
  checkProfileExists(profileOf(access))
  return perRegion((region) => eksClient({ region, profile: access.profile, maxAttempts: maxAttempts() }))
}

/** One client per region, made when first asked for, all destroyed together when the command ends. */
function perRegion<Client extends { destroy(): void }>(make: (region: string) => Client) {
  const clients = new Map<string, Client>()
  return {
    forRegion(region: string): Client {
      let client = clients.get(region)
      if (!client) {
        client = make(region)
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
