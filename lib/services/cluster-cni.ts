import {
  addonConfigurationEnv,
  awsNodeDaemonSetEnv,
  cniSettingsFromEnv,
  cniVersionOfAddon,
} from '../domain/cluster/vpc-cni-env.ts'
import type { ClusterFacts } from '../ports/cluster-source.ts'
import { DEFAULT_CNI_VERSION } from '../schemas/max-pods-choices.ts'
import type { InputSource, NodeGroupPlan } from '../schemas/plan.ts'

/** The VPC CNI as the cluster runs it: the settings its environment decides, and where they were read. */
export interface ClusterCni {
  settings: Partial<NonNullable<NodeGroupPlan['settings']>>
  cniVersion: string
  /** The aws-node variables that decided the settings, as read. */
  env: Record<string, string>
  sources: InputSource[]
  warnings: string[]
}

const INPUT = 'vpc-cni settings'

/**
 * What the add-on (and the shipped manifest) sets where configurationValues says nothing: the chart's env
 * values. ipamd's own defaults differ (WARM_PREFIX_TARGET 0), but no installed aws-node runs without these.
 */
const INSTALLED_DEFAULT_ENV: Readonly<Record<string, string>> = {
  WARM_ENI_TARGET: '1',
  WARM_PREFIX_TARGET: '1',
}

/**
 * The aws-node DaemonSet export wins when given: it is what runs (a self-managed aws-node, or the add-on's
 * settings as applied). Otherwise the add-on's configurationValues; otherwise the CNI's own defaults, said.
 */
export function clusterCni(facts: ClusterFacts, awsNode: unknown | undefined): ClusterCni {
  const addon = facts.vpcCni
  const addonVersion = addon.found ? cniVersionOfAddon(addon.addonVersion) : null
  let env: Record<string, string> = {}
  let version: string | null = addonVersion
  const warnings: string[] = []
  let source: string
  if (awsNode !== undefined) {
    const read = awsNodeDaemonSetEnv(awsNode)
    env = read.env
    version = read.cniVersion ?? version
    warnings.push(...read.notes)
    source = `the aws-node DaemonSet export (${read.image ?? 'image not given'})${addon.found ? `, over the EKS add-on ${addon.addonVersion}` : ''}`
  } else if (addon.found) {
    const read = addon.configurationValues ? addonConfigurationEnv(addon.configurationValues) : null
    env = read?.env ?? {}
    warnings.push(...(read?.notes ?? []))
    source = read
      ? `EKS add-on vpc-cni ${addon.addonVersion}: its configurationValues`
      : `EKS add-on vpc-cni ${addon.addonVersion} with no configurationValues: the CNI's defaults`
  } else {
    source = `settings not in the add-on (${addon.reason}): planned with the CNI's defaults; give the aws-node DaemonSet export (kubectl get daemonset aws-node -n kube-system -o json) to read them`
    warnings.push(`vpc-cni: ${source}`)
  }
  // The DaemonSet export is what runs, every variable in it; the add-on's settings sit on the chart's.
  const effective = awsNode === undefined ? { ...INSTALLED_DEFAULT_ENV, ...env } : env
  const read = cniSettingsFromEnv(effective)
  warnings.push(...read.notes.map((note) => `vpc-cni: ${note}`))
  const settings = { ...read.settings }
  // The cluster's IP family is the cluster's, whatever the environment says.
  if (facts.ipFamily === 'ipv6') settings.ipFamily = 'ipv6'
  const cniVersion = version ?? DEFAULT_CNI_VERSION
  return {
    settings,
    cniVersion,
    // Only what was set: a configuration written back need not repeat the defaults.
    env: Object.fromEntries(Object.entries(read.read).filter(([name]) => name in env)),
    sources: [
      { input: INPUT, source },
      {
        input: 'vpc-cni version',
        source: version
          ? `${cniVersion} (${awsNode !== undefined ? 'the aws-node image' : 'the EKS add-on'})`
          : `not known: ${DEFAULT_CNI_VERSION} assumed (the newest release when the catalog was built)`,
      },
    ],
    warnings,
  }
}
