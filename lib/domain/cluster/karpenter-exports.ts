import { InvalidInputError } from '../../errors.ts'
import type { InstanceTypeRecord } from '../../schemas/instance-type.ts'
import type { KarpenterAmiFamily } from '../../schemas/max-pods.ts'
import type { SubnetFacts } from '../../schemas/subnets.ts'
import { type NodeClassReading, readNodeClass } from './karpenter-node-class.ts'
import {
  allows,
  CAPACITY_TYPE_LABEL,
  CATALOG_LABELS,
  kubeArchitecture,
  parseRequirements,
  type Requirement,
  ZONE_LABEL,
} from './karpenter-requirements.ts'
import { dig, isRecord, objectName } from './kube-objects.ts'
import { parseQuantity } from './kubernetes-quantity.ts'

// `kubectl get nodepools,ec2nodeclasses -o yaml` (Karpenter v1) turned into node groups the planner can size:
// the catalog types a NodePool may launch, its limits, and the kubelet and subnets of its EC2NodeClass.

export interface KarpenterPool {
  name: string
  nodeClass: string | null
  instanceTypes: string[]
  limits: { cpu: number | null; memoryMiB: number | null; nodes: number | null }
  settings: { amiFamily?: KarpenterAmiFamily; podsPerCore?: number; kubeletMaxPods?: number }
  subnetIds: string[]
  sources: string[]
  notes: string[]
}

export interface KarpenterExports {
  pools: KarpenterPool[]
  notes: string[]
}

interface KubeObject {
  object: Record<string, unknown>
  field: string
}

export function readKarpenterExports(
  documents: unknown,
  catalog: readonly InstanceTypeRecord[],
  subnets: readonly SubnetFacts[],
): KarpenterExports {
  const objects = kubeObjects(documents)
  const notes: string[] = []
  const nodePools = objects.filter(({ object }) => object.kind === 'NodePool')
  const nodeClasses = new Map<string, NodeClassReading>()
  for (const entry of objects.filter(({ object }) => object.kind === 'EC2NodeClass')) {
    const reading = readNodeClass(entry.object, entry.field, subnets)
    nodeClasses.set(reading.name, reading)
  }
  const others = objects.filter(({ object }) => object.kind !== 'NodePool' && object.kind !== 'EC2NodeClass')
  if (others.length > 0)
    notes.push(
      `ignored ${others.length} object(s) that are neither NodePool nor EC2NodeClass: ${kinds(others)}`,
    )
  if (nodePools.length === 0) notes.push('the export holds no NodePool')
  // Karpenter lists types with DescribeInstanceTypes filtered to x86_64 and arm64: a type only a limits table
  // describes, or of another architecture, is never launched.
  const offered = catalog.filter(
    (record) => record.sources.details !== null && kubeArchitecture(record) !== undefined,
  )
  // Said only where it narrows something: with no NodePool it would be noise.
  if (offered.length < catalog.length && nodePools.length > 0)
    notes.push(
      `${catalog.length - offered.length} catalog type(s) are left out: Karpenter launches only types DescribeInstanceTypes describes, x86_64 or arm64`,
    )
  const pools = nodePools.map((entry) => readNodePool(entry, nodeClasses, offered))
  const used = new Set(pools.map((pool) => pool.nodeClass))
  const unused = [...nodeClasses.keys()].filter((name) => !used.has(name))
  if (unused.length > 0) notes.push(`EC2NodeClass(es) no NodePool uses: ${unused.join(', ')}`)
  return { pools, notes }
}

function readNodePool(
  { object, field }: KubeObject,
  nodeClasses: ReadonlyMap<string, NodeClassReading>,
  offered: readonly InstanceTypeRecord[],
): KarpenterPool {
  const name = objectName(object, field)
  const sources: string[] = []
  const notes: string[] = []
  if (object.apiVersion !== 'karpenter.sh/v1')
    notes.push(
      `apiVersion ${String(object.apiVersion)} read as karpenter.sh/v1: fields of other versions may differ`,
    )
  const templateField = `${field}.spec.template.spec`
  const template = dig(object, ['spec', 'template', 'spec'])
  if (!isRecord(template))
    throw new InvalidInputError([{ field: templateField, message: 'expected the NodePool template spec' }])
  const requirements = parseRequirements(template.requirements, `${templateField}.requirements`)

  const decided = requirements.filter((requirement) => CATALOG_LABELS[requirement.key] !== undefined)
  for (const requirement of requirements) {
    if (CATALOG_LABELS[requirement.key] !== undefined || requirement.key === ZONE_LABEL) continue
    notes.push(
      requirement.key === CAPACITY_TYPE_LABEL
        ? `${CAPACITY_TYPE_LABEL} ignored: capacity type decides price, not addresses`
        : `requirement on ${requirement.key} ignored: the catalog cannot decide it, so Karpenter may launch fewer types than listed`,
    )
  }
  if (requirements.length === 0)
    notes.push('no requirements: Karpenter v1 adds no defaults, so every type it can launch is allowed')
  const instanceTypes = offered
    .filter((record) =>
      decided.every((requirement) => allows(requirement, CATALOG_LABELS[requirement.key]?.(record))),
    )
    .map((record) => record.instanceType)
    .sort()
  sources.push(
    `instance types: ${instanceTypes.length} catalog types meeting ${decided.length} requirements of NodePool ${name}`,
  )
  if (instanceTypes.length === 0) notes.push('no catalog type meets every requirement')

  const limits = readLimits(object.spec, `${field}.spec.limits`, notes)
  sources.push(
    limits.cpu === null && limits.memoryMiB === null && limits.nodes === null
      ? `limits: none in NodePool ${name}`
      : `limits: NodePool ${name} spec.limits`,
  )

  const nodeClass = nodeClassName(template, notes)
  const reading = nodeClass === null ? undefined : nodeClasses.get(nodeClass)
  if (nodeClass !== null && reading === undefined)
    notes.push(
      `EC2NodeClass ${nodeClass} is not in the export: no kubelet settings, AMI family or subnets from it`,
    )
  const zones = requirements.filter((requirement) => requirement.key === ZONE_LABEL)
  const subnetIds = reading ? subnetsInZones(reading, zones, sources, notes) : []
  if (reading) {
    sources.push(...reading.sources)
    notes.push(...reading.notes)
  }
  return {
    name,
    nodeClass,
    instanceTypes,
    limits,
    settings: reading?.settings ?? {},
    subnetIds,
    sources,
    notes,
  }
}

