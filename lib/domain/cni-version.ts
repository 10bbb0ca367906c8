import { CNI_VERSION_PATTERN } from '../schemas/max-pods-choices.ts'

export type ReleaseLine = readonly [major: number, minor: number]

/** VPC CNI 1.9.0 brought prefix delegation. */
export const PREFIX_DELEGATION_SINCE: ReleaseLine = [1, 9]
/** VPC CNI 1.10.0 brought IPv6 pods. */
export const IPV6_SINCE: ReleaseLine = [1, 10]

/**
 * Whether a CNI version is at or after a release line. Only MAJOR.MINOR count, as in the upstream
 * calculator; a build suffix such as `-eksbuild.1` names a build of that release, not a pre-release.
 */
export function isAtLeast(version: string, line: ReleaseLine): boolean {
  const match = CNI_VERSION_PATTERN.exec(version)
  if (!match) throw new RangeError(`not a CNI version: ${version}`)
  const major = Number(match[1])
  const minor = Number(match[2])
  return major > line[0] || (major === line[0] && minor >= line[1])
}

export function formatLine(line: ReleaseLine): string {
  return `${line[0]}.${line[1]}`
}
