import { describe, expect, it } from 'vitest'
import { maxPods } from '../../../lib/domain/max-pods.ts'
import { LOW_CPU_POD_CAP } from '../../../lib/domain/max-pods-terms.ts'
import type { InstanceTypeRecord } from '../../../lib/schemas/instance-type.ts'
import { bundledCatalog, settings } from '../../builders/catalog.ts'
import {
  HAS_REFERENCE,
  NO_REFERENCE_REASON,
  readEniMaxPods,
  readNodeadmInstanceInfo,
  readReferenceJson,
} from '../../support/reference.ts'

// Golden checks against the tables AWS publishes: every line of each table must be in the bundled
// catalog and agree with it. The only exceptions are listed below, each with its reason.

interface VpcIpLimit {
  ENILimit: number
  IPv4Limit: number
  DefaultNetworkCardIndex: number
  HypervisorType: string
  IsBareMetal: boolean
}
/**
 * The CNI's table writes `unknown` where EC2 reports no hypervisor. One type differs between the two
 * sources: the CNI lists c7g.metal as nitro, the DescribeInstanceTypes export reports none (bare metal),
 * and the importer keeps what EC2 says.
 */
const HYPERVISOR_DIFFERENCES = new Map([['c7g.metal', 'nitro']])

/** Types the catalog holds beyond eni-max-pods.txt, and why. */
const ONLY_IN_CATALOG = new Map([
  [
    'i3.metal',
    'the VPC resource controller’s limits still describe it (15 ENIs, 50 IPv4 each); the VPC CNI’s table no longer lists it',
  ],
])

interface BranchLimit {
  IsTrunkingCompatible: boolean
  BranchInterface: number
}

interface DescribeExport {
  InstanceTypes: { InstanceType: string }[]
}

