import { InvalidInputError } from '../../errors.ts'
import type { InstanceTypeRecord } from '../../schemas/instance-type.ts'
import { isRecord } from './kube-objects.ts'

// NodePool requirements as Karpenter v1 evaluates them against an instance type's labels
// (sigs.k8s.io/karpenter pkg/scheduling/requirement.go; the AWS provider's instancetype/types.go labels).

export const REQUIREMENT_OPERATORS = [
  'In',
  'NotIn',
  'Exists',
  'DoesNotExist',
  'Gt',
  'Lt',
  'Gte',
  'Lte',
] as const
export type RequirementOperator = (typeof REQUIREMENT_OPERATORS)[number]
const BOUND_OPERATORS = new Set<RequirementOperator>(['Gt', 'Lt', 'Gte', 'Lte'])

export interface Requirement {
  key: string
  operator: RequirementOperator
  values: string[]
}

// Karpenter rewrites deprecated label keys to their stable names before it compares anything.
const NORMALIZED_KEYS: Record<string, string> = {
  'beta.kubernetes.io/arch': 'kubernetes.io/arch',
  'beta.kubernetes.io/os': 'kubernetes.io/os',
  'beta.kubernetes.io/instance-type': 'node.kubernetes.io/instance-type',
  'failure-domain.beta.kubernetes.io/zone': 'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region': 'topology.kubernetes.io/region',
}

export const ZONE_LABEL = 'topology.kubernetes.io/zone'
export const CAPACITY_TYPE_LABEL = 'karpenter.sh/capacity-type'

// The AWS provider's category and generation come from this pattern on the type's name (m5d.large: m, 5;
// u-6tb1.metal: u, 1); a name it does not match has neither label.
const CATEGORY_AND_GENERATION = /(^[a-z]+)(-[0-9]+tb)?([0-9]+).*\./

// Karpenter labels a type with the first of its EC2 architectures it knows.
const KUBE_ARCHITECTURES: Record<string, string> = { x86_64: 'amd64', arm64: 'arm64' }

/** A label's value on a type, `undefined` when the type has no such label; only labels the catalog decides. */
export const CATALOG_LABELS: Record<string, (record: InstanceTypeRecord) => string | undefined> = {
  'node.kubernetes.io/instance-type': (record) => record.instanceType,
  'karpenter.k8s.aws/instance-family': (record) => nameParts(record)?.[0],
  'karpenter.k8s.aws/instance-size': (record) => nameParts(record)?.[1],
  'karpenter.k8s.aws/instance-category': (record) => CATEGORY_AND_GENERATION.exec(record.instanceType)?.[1],
  'karpenter.k8s.aws/instance-generation': (record) => CATEGORY_AND_GENERATION.exec(record.instanceType)?.[3],
  'karpenter.k8s.aws/instance-cpu': (record) => (record.vcpus === null ? undefined : String(record.vcpus)),
  'karpenter.k8s.aws/instance-memory': (record) =>
    record.memoryMiB === null ? undefined : String(record.memoryMiB),
  // EC2 reports no hypervisor for bare metal: Karpenter's label is then the empty string.
  'karpenter.k8s.aws/instance-hypervisor': (record) => record.hypervisor ?? '',
  'kubernetes.io/arch': (record) => kubeArchitecture(record),
}

export function kubeArchitecture(record: InstanceTypeRecord): string | undefined {
  for (const architecture of record.architectures) {
    const kube = KUBE_ARCHITECTURES[architecture]
    if (kube) return kube
  }
  return undefined
}

function nameParts(record: InstanceTypeRecord): [string, string] | undefined {
  const parts = record.instanceType.split('.')
  return parts.length === 2 ? [parts[0] as string, parts[1] as string] : undefined
}

/** One requirement against one label value (undefined: the label is absent), as Karpenter's Has does. */
export function allows(requirement: Requirement, value: string | undefined): boolean {
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && requirement.values.includes(value)
    case 'NotIn':
      return value === undefined || !requirement.values.includes(value)
    case 'Exists':
      return value !== undefined
    case 'DoesNotExist':
      return value === undefined
    default:
      return value !== undefined && withinBound(requirement, value)
  }
}

// Bounds compare integers only: a value that is not one is outside every bound.
function withinBound(requirement: Requirement, value: string): boolean {
  if (!/^[+-]?\d+$/.test(value)) return false
  const actual = Number(value)
  const bound = Number(requirement.values[0])
  if (requirement.operator === 'Gt') return actual > bound
  if (requirement.operator === 'Lt') return actual < bound
  if (requirement.operator === 'Gte') return actual >= bound
  return actual <= bound
}

/** spec.template.spec.requirements, checked as the NodePool CRD checks them; `field` names the list. */
export function parseRequirements(input: unknown, field: string): Requirement[] {
  if (input === undefined) return []
  if (!Array.isArray(input))
    throw new InvalidInputError([{ field, message: 'expected a list of requirements' }])
  return input.map((item, index) => parseRequirement(item, `${field}[${index}]`))
}

function parseRequirement(item: unknown, field: string): Requirement {
  if (!isRecord(item) || typeof item.key !== 'string' || item.key === '')
    throw new InvalidInputError([{ field, message: 'expected a requirement with a key and an operator' }])
  const operator = item.operator
  if (typeof operator !== 'string' || !(REQUIREMENT_OPERATORS as readonly string[]).includes(operator))
    throw new InvalidInputError([
      {
        field: `${field}.operator`,
        message: `unknown operator ${JSON.stringify(operator)}; expected one of ${REQUIREMENT_OPERATORS.join(', ')}`,
      },
    ])
  const rawValues = item.values ?? []
  if (
    !Array.isArray(rawValues) ||
    !rawValues.every((value) => ['string', 'number', 'boolean'].includes(typeof value))
  )
    throw new InvalidInputError([{ field: `${field}.values`, message: 'expected a list of strings' }])
  const values = rawValues.map(String)
  const typed = operator as RequirementOperator
  if (typed === 'In' && values.length === 0)
    throw new InvalidInputError([
      { field: `${field}.values`, message: "requirements with operator 'In' need a value" },
    ])
  if (BOUND_OPERATORS.has(typed) && (values.length !== 1 || !/^\d+$/.test(values[0] as string)))
    throw new InvalidInputError([
      { field: `${field}.values`, message: `operator '${typed}' needs a single non-negative integer value` },
    ])
  return { key: NORMALIZED_KEYS[item.key] ?? item.key, operator: typed, values }
}
