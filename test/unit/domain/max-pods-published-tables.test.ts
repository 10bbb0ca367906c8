import { describe, expect, it } from 'vitest'
import { maxPods } from '../../../lib/domain/max-pods.ts'
import { bundledCatalog, settings } from '../../builders/catalog.ts'
import {
  HAS_REFERENCE,
  NO_REFERENCE_REASON,
  readEniMaxPods,
  readNodeadmInstanceInfo,
  readReferenceJson,
} from '../../support/reference.ts'

// Golden checks against the tables AWS publishes, for every type the bundled catalog holds.
// A type missing from a table is not checked against it; the counts guard against checking nothing.

interface VpcIpLimit {
  ENILimit: number
  IPv4Limit: number
  DefaultNetworkCardIndex: number
  HypervisorType: string
  IsBareMetal: boolean
}
/**
 * The CNI's table writes `unknown` where EC2 reports no hypervisor. One type differs between the two
 * sources: the CNI lists c7g.metal as nitro, the DescribeInstanceTypes export reports none (bare metal).
 */
const HYPERVISOR_DIFFERENCES = new Map([['c7g.metal', 'nitro']])

interface BranchLimit {
  IsTrunkingCompatible: boolean
  BranchInterface: number
}

describe.skipIf(!HAS_REFERENCE)(
  `max pods against the published tables ${HAS_REFERENCE ? '' : NO_REFERENCE_REASON}`,
  async () => {
    const records = await bundledCatalog.list()

    it('eni-max-pods.txt: the eni-max-pods profile and the uncapped calculator give every line of the table', () => {
      const table = readEniMaxPods()
      const checked = records.filter((record) => table.has(record.instanceType))
      expect(checked.length).toBeGreaterThan(1300)
      for (const record of checked) {
        const expected = table.get(record.instanceType)
        expect(maxPods(record, settings({ profile: 'eni-max-pods' })).maxPods, record.instanceType).toBe(
          expected,
        )
        expect(maxPods(record, settings({ showMaxAllowed: true })).maxPods, record.instanceType).toBe(
          expected,
        )
      }
    })

    it('vpc-ip-limits.json: the default-card ENIs, IPv4 per ENI, hypervisor and bare metal agree', () => {
      const limits = readReferenceJson<Record<string, VpcIpLimit>>('vpc-ip-limits.json')
      const checked = records.filter((record) => limits[record.instanceType])
      expect(checked.length).toBeGreaterThan(1300)
      for (const record of checked) {
        const limit = limits[record.instanceType] as VpcIpLimit
        expect(
          {
            enis: record.defaultCardMaxEnis,
            ipv4: record.ipv4PerEni,
            card: record.defaultNetworkCardIndex,
            hypervisor: HYPERVISOR_DIFFERENCES.get(record.instanceType) ?? record.hypervisor ?? 'unknown',
            bareMetal: record.bareMetal,
          },
          record.instanceType,
        ).toEqual({
          enis: limit.ENILimit,
          ipv4: limit.IPv4Limit,
          card: limit.DefaultNetworkCardIndex,
          hypervisor: limit.HypervisorType,
          bareMetal: limit.IsBareMetal,
        })
      }
    })

    it('nodeadm instance-info.jsonl: the nodeadm profile gives defaultMaxENIs·(IPv4−1)+2', () => {
      const byType = new Map(records.map((record) => [record.instanceType, record]))
      const lines = readNodeadmInstanceInfo().filter((line) => byType.has(line.instanceType))
      expect(lines.length).toBeGreaterThan(1300)
      for (const line of lines) {
        const record = byType.get(line.instanceType)
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
  },
)
