import { InvalidInputError } from '../lib/errors.ts'
import { UnknownAwsProfileError } from './aws-profiles.ts'

// Kept free of the SDK: main.ts loads this for every command, offline ones included. SDK errors are
// recognised by their shape (name, code, $fault, $metadata), which is what the SDK documents as stable.

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
  $fault?: unknown
  $metadata?: { attempts?: unknown; httpStatusCode?: unknown }
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

/**
 * EC2's client faults for an ID or a value that is wrong (InvalidSubnetID.NotFound, InvalidVpcID.Malformed,
 * InvalidParameterValue): the caller's mistake, as a misspelt flag is, not a problem with access to AWS.
 */
const MISTAKES = /(?:\.NotFound|\.Malformed)$|^InvalidParameter(?:Value|Combination)?$/

/** Where an answer may come from other than AWS itself, for every AWS answer that makes no sense. */
const CHECK_ENDPOINT = 'check AWS_ENDPOINT_URL(_EC2, _EKS) and the proxy if set, and the region'

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

/**
 * A usage error (exit 2) for an AWS answer that says an ID or value the caller gave is wrong, naming
 * where it was looked for (`where`: the region and profile); undefined for anything else.
 */
export function awsMistake(error: unknown, where: string): InvalidInputError | undefined {
  for (const candidate of causeChain(error)) {
    const badEndpoint = invalidUrl(candidate)
    if (badEndpoint !== undefined) {
      // The endpoint variables are checked before any client is built; what is left is the shared config.
      const message = `'${badEndpoint}' is not a URL: check endpoint_url in the profile's section (and its services section) of the AWS config file`
      return new InvalidInputError([{ field: '', message }], { cause: error })
    }
    const code = isServiceError(candidate) && candidate.$fault === 'client' ? codeOf(candidate) : undefined
    if (code && MISTAKES.test(code)) {
      const message = `${code}: ${oneLine(candidate.message)} (${where}); check the ID, the region and the profile`
      return new InvalidInputError([{ field: '', message }], { cause: error })
    }
  }
  return undefined
}

/** The text Node's URL parser refused (the SDK parses configured endpoints with it). */
function invalidUrl(error: AwsErrorShape & { input?: unknown }): string | undefined {
  return error.code === 'ERR_INVALID_URL' && typeof error.input === 'string' ? error.input : undefined
}

function describeOne(error: AwsErrorShape): string | undefined {
  if (error instanceof UnknownAwsProfileError)
    return `${error.name}: ${error.message}; list the profiles with aws configure list-profiles`
  const message = oneLine(error.message)
  if (isUnreadableAnswer(error)) {
    const status = statusOf(error)
    const where = endpointOf(error)
    return `${status ?? 'UnreadableAnswer'}: the answer${where ? ` from ${where}` : ''} is not an AWS answer; ${CHECK_ENDPOINT}`
  }
  const code = codeOf(error)
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
    return `${code}: cannot reach the AWS endpoint${where ? ` ${where}` : ''}; check the network, the proxy, and AWS_ENDPOINT_URL(_EC2, _EKS) if set`
  }
  if (THROTTLED.has(code)) {
    const attempts =
      typeof error.$metadata?.attempts === 'number' ? ` after ${error.$metadata.attempts} attempts` : ''
    return `${code}: AWS throttled the calls and the retries were used up${attempts}; scan fewer subnets (--vpc-id, --subnet-id) or try again later`
  }
  // Any other answer from an AWS service is still AWS's to explain, not a bug of ours (exit 1).
  if (isServiceError(error)) {
    const status = statusOf(error)
    return error.$fault === 'server'
      ? `${code}: AWS answered with an error (${status ? `${status}: ` : ''}${message}); try again later, or ${CHECK_ENDPOINT}`
      : `${code}: AWS refused the call (${message}); ${CHECK_ENDPOINT}`
  }
  return undefined
}

/** An SDK service exception: an answer AWS (or what stands at the endpoint) gave, with its fault side. */
function isServiceError(error: AwsErrorShape): boolean {
  return typeof error.$metadata === 'object' && (error.$fault === 'client' || error.$fault === 'server')
}

/**
 * An answer the SDK could not read as AWS's: not XML or JSON at all (a proxy's HTML page, a server that is
 * not AWS), or an error answer with no AWS error code in it, which the SDK names `Unknown`.
 */
function isUnreadableAnswer(error: AwsErrorShape): boolean {
  if (typeof error.$metadata !== 'object') return false
  return (
    error.name === 'Unknown' ||
    (typeof error.message === 'string' && /Deserialization error/i.test(error.message))
  )
}

function statusOf(error: AwsErrorShape): string | undefined {
  const status = error.$metadata?.httpStatusCode
  return typeof status === 'number' ? `HTTP ${status}` : undefined
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
