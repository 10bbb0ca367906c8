import { EKSClient } from '@aws-sdk/client-eks'
import { nameEndpointOnFailure, SCAN_MAX_ATTEMPTS, SCAN_REQUEST_TIMEOUT_MS } from '../ec2/scan-client.ts'

/**
 * The one way this service builds EKS clients: as the scans' EC2 clients are built (adaptive retries, a
 * request timeout that throws, the failing host named), the rest from the SDK's default chain
 * (AWS_REGION, AWS_ENDPOINT_URL_EKS, the profile's config).
 */
export function eksClient(options: {
  region?: string | undefined
  profile?: string | undefined
  maxAttempts?: number | undefined
}): EKSClient {
  const client = new EKSClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? SCAN_MAX_ATTEMPTS,
    requestHandler: { requestTimeout: SCAN_REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
  })
  nameEndpointOnFailure(client)
  return client
}
