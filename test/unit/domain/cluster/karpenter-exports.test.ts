import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { readKarpenterExports } from '../../../../lib/domain/cluster/karpenter-exports.ts'
import { parseQuantity } from '../../../../lib/domain/cluster/kubernetes-quantity.ts'
import { InvalidInputError } from '../../../../lib/errors.ts'
import type { InstanceTypeRecord } from '../../../../lib/schemas/instance-type.ts'
import { bundledCatalog } from '../../../builders/catalog.ts'
import { seededRandom, subnet } from '../../../builders/subnets.ts'

let catalog: readonly InstanceTypeRecord[]
beforeAll(async () => {
  catalog = await bundledCatalog.list()
})

const SUBNETS = [
  subnet({
    subnetId: 'subnet-a1',
    availabilityZone: 'eu-west-1a',
    tags: { 'karpenter.sh/discovery': 'prod', Name: 'private-a' },
  }),
  subnet({
    subnetId: 'subnet-b1',
    availabilityZone: 'eu-west-1b',
    tags: { 'karpenter.sh/discovery': 'prod', Name: 'private-b' },
  }),
  subnet({
    subnetId: 'subnet-c1',
    availabilityZone: 'eu-west-1c',
    tags: { 'karpenter.sh/discovery': 'staging', Name: 'private-c' },
  }),
  subnet({ subnetId: 'subnet-p1', availabilityZone: 'eu-west-1a', tags: { Name: 'public-a' } }),
]

// The shape of `kubectl get nodepools,ec2nodeclasses -o yaml` for a cluster set up as Karpenter's
// getting-started guide does, with a second pool for batch work and one pointing at a missing class.
const EXPORT = `
apiVersion: v1
kind: List
metadata:
  resourceVersion: ""
items:
- apiVersion: karpenter.sh/v1
  kind: NodePool
  metadata:
    name: default
  spec:
    disruption:
      consolidationPolicy: WhenEmptyOrUnderutilized
      consolidateAfter: 1m
    limits:
      cpu: "1000"
      memory: 1000Gi
    template:
      spec:
        expireAfter: 720h
        nodeClassRef:
          group: karpenter.k8s.aws
          kind: EC2NodeClass
          name: default
        requirements:
        - key: kubernetes.io/arch
          operator: In
          values: ["amd64"]
        - key: kubernetes.io/os
          operator: In
          values: ["linux"]
        - key: karpenter.sh/capacity-type
          operator: In
          values: ["on-demand", "spot"]
        - key: karpenter.k8s.aws/instance-category
          operator: In
          values: ["c", "m", "r"]
        - key: karpenter.k8s.aws/instance-generation
          operator: Gt
          values: ["4"]
        - key: karpenter.k8s.aws/instance-cpu
          operator: In
          values: ["4", "8", "16"]
          minValues: 2
- apiVersion: karpenter.sh/v1
  kind: NodePool
  metadata:
    name: batch
  spec:
    limits:
      nodes: "20"
      cpu: 2500m
    template:
      spec:
        nodeClassRef:
          group: karpenter.k8s.aws
          kind: EC2NodeClass
          name: batch
        requirements:
        - key: node.kubernetes.io/instance-type
          operator: In
          values: ["m5.large", "m5.xlarge", "m6g.large", "t3.nano-not-a-type"]
        - key: topology.kubernetes.io/zone
          operator: NotIn
          values: ["eu-west-1a"]
- apiVersion: karpenter.sh/v1
  kind: NodePool
  metadata:
    name: gpu
  spec:
    template:
      spec:
        nodeClassRef:
          group: karpenter.k8s.aws
          kind: EC2NodeClass
          name: gpu
        requirements:
        - key: karpenter.k8s.aws/instance-gpu-manufacturer
          operator: In
          values: ["nvidia"]
        - key: karpenter.k8s.aws/instance-family
          operator: In
          values: ["g5", "p4d"]
- apiVersion: karpenter.k8s.aws/v1
  kind: EC2NodeClass
  metadata:
    name: default
  spec:
    role: KarpenterNodeRole-prod
    amiSelectorTerms:
    - alias: al2023@latest
    kubelet:
      maxPods: 110
      podsPerCore: 10
    subnetSelectorTerms:
    - tags:
        karpenter.sh/discovery: prod
    securityGroupSelectorTerms:
    - tags:
        karpenter.sh/discovery: prod
- apiVersion: karpenter.k8s.aws/v1
  kind: EC2NodeClass
  metadata:
    name: batch
  spec:
    amiFamily: Custom
    amiSelectorTerms:
    - alias: al2023@v20240625
    subnetSelectorTerms:
    - tags:
        Name: private-*
    securityGroupSelectorTerms:
    - id: sg-0123
`

