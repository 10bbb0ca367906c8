import { UnknownAwsProfileError } from './aws-profiles.ts'

// Kept free of the SDK: main.ts loads this for every command, offline ones included. SDK errors are
// recognised by their shape (name, code, $metadata), which is what the SDK documents as stable.

interface AwsErrorShape {
  name?: unknown
  code?: unknown
  Code?: unknown
  message?: unknown
  cause?: unknown
  errors?: unknown
  hostname?: unknown
  address?: unknown
  port?: unknown
  endpointHost?: unknown
  $metadata?: { attempts?: unknown }
}

const NO_CREDENTIALS = new Set(['CredentialsProviderError', 'TokenProviderError'])
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException'])
const DENIED = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException'])
const REJECTED_CREDENTIALS = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
])
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
  'RequestTimeout',
])
const THROTTLED = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
])

/** What a scan needs, for an access-denied answer that does not name the action. */
const SCAN_PERMISSIONS = 'ec2:DescribeSubnets, ec2:DescribeNetworkInterfaces, ec2:GetSubnetCidrReservations'

/**
 * One line for an AWS access problem (no credentials, access denied, endpoint unreachable, throttled past
 * retries, an unknown profile), with the AWS error code and a hint; undefined for anything else (a bug,
 * exit 1). Errors our services wrap are followed down their `cause` chain.
 */
export function describeAwsFailure(error: unknown): string | undefined {
  for (const candidate of causeChain(error)) {
    const line = describeOne(candidate)
    if (line) return line
  }
  return undefined
}

function describeOne(error: AwsErrorShape): string | undefined {
  if (error instanceof UnknownAwsProfileError)
    return `${error.name}: ${error.message}; list the profiles with aws configure list-profiles`
  const code = codeOf(error)
  const message = oneLine(error.message)
  if (!code) return undefined
  if (NO_CREDENTIALS.has(code)) {
    if (/profile\W+\S+\W+(?:was not found|could not be found)/i.test(message))
      return `${code}: ${message}; list the profiles with aws configure list-profiles`
    if (/expired|sso session|sso token/i.test(message))
      return `${code}: the AWS SSO session has expired (${message}); run aws sso login`
    return `${code}: no AWS credentials found (${message}); run aws configure or aws sso login, or pass --profile`
  }
  if (EXPIRED.has(code))
    return `${code}: the AWS credentials have expired; run aws sso login, or renew the profile's session`
  if (DENIED.has(code)) {
    const action = /perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message)?.[1]
    return action
      ? `${code}: access denied to ${action}; use a --profile (or role) allowed to call it`
      : `${code}: access denied (${message}); a scan needs ${SCAN_PERMISSIONS}`
  }
  if (REJECTED_CREDENTIALS.has(code))
    return `${code}: AWS rejected the credentials (${message}); check them with aws sts get-caller-identity`
  if (UNREACHABLE.has(code)) {
    const where = endpointOf(error)
    return `${code}: cannot reach the AWS endpoint${where ? ` ${where}` : ''}; check the network, the proxy, and AWS_ENDPOINT_URL(_EC2) if set`
  }
  if (THROTTLED.has(code)) {
    const attempts =
      typeof error.$metadata?.attempts === 'number' ? ` after ${error.$metadata.attempts} attempts` : ''
    return `${code}: AWS throttled the calls and the retries were used up${attempts}; scan fewer subnets (--vpc-id, --subnet-id) or try again later`
  }
  return undefined
}

/** The error, then what it wraps (`cause`, and each of an AggregateError's `errors`), outermost first. */
function causeChain(error: unknown): AwsErrorShape[] {
  const chain: AwsErrorShape[] = []
  const pending: unknown[] = [error]
  while (pending.length > 0 && chain.length < 20) {
    const next = pending.shift()
    if (typeof next !== 'object' || next === null || chain.includes(next as AwsErrorShape)) continue
    const shape = next as AwsErrorShape
    chain.push(shape)
    pending.push(shape.cause, ...(Array.isArray(shape.errors) ? shape.errors : []))
  }
  return chain
}

/** The AWS error code (an SDK service exception's name), a Node network code, or the SDK error's name. */
function codeOf(error: AwsErrorShape): string | undefined {
  const network = typeof error.code === 'string' && UNREACHABLE.has(error.code) ? error.code : undefined
  // The SDK's own request timeout carries code ETIMEDOUT and the more telling name TimeoutError.
  if (error.name === 'TimeoutError') return 'TimeoutError'
  for (const value of [network, error.Code, error.name, error.code])
    if (typeof value === 'string' && value !== '' && value !== 'Error') return value
  return undefined
}

function endpointOf(error: AwsErrorShape): string | undefined {
  if (typeof error.endpointHost === 'string') return error.endpointHost
  if (typeof error.hostname === 'string') return error.hostname
  if (typeof error.address === 'string')
    return typeof error.port === 'number' ? `${error.address}:${error.port}` : error.address
  return undefined
}

/** Long enough for the reason; an encoded authorization message would otherwise fill the terminal. */
const MESSAGE_CHARS = 300

function oneLine(message: unknown): string {
  const line = typeof message === 'string' ? message.replace(/\s+/g, ' ').trim() : ''
  return line.length > MESSAGE_CHARS ? `${line.slice(0, MESSAGE_CHARS)}…` : line
}