/** Zone requirements narrow the subnets Karpenter launches into: a node only goes where its zone is allowed. */
function subnetsInZones(
  reading: NodeClassReading,
  zones: readonly Requirement[],
  sources: string[],
  notes: string[],
): string[] {
  const kept = reading.subnets.filter((subnet) =>
    zones.every((zone) => allows(zone, subnet.availabilityZone)),
  )
  if (zones.length > 0) {
    sources.push(`subnets: ${kept.length} of ${reading.subnets.length} in the zones the NodePool allows`)
    if (kept.length === 0) notes.push('no selected subnet is in a zone the NodePool allows')
  }
  return kept.map((subnet) => subnet.subnetId).sort()
}

function nodeClassName(template: Record<string, unknown>, notes: string[]): string | null {
  const ref = template.nodeClassRef
  if (!isRecord(ref) || typeof ref.name !== 'string') {
    notes.push('no spec.template.spec.nodeClassRef: no kubelet settings, AMI family or subnets')
    return null
  }
  if (ref.kind !== undefined && ref.kind !== 'EC2NodeClass')
    notes.push(`nodeClassRef is a ${String(ref.kind)}, not an EC2NodeClass: nothing read from it`)
  return ref.name
}

const MIB = 2 ** 20

function readLimits(spec: unknown, field: string, notes: string[]): KarpenterPool['limits'] {
  const limits = isRecord(spec) ? spec.limits : undefined
  if (limits === undefined || (isRecord(limits) && Object.keys(limits).length === 0)) {
    notes.push('no limits: the NodePool grows until cloud quotas or subnets stop it')
    return { cpu: null, memoryMiB: null, nodes: null }
  }
  if (!isRecord(limits))
    throw new InvalidInputError([{ field, message: 'expected a map of resource limits' }])
  const quantity = (name: string): number | null => {
    if (limits[name] === undefined) return null
    const value = parseQuantity(limits[name])
    if (value === null)
      throw new InvalidInputError([
        {
          field: `${field}.${name}`,
          message: 'expected a Kubernetes quantity such as 1000, 1500m or 1000Gi',
        },
      ])
    return value
  }
  const ignored = Object.keys(limits).filter((name) => !['cpu', 'memory', 'nodes'].includes(name))
  if (ignored.length > 0) notes.push(`limits on ${ignored.join(', ')} do not bound addresses: ignored`)
  const memory = quantity('memory')
  // Karpenter v1 counts each node as one unit of the `nodes` resource, so limits.nodes caps the node count.
  const nodes = quantity('nodes')
  return {
    cpu: quantity('cpu'),
    memoryMiB: memory === null ? null : Math.floor(memory / MIB),
    nodes: nodes === null ? null : Math.floor(nodes),
  }
}

function kubeObjects(documents: unknown): KubeObject[] {
  if (isRecord(documents) && documents.kind === 'List') {
    if (!Array.isArray(documents.items))
      throw new InvalidInputError([{ field: 'documents.items', message: 'expected a list of objects' }])
    return documents.items.map((item, index) => kubeObject(item, `documents.items[${index}]`))
  }
  if (Array.isArray(documents))
    return documents.flatMap((document, index) =>
      isRecord(document) && document.kind === 'List'
        ? kubeObjects(document).map((entry) => ({
            ...entry,
            field: entry.field.replace(/^documents/, `documents[${index}]`),
          }))
        : document === null
          ? []
          : [kubeObject(document, `documents[${index}]`)],
    )
  if (isRecord(documents) && typeof documents.kind === 'string') return [kubeObject(documents, 'documents')]
  throw new InvalidInputError([
    {
      field: 'documents',
      message:
        'expected the output of kubectl get nodepools,ec2nodeclasses -o yaml: a List, or a list of objects',
    },
  ])
}

function kubeObject(value: unknown, field: string): KubeObject {
  if (!isRecord(value) || typeof value.kind !== 'string')
    throw new InvalidInputError([{ field, message: 'expected a Kubernetes object with a kind' }])
  return { object: value, field }
}

function kinds(objects: readonly KubeObject[]): string {
  return [...new Set(objects.map(({ object }) => String(object.kind)))].join(', ')
}