const read = (documents: unknown) => readKarpenterExports(documents, catalog, SUBNETS)
const pool = (documents: unknown, name: string) => {
  const found = read(documents).pools.find((candidate) => candidate.name === name)
  if (!found) throw new Error(`no pool ${name}`)
  return found
}

// An independent reading of the labels Karpenter puts on a type, for the checks below.
function labelOf(record: InstanceTypeRecord, key: string): string | undefined {
  const [family = '', size = ''] = record.instanceType.split('.')
  const named = /^([a-z]+)(\d+)/.exec(family.replace(/-\d+tb/, ''))
  switch (key) {
    case 'node.kubernetes.io/instance-type':
      return record.instanceType
    case 'karpenter.k8s.aws/instance-family':
      return family
    case 'karpenter.k8s.aws/instance-size':
      return size
    case 'karpenter.k8s.aws/instance-category':
      return named?.[1]
    case 'karpenter.k8s.aws/instance-generation':
      return named?.[2]
    case 'karpenter.k8s.aws/instance-cpu':
      return record.vcpus?.toString()
    case 'karpenter.k8s.aws/instance-memory':
      return record.memoryMiB?.toString()
    case 'karpenter.k8s.aws/instance-hypervisor':
      return record.hypervisor ?? ''
    case 'kubernetes.io/arch':
      return record.architectures.includes('x86_64')
        ? 'amd64'
        : record.architectures.includes('arm64')
          ? 'arm64'
          : undefined
    default:
      throw new Error(`no label ${key}`)
  }
}

interface TestRequirement {
  key: string
  operator: string
  values?: string[]
}

function meets(record: InstanceTypeRecord, requirement: TestRequirement): boolean {
  const value = labelOf(record, requirement.key)
  const values = requirement.values ?? []
  const bound = Number(values[0])
  const number = value !== undefined && /^\d+$/.test(value) ? Number(value) : Number.NaN
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value)
    case 'NotIn':
      return value === undefined || !values.includes(value)
    case 'Exists':
      return value !== undefined
    case 'DoesNotExist':
      return value === undefined
    case 'Gt':
      return number > bound
    case 'Lt':
      return number < bound
    case 'Gte':
      return number >= bound
    case 'Lte':
      return number <= bound
    default:
      throw new Error(requirement.operator)
  }
}

const launchable = (record: InstanceTypeRecord) =>
  record.vcpus !== null && labelOf(record, 'kubernetes.io/arch') !== undefined

function nodePoolWith(requirements: TestRequirement[], extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'probe' },
    spec: {
      template: {
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'probe' },
          requirements,
        },
      },
      ...extra,
    },
  }
}

function nodeClassWith(spec: Record<string, unknown>) {
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: 'probe' },
    spec: { subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'prod' } }], ...spec },
  }
}

describe('readKarpenterExports on a cluster’s export', () => {
  it('resolves the default pool’s requirements against the catalog', () => {
    // Prepare
    const documents = parse(EXPORT)
    const decidable = documents.items[0].spec.template.spec.requirements.filter(
      (requirement: TestRequirement) =>
        !['kubernetes.io/os', 'karpenter.sh/capacity-type'].includes(requirement.key),
    )

    // Act
    const result = pool(documents, 'default')

    // Assess
    const expected = catalog.filter(
      (record) => launchable(record) && decidable.every((r: TestRequirement) => meets(record, r)),
    )
    expect(result.instanceTypes).toEqual(expected.map((record) => record.instanceType).sort())
    expect(result.instanceTypes).toContain('m5.xlarge')
    expect(result.instanceTypes).not.toContain('m4.xlarge')
    expect(result.instanceTypes).not.toContain('m6g.xlarge')
    expect(result.limits).toEqual({ cpu: 1000, memoryMiB: 1000 * 1024, nodes: null })
    expect(result.settings).toEqual({ amiFamily: 'AL2023', kubeletMaxPods: 110, podsPerCore: 10 })
    expect(result.subnetIds).toEqual(['subnet-a1', 'subnet-b1'])
    expect(result.nodeClass).toBe('default')
    expect(result.sources).toContain(
      `instance types: ${expected.length} catalog types meeting 4 requirements of NodePool default`,
    )
    expect(result.notes.join('\n')).toMatch(
      /karpenter.sh\/capacity-type ignored: capacity type decides price, not addresses/,
    )
    expect(result.notes.join('\n')).toMatch(/requirement on kubernetes.io\/os ignored/)
  })

  it('reads a nodes limit, milli-CPUs, an explicit amiFamily over the alias, and zones that narrow the subnets', () => {
    // Act
    const result = pool(parse(EXPORT), 'batch')

    // Assess
    expect(result.instanceTypes).toEqual(['m5.large', 'm5.xlarge', 'm6g.large'])
    expect(result.limits).toEqual({ cpu: 2.5, memoryMiB: null, nodes: 20 })
    expect(result.settings).toEqual({ amiFamily: 'Custom' })
    // private-* selects a1, b1 and c1; the NodePool keeps nodes out of eu-west-1a.
    expect(result.subnetIds).toEqual(['subnet-b1', 'subnet-c1'])
  })

  it('says so when a pool’s class is not in the export, and reads nothing from it', () => {
    // Act
    const result = pool(parse(EXPORT), 'gpu')

    // Assess
    expect(result.nodeClass).toBe('gpu')
    expect(result.settings).toEqual({})
    expect(result.subnetIds).toEqual([])
    expect(result.limits).toEqual({ cpu: null, memoryMiB: null, nodes: null })
    const notes = result.notes.join('\n')
    expect(notes).toMatch(/EC2NodeClass gpu is not in the export/)
    expect(notes).toMatch(/no limits/)
    expect(notes).toMatch(/instance-gpu-manufacturer ignored: the catalog cannot decide it/)
    expect(result.instanceTypes.every((type) => /^(g5|p4d)\./.test(type))).toBe(true)
  })

  it.each([
    ['a List', (items: unknown[]) => ({ apiVersion: 'v1', kind: 'List', items })],
    ['an array of objects (a multi-document parse)', (items: unknown[]) => items],
    ['an array holding a List', (items: unknown[]) => [{ kind: 'List', items }]],
  ])('accepts %s', (_shape, wrap) => {
    // Prepare
    const items = parse(EXPORT).items

    // Act
    const result = read(wrap(items))

    // Assess
    expect(result.pools.map((candidate) => candidate.name)).toEqual(['default', 'batch', 'gpu'])
  })
})

