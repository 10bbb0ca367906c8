/**
 * One line for an AWS access problem (no credentials, access denied, endpoint unreachable, throttled past
 * retries), with the AWS error code and a hint; undefined for anything else (a bug, exit 1).
 */
export function describeAwsFailure(_error: unknown): string | undefined {
  return undefined
}
