import { InvalidInputError } from '../../errors.ts'
import type { KarpenterAmiFamily } from '../../schemas/max-pods.ts'
import { KARPENTER_AMI_FAMILIES } from '../../schemas/max-pods-choices.ts'
import type { SubnetFacts } from '../../schemas/subnets.ts'
import { dig, isRecord, objectName } from './kube-objects.ts'

// An EC2NodeClass (karpenter.k8s.aws/v1): in v1 the kubelet settings live here, not on the NodePool.

export interface NodeClassReading {
  name: string
  settings: { amiFamily?: KarpenterAmiFamily; podsPerCore?: number; kubeletMaxPods?: number }
  /** The subnets its subnetSelectorTerms select, among those given. */
  subnets: SubnetFacts[]
  sources: string[]
  notes: string[]
}

// An alias is family@version; the family names the AMI family Karpenter then uses (an explicit amiFamily wins).
const ALIAS_FAMILIES: Record<string, KarpenterAmiFamily> = {
  al2: 'AL2',
  al2023: 'AL2023',
  bottlerocket: 'Bottlerocket',
  windows2019: 'Windows2019',
  windows2022: 'Windows2022',
  windows2025: 'Windows2025',
}

export function readNodeClass(
  object: Record<string, unknown>,
  field: string,
  subnets: readonly SubnetFacts[],
): NodeClassReading {
  const name = objectName(object, field)
  const spec = isRecord(object.spec) ? object.spec : {}
  const sources: string[] = []
  const notes: string[] = []
  const settings: NodeClassReading['settings'] = {}

  const amiFamily = readAmiFamily(spec, name, sources, notes)
  if (amiFamily) settings.amiFamily = amiFamily

  const kubelet = spec.kubelet
  if (isRecord(kubelet)) {
    const maxPods = kubelet.maxPods
    // Recent Karpenter accepts a CEL expression string for maxPods, evaluated per instance type.
    if (typeof maxPods === 'string')
      notes.push(`EC2NodeClass ${name} kubelet.maxPods is an expression (${maxPods}): not evaluated here`)
    else if (maxPods !== undefined)
      settings.kubeletMaxPods = count(maxPods, `${field}.spec.kubelet.maxPods`, 1)
    if (kubelet.podsPerCore !== undefined)
      settings.podsPerCore = count(kubelet.podsPerCore, `${field}.spec.kubelet.podsPerCore`, 0)
    const read = [
      settings.kubeletMaxPods === undefined ? '' : `maxPods ${settings.kubeletMaxPods}`,
      settings.podsPerCore === undefined ? '' : `podsPerCore ${settings.podsPerCore}`,
    ].filter(Boolean)
    if (read.length > 0) sources.push(`kubelet: EC2NodeClass ${name} spec.kubelet ${read.join(', ')}`)
  }

  const terms = spec.subnetSelectorTerms
  if (!Array.isArray(terms) || terms.length === 0)
    throw new InvalidInputError([
      { field: `${field}.spec.subnetSelectorTerms`, message: 'expected at least one term' },
    ])
  const selected = subnets.filter((subnet) =>
    terms.some((term, index) => selects(term, subnet, `${field}.spec.subnetSelectorTerms[${index}]`)),
  )
  sources.push(
    `subnets: ${selected.length} selected by ${terms.length} subnetSelectorTerms of EC2NodeClass ${name}`,
  )
  if (selected.length === 0) notes.push(`EC2NodeClass ${name} selects none of the given subnets`)
  return { name, settings, subnets: selected, sources, notes }
}

function readAmiFamily(
  spec: Record<string, unknown>,
  name: string,
  sources: string[],
  notes: string[],
): KarpenterAmiFamily | undefined {
  const explicit = spec.amiFamily
  if (typeof explicit === 'string') {
    if ((KARPENTER_AMI_FAMILIES as readonly string[]).includes(explicit)) {
      sources.push(`AMI family: EC2NodeClass ${name} spec.amiFamily ${explicit}`)
      return explicit as KarpenterAmiFamily
    }
    notes.push(`amiFamily ${explicit} is not one Karpenter v1 knows: no AMI family read`)
    return undefined
  }
  const terms = Array.isArray(spec.amiSelectorTerms) ? spec.amiSelectorTerms : []
  const alias = terms.map((term) => dig(term, ['alias'])).find((value) => typeof value === 'string') as
    | string
    | undefined
  if (alias === undefined) {
    notes.push(`EC2NodeClass ${name} has neither amiFamily nor an alias: AMI family unknown`)
    return undefined
  }
  const family = ALIAS_FAMILIES[alias.split('@')[0]?.toLowerCase() ?? '']
  if (family === undefined) {
    notes.push(`AMI alias ${alias} names no family Karpenter knows: AMI family unknown`)
    return undefined
  }
  sources.push(`AMI family: EC2NodeClass ${name} amiSelectorTerms alias ${alias}`)
  return family
}

/** A term with an id selects that subnet only (tags beside it are not used); else every tag must match. */
function selects(term: unknown, subnet: SubnetFacts, field: string): boolean {
  if (!isRecord(term)) throw new InvalidInputError([{ field, message: 'expected a term with tags or id' }])
  if (typeof term.id === 'string') return subnet.subnetId === term.id
  if (!isRecord(term.tags) || Object.keys(term.tags).length === 0)
    throw new InvalidInputError([{ field, message: 'expected a term with tags or id' }])
  return Object.entries(term.tags).every(([key, value]) => {
    const actual = subnet.tags[key]
    if (actual === undefined) return false
    return value === '*' || matchesEc2Filter(String(value), actual)
  })
}

// Karpenter passes a tag value to DescribeSubnets as a filter, where `*` matches any run of characters and
// `?` zero or one (EC2's filter wildcards).
function matchesEc2Filter(pattern: string, value: string): boolean {
  const expression = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.?')
  return new RegExp(`^${expression}$`, 's').test(value)
}

function count(value: unknown, field: string, minimum: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum)
    throw new InvalidInputError([{ field, message: `expected a whole number of ${minimum} or more` }])
  return value
}