describe('readKarpenterExports requirements', () => {
  it('allows every launchable type when a pool has no requirements (Karpenter v1 adds none)', () => {
    // Act
    const result = pool([nodePoolWith([]), nodeClassWith({})], 'probe')

    // Assess
    expect(result.instanceTypes).toEqual(
      catalog
        .filter(launchable)
        .map((record) => record.instanceType)
        .sort(),
    )
    expect(result.notes.join('\n')).toMatch(/no requirements/)
  })

  it('reads deprecated label keys as their stable names', () => {
    const result = pool(
      [nodePoolWith([{ key: 'beta.kubernetes.io/instance-type', operator: 'In', values: ['c5.large'] }])],
      'probe',
    )
    expect(result.instanceTypes).toEqual(['c5.large'])
  })

  it('gives bare-metal types an empty hypervisor, as EC2 reports none', () => {
    const result = pool(
      [nodePoolWith([{ key: 'karpenter.k8s.aws/instance-hypervisor', operator: 'In', values: ['nitro'] }])],
      'probe',
    )
    expect(result.instanceTypes).not.toContain('m5.metal')
    expect(result.instanceTypes).toContain('m5.large')
  })

  it('meets every requirement with exactly the types an independent filter finds (seeded random requirements)', () => {
    // Prepare
    const random = seededRandom(15)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
    const offered = catalog.filter(launchable)
    const keys = [
      'karpenter.k8s.aws/instance-category',
      'karpenter.k8s.aws/instance-family',
      'karpenter.k8s.aws/instance-generation',
      'karpenter.k8s.aws/instance-cpu',
      'karpenter.k8s.aws/instance-memory',
      'karpenter.k8s.aws/instance-size',
      'karpenter.k8s.aws/instance-hypervisor',
      'kubernetes.io/arch',
    ]
    for (let round = 0; round < 40; round++) {
      const requirements: TestRequirement[] = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const key = pick(keys)
        const operator = pick(['In', 'NotIn', 'Gt', 'Lt', 'Gte', 'Lte', 'Exists', 'DoesNotExist'])
        const sample = () => labelOf(pick(offered), key) ?? '1'
        if (['Gt', 'Lt', 'Gte', 'Lte'].includes(operator))
          return { key, operator, values: [String(Math.floor(random() * 64))] }
        if (operator === 'Exists' || operator === 'DoesNotExist') return { key, operator }
        return { key, operator, values: [sample(), sample(), sample()] }
      })

      // Act
      const result = pool([nodePoolWith(requirements)], 'probe')

      // Assess
      const expected = offered.filter((record) =>
        requirements.every((requirement) => meets(record, requirement)),
      )
      expect(result.instanceTypes, JSON.stringify(requirements)).toEqual(
        expected.map((record) => record.instanceType).sort(),
      )
    }
  })
})

