import { parse } from 'yaml'
import { InvalidInputError } from '../../errors.ts'
import { CNI_VERSION_PATTERN } from '../../schemas/max-pods-choices.ts'
import { dig, isRecord } from './kube-objects.ts'
import { CNI_ENV_VARIABLES } from './vpc-cni-variables.ts'

// Where an aws-node environment comes from: the EKS add-on's configurationValues, or the DaemonSet itself
// (self-managed aws-node). Both are turned into the plain name → value map ipamd sees.

export interface AddonEnvironment {
  env: Record<string, string>
  notes: string[]
}

export interface DaemonSetEnvironment {
  env: Record<string, string>
  /** The aws-node image's tag as a CNI version (no leading v), or null when the tag is not one. */
  cniVersion: string | null
  image: string | null
  notes: string[]
}

/** An add-on version (v1.19.2-eksbuild.1) or image tag as the CNI version the settings accept, or null. */
export function cniVersionOfAddon(addonVersion: string): string | null {
  const version = addonVersion.trim().replace(/^v/, '')
  return CNI_VERSION_PATTERN.test(version) ? version : null
}

/**
 * The add-on's configurationValues (JSON or YAML text). Its schema types `env` values as strings, but a
 * hand-written YAML often holds bare numbers and booleans: those are read as the text they stand for.
 */
export function addonConfigurationEnv(configurationValues: string): AddonEnvironment {
  const notes: string[] = []
  if (configurationValues.trim() === '') return { env: {}, notes: ['the add-on has no configurationValues'] }
  let values: unknown
  try {
    values = parse(configurationValues)
  } catch (error) {
    throw new InvalidInputError(
      [{ field: 'configurationValues', message: `not JSON or YAML: ${firstLine(error)}` }],
      { cause: error },
    )
  }
  if (values === null || values === undefined)
    return { env: {}, notes: ['the add-on has no configurationValues'] }
  if (!isRecord(values))
    throw new InvalidInputError([
      { field: 'configurationValues', message: 'expected an object with an env map' },
    ])
  if (isRecord(values.init) && values.init.env !== undefined)
    notes.push('init.env configures the init container only: not read for ipamd')
  if (values.env === undefined) {
    notes.push('configurationValues sets no env: the add-on defaults apply')
    return { env: {}, notes }
  }
  if (!isRecord(values.env))
    throw new InvalidInputError([
      { field: 'configurationValues.env', message: 'expected a map of names to values' },
    ])
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(values.env)) {
    if (typeof value === 'string') env[name] = value
    else if (typeof value === 'number' || typeof value === 'boolean') {
      env[name] = String(value)
      notes.push(
        `env.${name} is a ${typeof value}, read as "${String(value)}" (the add-on schema wants a string)`,
      )
    } else
      throw new InvalidInputError([
        { field: `configurationValues.env.${name}`, message: 'expected a string, number or boolean' },
      ])
  }
  return { env, notes }
}

/** `kubectl get daemonset aws-node -n kube-system -o json`, or a List that holds it. */
export function awsNodeDaemonSetEnv(daemonSet: unknown): DaemonSetEnvironment {
  const { object, field } = findAwsNodeDaemonSet(daemonSet)
  const podSpec = dig(object, ['spec', 'template', 'spec'])
  const containers = isRecord(podSpec) ? podSpec.containers : undefined
  if (!Array.isArray(containers))
    throw new InvalidInputError([
      { field: `${field}.spec.template.spec.containers`, message: 'expected a list of containers' },
    ])
  const index = containers.findIndex((container) => isRecord(container) && container.name === 'aws-node')
  if (index < 0)
    throw new InvalidInputError([
      { field: `${field}.spec.template.spec.containers`, message: 'expected a container named aws-node' },
    ])
  const container = containers[index] as Record<string, unknown>
  const where = `${field}.spec.template.spec.containers[${index}]`
  const notes: string[] = []
  const env: Record<string, string> = {}
  const entries = container.env ?? []
  if (!Array.isArray(entries))
    throw new InvalidInputError([{ field: `${where}.env`, message: 'expected a list' }])
  entries.forEach((entry, position) => {
    if (!isRecord(entry) || typeof entry.name !== 'string')
      throw new InvalidInputError([
        { field: `${where}.env[${position}]`, message: 'expected an entry with a name' },
      ])
    if (entry.valueFrom !== undefined) {
      // The shipped manifest sets MY_NODE_NAME and others from fields: only a capacity setting is worth a word.
      if ((CNI_ENV_VARIABLES as readonly string[]).includes(entry.name))
        notes.push(
          `${entry.name} comes from valueFrom (a ConfigMap, Secret or field), not a literal: not read`,
        )
      return
    }
    // Kubernetes treats a missing value as the empty string; ipamd then finds the variable set but unparsable.
    env[entry.name] = typeof entry.value === 'string' ? entry.value : ''
  })
  if (container.envFrom !== undefined)
    notes.push(
      'aws-node also takes variables from envFrom (a ConfigMap or Secret): those are not in this export',
    )
  const image = typeof container.image === 'string' ? container.image : null
  const tag = image === null ? null : imageTag(image)
  const cniVersion = tag === null ? null : cniVersionOfAddon(tag)
  if (image !== null && cniVersion === null) notes.push(`the aws-node image ${image} has no version tag`)
  return { env, cniVersion, image, notes }
}

function findAwsNodeDaemonSet(input: unknown): { object: Record<string, unknown>; field: string } {
  if (isRecord(input) && input.kind === 'DaemonSet') return { object: input, field: 'daemonSet' }
  if (isRecord(input) && input.kind === 'List' && Array.isArray(input.items)) {
    const index = input.items.findIndex(
      (item) => isRecord(item) && item.kind === 'DaemonSet' && dig(item, ['metadata', 'name']) === 'aws-node',
    )
    if (index >= 0)
      return { object: input.items[index] as Record<string, unknown>, field: `daemonSet.items[${index}]` }
    throw new InvalidInputError([
      { field: 'daemonSet.items', message: 'expected the aws-node DaemonSet among the items' },
    ])
  }
  const kind =
    isRecord(input) && typeof input.kind === 'string' ? `a ${input.kind}` : 'not a Kubernetes object'
  throw new InvalidInputError([
    {
      field: 'daemonSet',
      message: `expected the aws-node DaemonSet (kubectl get daemonset aws-node -n kube-system -o json), got ${kind}`,
    },
  ])
}

/** The tag of an image reference: after the last path segment's colon, before any digest. */
function imageTag(image: string): string | null {
  const withoutDigest = image.split('@')[0] ?? image
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1)
  const colon = lastSegment.indexOf(':')
  return colon < 0 ? null : lastSegment.slice(colon + 1)
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
}