describe.skipIf(!HAS_REFERENCE)(
  `max pods against the published tables ${HAS_REFERENCE ? '' : NO_REFERENCE_REASON}`,
  async () => {
    const records = await bundledCatalog.list()
    const byType = new Map(records.map((record) => [record.instanceType, record]))
    const table = HAS_REFERENCE ? readEniMaxPods() : new Map<string, number>()
    const tableRecords = (): [InstanceTypeRecord, number][] =>
      [...table].map(([type, pods]) => [byType.get(type) as InstanceTypeRecord, pods])

    it('eni-max-pods.txt: the catalog holds every type of the table, and only the documented others', () => {
      expect(table.size).toBeGreaterThan(1300)
      expect([...table.keys()].filter((type) => !byType.has(type))).toEqual([])
      expect(records.map((record) => record.instanceType).filter((type) => !table.has(type))).toEqual([
        ...ONLY_IN_CATALOG.keys(),
      ])
    })

    it('eni-max-pods.txt: the eni-max-pods profile and the uncapped calculator give every line of the table', () => {
      for (const [record, expected] of tableRecords()) {
        expect(maxPods(record, settings({ profile: 'eni-max-pods' })).maxPods, record.instanceType).toBe(
          expected,
        )
        expect(maxPods(record, settings({ showMaxAllowed: true })).maxPods, record.instanceType).toBe(
          expected,
        )
      }
    })

    it('eni-max-pods.txt: where vCPUs are not known the calculator assumes the 110 ceiling and warns only when it matters', () => {
      const unknown = tableRecords().filter(([record]) => record.vcpus === null)
      expect(unknown.length).toBeGreaterThan(0)
      for (const [record, uncapped] of unknown) {
        const result = maxPods(record, settings())
        expect(result.maxPods, record.instanceType).toBe(Math.min(uncapped, LOW_CPU_POD_CAP))
        expect(result.warnings.length > 0, record.instanceType).toBe(uncapped > LOW_CPU_POD_CAP)
      }
    })

    it('eni-max-pods.txt: karpenter gives the table figure on ENI-limited AMI families, 110 on Windows', () => {
      for (const [record, expected] of tableRecords()) {
        const karpenter = (input: Parameters<typeof settings>[0]) =>
          maxPods(record, settings({ profile: 'karpenter', ...input })).maxPods
        expect(karpenter({ amiFamily: 'AL2023', podsPerCore: 0 }), record.instanceType).toBe(expected)
        // Bottlerocket ignores podsPerCore, so even 1 per core leaves the table figure.
        expect(karpenter({ amiFamily: 'Bottlerocket', podsPerCore: 1 }), record.instanceType).toBe(expected)
        expect(karpenter({ amiFamily: 'Windows2022' }), record.instanceType).toBe(110)
        if (record.vcpus !== null) {
          expect(karpenter({ amiFamily: 'AL2', podsPerCore: 1 }), record.instanceType).toBe(
            Math.min(record.vcpus, expected),
          )
        }
      }
    })

    it('vpc-ip-limits.json: every type is in the catalog; default-card ENIs, IPv4 per ENI, hypervisor and bare metal agree', () => {
      const limits = readReferenceJson<Record<string, VpcIpLimit>>('vpc-ip-limits.json')
      expect(Object.keys(limits).length).toBeGreaterThan(1300)
      for (const [type, limit] of Object.entries(limits)) {
        const record = byType.get(type)
        expect(record, type).toBeDefined()
        if (!record) continue
        expect(
          {
            enis: record.defaultCardMaxEnis,
            ipv4: record.ipv4PerEni,
            card: record.defaultNetworkCardIndex,
            hypervisor: HYPERVISOR_DIFFERENCES.get(type) ?? record.hypervisor ?? 'unknown',
            bareMetal: record.bareMetal,
          },
          type,
        ).toEqual({
          enis: limit.ENILimit,
          ipv4: limit.IPv4Limit,
          card: limit.DefaultNetworkCardIndex,
          hypervisor: limit.HypervisorType,
          bareMetal: limit.IsBareMetal,
        })
      }
    })

    it('nodeadm instance-info.jsonl: every line is in the catalog; the nodeadm profile gives defaultMaxENIs·(IPv4−1)+2', () => {
      const lines = readNodeadmInstanceInfo()
      expect(lines.length).toBeGreaterThan(1300)
      for (const line of lines) {
        const record = byType.get(line.instanceType)
        expect(record, line.instanceType).toBeDefined()
        if (!record) continue
        const expected = line.defaultMaxENIs * (line.ipv4AddressesPerInterface - 1) + 2
        expect(maxPods(record, settings({ profile: 'nodeadm' })).maxPods, line.instanceType).toBe(expected)
      }
    })

    it('branch-eni-limits.json: trunking compatibility and branch ENIs agree', () => {
      const limits = readReferenceJson<Record<string, BranchLimit>>('branch-eni-limits.json')
      const known = records.filter((record) => record.trunking !== null)
      expect(known.length).toBeGreaterThan(1000)
      for (const record of records) {
        const limit = limits[record.instanceType]
        const expected = limit
          ? { compatible: limit.IsTrunkingCompatible, branchEnis: limit.BranchInterface }
          : null
        expect(record.trunking, record.instanceType).toEqual(expected)
      }
    })

    it('every record says where its facts came from: EC2 first, then the VPC CNI’s table, then the resource controller’s', () => {
      const described = new Set(
        readReferenceJson<DescribeExport>('describe-instance-types.json').InstanceTypes.map(
          (type) => type.InstanceType,
        ),
      )
      const cniLimits = readReferenceJson<Record<string, unknown>>('vpc-ip-limits.json')
      const branch = readReferenceJson<Record<string, unknown>>('branch-eni-limits.json')
      for (const record of records) {
        const type = record.instanceType
        expect(record.sources, type).toEqual({
          limits: described.has(type)
            ? 'describe-instance-types'
            : type in cniLimits
              ? 'vpc-cni-limits'
              : 'vpc-resource-controller-limits',
          details: described.has(type) ? 'describe-instance-types' : null,
          trunking: type in branch ? 'vpc-resource-controller-limits' : null,
        })
        // Facts only DescribeInstanceTypes reports are unknown, never guessed, without it.
        if (!described.has(type)) {
          expect(
            [record.vcpus, record.memoryMiB, record.currentGeneration, record.ipv6Supported],
            type,
          ).toEqual([null, null, null, null])
        }
      }
    })
  },
)