describe('readKarpenterExports EC2NodeClass', () => {
  it.each([
    ['al2023@latest', undefined, 'AL2023'],
    ['bottlerocket@v1.20.3', undefined, 'Bottlerocket'],
    ['al2@v20240807', undefined, 'AL2'],
    ['windows2022@latest', undefined, 'Windows2022'],
    ['al2023@latest', 'Custom', 'Custom'],
    [undefined, 'Bottlerocket', 'Bottlerocket'],
    [undefined, 'Ubuntu', undefined],
  ])('alias %s with amiFamily %s reads as %s (an explicit amiFamily wins)', (alias, amiFamily, expected) => {
    // Prepare
    const spec = {
      ...(alias ? { amiSelectorTerms: [{ alias }] } : { amiSelectorTerms: [{ id: 'ami-0123' }] }),
      ...(amiFamily ? { amiFamily } : {}),
    }

    // Act
    const result = pool([nodePoolWith([]), nodeClassWith(spec)], 'probe')

    // Assess
    expect(result.settings.amiFamily).toBe(expected)
  })

  it.each([
    [
      [{ tags: { 'karpenter.sh/discovery': '*' } }],
      ['subnet-a1', 'subnet-b1', 'subnet-c1'],
      '* selects any value of the key',
    ],
    [
      [{ id: 'subnet-p1' }, { tags: { 'karpenter.sh/discovery': 'staging' } }],
      ['subnet-c1', 'subnet-p1'],
      'terms are ORed',
    ],
    [
      [{ tags: { 'karpenter.sh/discovery': 'prod', Name: 'private-b' } }],
      ['subnet-b1'],
      'tags in a term are ANDed',
    ],
    [[{ tags: { Name: 'p*-a' } }], ['subnet-a1', 'subnet-p1'], 'a wildcard inside a value'],
    [[{ tags: { Name: 'Private-A' } }], [], 'tag values are case-sensitive'],
  ])('subnetSelectorTerms %j select %j (%s)', (terms: unknown[], expected: string[], _reason: string) => {
    const result = pool([nodePoolWith([]), nodeClassWith({ subnetSelectorTerms: terms })], 'probe')
    expect(result.subnetIds).toEqual(expected)
  })

  it('notes a maxPods expression rather than guessing it', () => {
    const result = pool([nodePoolWith([]), nodeClassWith({ kubelet: { maxPods: 'max_pods - 2' } })], 'probe')
    expect(result.settings.kubeletMaxPods).toBeUndefined()
    expect(result.notes.join('\n')).toMatch(/expression/)
  })
})

describe('readKarpenterExports refuses what is not an export', () => {
  it.each([
    ['a string', 'nodepools', 'documents'],
    ['an object without kind', { items: [] }, 'documents'],
    [
      'an unknown operator',
      [nodePoolWith([{ key: 'kubernetes.io/arch', operator: 'Matches', values: ['amd64'] }])],
      'documents[0].spec.template.spec.requirements[0].operator',
    ],
    [
      'Gt with a word',
      [nodePoolWith([{ key: 'karpenter.k8s.aws/instance-cpu', operator: 'Gt', values: ['four'] }])],
      'documents[0].spec.template.spec.requirements[0].values',
    ],
    [
      'In without values',
      [nodePoolWith([{ key: 'kubernetes.io/arch', operator: 'In', values: [] }])],
      'documents[0].spec.template.spec.requirements[0].values',
    ],
    [
      'a limit that is not a quantity',
      [nodePoolWith([], { limits: { cpu: 'lots' } })],
      'documents[0].spec.limits.cpu',
    ],
    [
      'a NodePool without a name',
      [{ kind: 'NodePool', metadata: {}, spec: {} }],
      'documents[0].metadata.name',
    ],
    [
      'a class without subnet terms',
      [nodePoolWith([]), nodeClassWith({ subnetSelectorTerms: [] })],
      'documents[1].spec.subnetSelectorTerms',
    ],
    ['a list item that is not an object', { kind: 'List', items: [42] }, 'documents.items[0]'],
  ])('%s names %s', (_case, documents, field) => {
    // Act
    let caught: unknown
    try {
      read(documents)
    } catch (error) {
      caught = error
    }

    // Assess
    expect(caught).toBeInstanceOf(InvalidInputError)
    expect((caught as InvalidInputError).issues.map((issue) => issue.field)).toEqual([field])
  })
})

describe('parseQuantity', () => {
  it.each([
    ['1000', 1000],
    ['1000m', 1],
    ['2500m', 2.5],
    ['1Gi', 2 ** 30],
    ['1000Gi', 1000 * 2 ** 30],
    ['1G', 1e9],
    ['1e3', 1000],
    ['1E', 1e18],
    ['0.5', 0.5],
    [20, 20],
    ['-1', null],
    ['1 Gi', null],
    ['1gb', null],
    [null, null],
  ] as const)('%j is %s', (value, expected) => {
    expect(parseQuantity(value)).toBe(expected)
  })
})
