import { nearestNames } from '../domain/closest-names.ts'
import type { FieldIssue } from '../schemas/field-issues.ts'
import type { MaxPodsProfile, MaxPodsSettingsInput } from '../schemas/max-pods.ts'
import { MAX_POD_PROFILES } from '../schemas/max-pods-choices.ts'
import { type FlagValues, wholeNumber } from './parse-flags.ts'

// The max-pods settings as flags, for max-pods and ip-usage. The settings field keeps its API name
// (`profile`); on the command line it is --bootstrap, since every AWS tool reads --profile as the
// credentials profile.

/** Settings fields and the flags that set them, so an error names what the user typed. */
const FLAG_OF_FIELD: Record<string, string> = {
  profile: '--bootstrap',
  cniVersion: '--cni-version',
  prefixDelegation: '--cni-prefix-delegation-enabled',
  customNetworking: '--cni-custom-networking-enabled',
  maxEni: '--cni-max-eni',
  showMaxAllowed: '--show-max-allowed',
  securityGroupsForPods: '--security-groups-for-pods',
  ipFamily: '--ip-family',
  reservedEnis: '--reserved-enis',
  podsPerCore: '--pods-per-core',
  amiFamily: '--ami-family',
  instanceType: '--instance-type',
  pods: '--pods',
  warmEniTarget: '--warm-eni-target',
  warmIpTarget: '--warm-ip-target',
  minimumIpTarget: '--minimum-ip-target',
  warmPrefixTarget: '--warm-prefix-target',
  kubeletMaxPods: '--kubelet-max-pods',
  branchPods: '--branch-pods',
}

/** A schema's issue, named by the flag the user typed rather than the field. */
export function settingsIssue(issue: FieldIssue): FieldIssue {
  return { field: FLAG_OF_FIELD[issue.field] ?? issue.field, message: issue.message }
}

/**
 * A service's message in the command line's words: a leading API field (`reservedEnis: …`,
 * `pods: …`) becomes the flag that sets it (`--reserved-enis: …`). Other messages pass unchanged.
 */
export function inFlagTerms(message: string): string {
  const leading = message.replace(/^([A-Za-z]+)(?=: )/, (field) => FLAG_OF_FIELD[field] ?? field)
  // camelCase names are never English words, so inside the message they can be translated too
  // ("branch pods need securityGroupsForPods"); `pods` and `profile` only where they lead.
  return leading.replace(/\b[a-z]+[A-Z][A-Za-z]*\b/g, (field) => FLAG_OF_FIELD[field] ?? field)
}

export function readSettings(
  values: FlagValues,
  command: string,
  issues: FieldIssue[],
  notes: string[],
): MaxPodsSettingsInput {
  return {
    profile: bootstrapOf(values, command, issues, notes),
    cniVersion: values.string('cni-version'),
    prefixDelegation: values.boolean('cni-prefix-delegation-enabled'),
    customNetworking: values.boolean('cni-custom-networking-enabled'),
    maxEni: wholeNumber(values.string('cni-max-eni'), '--cni-max-eni', issues),
    showMaxAllowed: values.boolean('show-max-allowed'),
    securityGroupsForPods: values.boolean('security-groups-for-pods'),
    // The flag's choices were checked as it was parsed.
    ipFamily: values.string('ip-family') as MaxPodsSettingsInput['ipFamily'],
    // The karpenter bootstrap's settings decide kubelet max pods, and so an ip-usage node's peak.
    reservedEnis: wholeNumber(values.string('reserved-enis'), '--reserved-enis', issues),
    podsPerCore: wholeNumber(values.string('pods-per-core'), '--pods-per-core', issues),
    amiFamily: values.string('ami-family') as MaxPodsSettingsInput['amiFamily'],
  }
}

/**
 * --bootstrap, or its old spelling --profile with one of the bootstrap names (read, with a note). Any
 * other --profile names an AWS profile, which a command that calls no AWS API cannot use: refused, so a
 * user who meant credentials is not answered as if they had mattered.
 */
function bootstrapOf(
  values: FlagValues,
  command: string,
  issues: FieldIssue[],
  notes: string[],
): MaxPodsProfile | undefined {
  const bootstrap = values.string('bootstrap') as MaxPodsProfile | undefined
  const profile = values.string('profile')
  if (profile === undefined) return bootstrap
  if (bootstrap !== undefined) {
    issues.push({ field: '--profile', message: 'give --bootstrap alone (--profile is its old spelling)' })
    return bootstrap
  }
  if ((MAX_POD_PROFILES as readonly string[]).includes(profile)) {
    notes.push(`--profile ${profile} is deprecated: use --bootstrap ${profile}`)
    return profile as MaxPodsProfile
  }
  const closest = nearestNames(profile, MAX_POD_PROFILES)
  const hint =
    closest.length > 0
      ? `did you mean --bootstrap ${closest.join(' or --bootstrap ')}?`
      : `to choose the max-pods rule use --bootstrap ${MAX_POD_PROFILES.join('|')}`
  issues.push({
    field: '--profile',
    message: `'${profile}' would be an AWS profile, but ${command} calls no AWS API; ${hint}`,
  })
  return undefined
}
