import type {
  CniEnvironment,
  EmittedConfiguration,
  NodeGroupConfiguration,
} from '../domain/emit/configuration-input.ts'
import { emitConfiguration } from '../domain/emit/emit-configuration.ts'
import type { EmitFormat } from '../schemas/emit-formats.ts'
import type { IpUsageRequest, IpUsageResult } from '../schemas/ip-usage.ts'
import type { MaxPodsResult, MaxPodsSettingsPatch, NodeGroupMaxPods } from '../schemas/max-pods.ts'
import type { NodeGroupPlan, PlanResult } from '../schemas/plan.ts'

// Answers turned into the configuration that makes them true: the figures of the answer, and the aws-node
// variables of the settings it was computed with (for a plan, after its recommendations).

type CniFields = MaxPodsSettingsPatch & {
  warmEniTarget?: number
  warmIpTarget?: number
  minimumIpTarget?: number
  warmPrefixTarget?: number
}

/** Each setting as the aws-node variable that sets it, in the CNI's spelling. */
const CNI_VARIABLES = [
  ['prefixDelegation', 'ENABLE_PREFIX_DELEGATION'],
  ['customNetworking', 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'],
  ['securityGroupsForPods', 'ENABLE_POD_ENI'],
  ['maxEni', 'MAX_ENI'],
  ['warmEniTarget', 'WARM_ENI_TARGET'],
  ['warmIpTarget', 'WARM_IP_TARGET'],
  ['minimumIpTarget', 'MINIMUM_IP_TARGET'],
  ['warmPrefixTarget', 'WARM_PREFIX_TARGET'],
] as const satisfies readonly (readonly [keyof CniFields, string])[]

/** The aws-node variables a set of settings needs; false booleans are written too only when `explicit`. */
export function cniEnvOf(settings: CniFields): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [field, variable] of CNI_VARIABLES) {
    const value = settings[field]
    if (value === undefined || value === false) continue
    env[variable] = String(value)
  }
  return env
}

export function maxPodsConfiguration(
  format: EmitFormat,
  results: readonly MaxPodsResult[],
  settings: MaxPodsSettingsPatch,
): EmittedConfiguration {
  return emitConfiguration(format, {
    clusterName: null,
    region: null,
    nodeGroups: results.map((result) => ({
      name: result.instanceType,
      instanceTypes: [result.instanceType],
      maxPods: result.maxPods,
      maxPodsSource: maxPodsWords(result),
    })),
    cni: requestCni(settings),
  })
}

export function nodeGroupConfiguration(
  format: EmitFormat,
  group: NodeGroupMaxPods,
  settings: MaxPodsSettingsPatch,
): EmittedConfiguration {
  return emitConfiguration(format, {
    clusterName: null,
    region: null,
    nodeGroups: [
      {
        name: group.instanceTypes.join('-'),
        instanceTypes: group.instanceTypes,
        maxPods: group.maxPods,
        maxPodsSource: `the smallest max pods of the group's types, ${group.boundingInstanceType}'s (${group.results[0]?.profile ?? 'calculator'} rule)`,
      },
    ],
    cni: requestCni(settings),
  })
}

export function ipUsageConfiguration(
  format: EmitFormat,
  result: IpUsageResult,
  request: Omit<IpUsageRequest, 'emit'>,
): EmittedConfiguration {
  return emitConfiguration(format, {
    clusterName: null,
    region: null,
    nodeGroups: [
      {
        name: result.instanceType,
        instanceTypes: [result.instanceType],
        maxPods: result.kubeletMaxPods,
        maxPodsSource:
          request.kubeletMaxPods === undefined
            ? `kubelet max pods of ${result.instanceType} under the ${request.profile ?? 'calculator'} rule, as this answer used it`
            : 'kubeletMaxPods as given',
      },
    ],
    cni: requestCni(request),
  })
}

function requestCni(settings: CniFields): CniEnvironment {
  const env = cniEnvOf(settings)
  return {
    env,
    sources: Object.keys(env).length > 0 ? ['the settings of the request'] : [],
  }
}

function maxPodsWords(result: MaxPodsResult): string {
  const last = result.explanation.at(-1)
  const mode = result.prefixDelegation.applied ? ' with prefix delegation' : ''
  return `the ${result.profile} rule${mode}${last ? `: ${last}` : ''}`
}

/**
 * A plan's configuration: every node group with the kubelet max pods it needs after the plan's
 * recommendations, and the add-on settings they need. The add-on is one per cluster: where node groups
 * need different values of one variable, the larger is written (more warm addresses never strands a pod)
 * and a note says so.
 */
export function planConfiguration(
  format: EmitFormat,
  result: PlanResult,
  groups: readonly NodeGroupPlan[],
  cluster: {
    name: string
    region: string
    env: Record<string, string>
    sources: string[]
    /** The managed node groups' scaling config, which eksctl and Terraform write back. */
    scaling: ReadonlyMap<string, { minSize: number; desiredSize: number; maxSize: number }>
  } | null,
): EmittedConfiguration {
  const notes: string[] = []
  const perVariable = new Map<string, Map<string, string[]>>()
  const sources: string[] = [...(cluster?.sources ?? [])]
  const nodeGroups: NodeGroupConfiguration[] = result.nodeGroups.map((assessment) => {
    const plan = groups.find((group) => group.name === assessment.name)
    const recommended = result.recommendations.filter(
      (recommendation) => recommendation.nodeGroup === assessment.name && recommendation.settings,
    )
    const changed = Object.assign({}, ...recommended.map((recommendation) => recommendation.settings))
    const settings = { ...(plan?.settings ?? {}), ...changed } as CniFields
    for (const [variable, value] of Object.entries({ ...(cluster?.env ?? {}), ...cniEnvOf(settings) })) {
      const values = perVariable.get(variable) ?? new Map<string, string[]>()
      values.set(value, [...(values.get(value) ?? []), assessment.name])
      perVariable.set(variable, values)
    }
    for (const recommendation of recommended) sources.push(`recommended: ${recommendation.summary}`)
    const afterPrefix = recommended.find((recommendation) => recommendation.kind === 'prefix-delegation')
    const maxPods = Number(afterPrefix?.effect.kubeletMaxPods ?? assessment.kubeletMaxPods)
    return {
      name: assessment.name,
      instanceTypes: assessment.instanceTypes,
      maxPods,
      maxPodsSource: afterPrefix
        ? `kubelet max pods with the recommended prefix delegation (now ${assessment.kubeletMaxPods})`
        : `the plan's kubelet max pods, bounded by ${assessment.boundingInstanceType}`,
      // Only a cluster's own groups have a known minimum; a planned group's scaling is the user's to write.
      ...(cluster?.scaling.has(assessment.name) ? { scaling: cluster.scaling.get(assessment.name) } : {}),
      subnetIds: assessment.subnetIds,
    }
  })
  const env: Record<string, string> = {}
  for (const [variable, values] of perVariable) {
    const chosen = [...values.keys()].sort((a, b) => Number(b) - Number(a) || b.localeCompare(a))[0] as string
    env[variable] = chosen
    if (values.size > 1)
      notes.push(
        `${variable}: node groups need different values (${[...values].map(([value, names]) => `${value} for ${names.join(', ')}`).join('; ')}); the add-on is one per cluster, so ${chosen} is written`,
      )
  }
  const emitted = emitConfiguration(format, {
    clusterName: cluster?.name ?? null,
    region: cluster?.region ?? null,
    nodeGroups,
    cni: { env, sources },
  })
  return { ...emitted, notes: [...notes, ...emitted.notes] }
}
