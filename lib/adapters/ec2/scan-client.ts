import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2'

/** Attempts per call in scans: adaptive retries ride out EC2's per-account throttle instead of failing on it. */
export const SCAN_MAX_ATTEMPTS = 8
/** A call that has not answered in this long is abandoned and retried, rather than holding a Lambda to its timeout. */
export const SCAN_REQUEST_TIMEOUT_MS = 10_000

/** The one way this service builds EC2 clients for scans. */
export function scanClient(options: {
  region: string
  endpoint?: string | undefined
  maxAttempts?: number
  credentials?: EC2ClientConfig['credentials']
  requestTimeoutMs?: number
}): EC2Client {
  return new EC2Client({
    region: options.region,
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
}
