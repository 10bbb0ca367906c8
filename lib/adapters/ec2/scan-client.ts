import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2'
import type { MiddlewareStack } from '@smithy/types'

/** Attempts per call in scans: adaptive retries ride out EC2's per-account throttle instead of failing on it. */
export const SCAN_MAX_ATTEMPTS = 8
/** A call that has not answered in this long is abandoned and retried, rather than holding a Lambda to its timeout. */
export const SCAN_REQUEST_TIMEOUT_MS = 10_000

/** The host a failed call was sent to, set on the error: the SDK's own timeout errors do not name it. */
export interface EndpointNamedError {
  endpointHost?: string
}

/**
 * The one way this service builds EC2 clients for scans. Anything not given (region, endpoint, credentials)
 * comes from the SDK's default chain: AWS_REGION, AWS_ENDPOINT_URL_EC2, the profile's config, SSO, IMDS.
 */
export function scanClient(options: {
  region?: string | undefined
  endpoint?: string | undefined
  /** The shared config/credentials profile: its credentials and its settings, as `--profile` does in the AWS CLI. */
  profile?: string | undefined
  maxAttempts?: number | undefined
  credentials?: EC2ClientConfig['credentials']
  requestTimeoutMs?: number
}): EC2Client {
  const client = new EC2Client({
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? SCAN_MAX_ATTEMPTS,
    // Without throwOnRequestTimeout the SDK only logs a warning and keeps waiting (found by fault injection).
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? SCAN_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  })
  nameEndpointOnFailure(client)
  return client
}

/** Sets `endpointHost` on a failed call's error: which host a timeout or refusal came from. */
export function nameEndpointOnFailure<Input extends object, Output extends object>(client: {
  middlewareStack: MiddlewareStack<Input, Output>
}): void {
  // At the build step the request already has its resolved endpoint, and every retry happens inside it.
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args)
      } catch (error) {
        const request = args.request as { hostname?: string; port?: number } | undefined
        if (error instanceof Error && request?.hostname && !('endpointHost' in error)) {
          const port = request.port ? `:${request.port}` : ''
          Object.assign(error, { endpointHost: `${request.hostname}${port}` } satisfies EndpointNamedError)
        }
        throw error
      }
    },
    { step: 'build', name: 'nameEndpointOnFailure' },
  )
}
