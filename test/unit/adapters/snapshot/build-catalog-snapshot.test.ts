import { describe, expect, it } from 'vitest'
import {
  buildCatalogSnapshot,
  parseExportPages,
  serializeCatalogSnapshot,
} from '../../../../lib/adapters/snapshot/build-catalog-snapshot.ts'
import { parseBranchLimits, parseVpcIpLimits } from '../../../../lib/adapters/snapshot/limits-tables.ts'
import { CatalogImportError } from '../../../../lib/errors.ts'
import { CatalogSnapshot } from '../../../../lib/schemas/instance-type.ts'
import { bundledCatalog, describedRecords, toEc2InstanceType } from '../../../builders/catalog.ts'

const SOURCE = {
  instanceTypes: 'test export',
  vpcLimits: null,
  branchLimits: null,
  capturedOn: '2026-08-22',
}

async function ec2Types(count: number) {
  return (await describedRecords()).slice(0, count).map(toEc2InstanceType)
}

/** One line of the VPC CNI's vpc_ip_resource_limit.go, as vpc-ip-limits.json holds it. */
function cniLimit(enis: number, ipv4: number, hypervisor: string, bareMetal = false, cards = [enis]) {
  return {
    ENILimit: enis,
    IPv4Limit: ipv4,
    DefaultNetworkCardIndex: 0,
    HypervisorType: hypervisor,
    IsBareMetal: bareMetal,
    NetworkCards: cards.map((max, index) => ({ MaximumNetworkInterfaces: max, NetworkCardIndex: index })),
  }
}

function paged<T>(items: T[], size: number) {
  const pages = []
  for (let start = 0; start < items.length; start += size) {
    const next = start + size < items.length ? { NextToken: `token-${start + size}` } : {}
    pages.push({ InstanceTypes: items.slice(start, start + size), ...next })
  }
  return pages
}

describe('buildCatalogSnapshot', () => {
  it('gives the same snapshot from many pages, in any order, as from one', async () => {
    // Prepare
    const types = await ec2Types(250)
    const onePage = parseExportPages('one.json', { InstanceTypes: types })
    const manyPages = parseExportPages('many.json', paged([...types].reverse(), 100))
    // Act
    const fromOne = serializeCatalogSnapshot(buildCatalogSnapshot(onePage, null, SOURCE))
    const fromMany = serializeCatalogSnapshot(buildCatalogSnapshot(manyPages, null, SOURCE))
    // Assess
    expect(manyPages).toHaveLength(3)
    expect(fromMany).toBe(fromOne)
  })

  it('round-trips the catalog’s DescribeInstanceTypes records: records → EC2 shape → records', async () => {
    const records = await describedRecords()
    const snapshot = buildCatalogSnapshot(
      parseExportPages('all.json', { InstanceTypes: records.map(toEc2InstanceType) }),
      null,
      SOURCE,
    )
    expect(snapshot.instanceTypes).toEqual(
      records.map((record) => ({
        ...record,
        trunking: null,
        sources: { ...record.sources, trunking: null },
      })),
    )
  })

  it('produces text that parses back into a valid snapshot', async () => {
    const snapshot = buildCatalogSnapshot(
      parseExportPages('x.json', { InstanceTypes: await ec2Types(5) }),
      null,
      SOURCE,
    )
    expect(CatalogSnapshot.parse(JSON.parse(serializeCatalogSnapshot(snapshot)))).toEqual(snapshot)
  })

  it('attaches trunking facts from a branch limits file', async () => {
    const [m5large] = (await bundledCatalog.list()).filter((record) => record.instanceType === 'm5.large')
    const branch = parseBranchLimits('limits.json', {
      'm5.large': { IsTrunkingCompatible: true, BranchInterface: 9 },
    })
    const snapshot = buildCatalogSnapshot(
      parseExportPages('x.json', { InstanceTypes: [toEc2InstanceType(m5large as never)] }),
      branch,
      SOURCE,
    )
    expect(snapshot.instanceTypes[0]?.trunking).toEqual({ compatible: true, branchEnis: 9 })
    expect(snapshot.instanceTypes[0]?.sources).toEqual({
      limits: 'describe-instance-types',
      details: 'describe-instance-types',
      trunking: 'vpc-resource-controller-limits',
    })
  })

  it('takes the default card by its index, not its position', async () => {
    const [type] = await ec2Types(1)
    const shuffled = {
      ...type,
      NetworkInfo: {
        ...type?.NetworkInfo,
        MaximumNetworkInterfaces: 6,
        DefaultNetworkCardIndex: 1,
        NetworkCards: [
          { NetworkCardIndex: 1, MaximumNetworkInterfaces: 2 },
          { NetworkCardIndex: 0, MaximumNetworkInterfaces: 4 },
        ],
      },
    }
    const [record] = buildCatalogSnapshot(
      parseExportPages('x.json', { InstanceTypes: [shuffled] }),
      null,
      SOURCE,
    ).instanceTypes
    expect(record?.defaultCardMaxEnis).toBe(2)
    expect(record?.networkCards).toEqual([
      { index: 0, maxEnis: 4 },
      { index: 1, maxEnis: 2 },
    ])
  })
})

describe('buildCatalogSnapshot with the VPC CNI’s per-type limits', async () => {
  const described = async () => parseExportPages('x.json', { InstanceTypes: await ec2Types(1) })
  const [first] = (await describedRecords()).slice(0, 1)
  const limits = parseVpcIpLimits('limits.json', {
    'p3.2xlarge': cniLimit(4, 15, 'xen'),
    'c5a.metal': cniLimit(15, 50, 'unknown', true),
    'dl1.24xlarge': cniLimit(15, 50, 'nitro', false, [15, 15, 15, 15]),
    // A type EC2 also describes, with a different answer: EC2 wins.
    [first?.instanceType ?? '']: cniLimit(1, 2, 'xen'),
  })
  const snapshotWith = async (branch: Parameters<typeof buildCatalogSnapshot>[1] = null) =>
    buildCatalogSnapshot(await described(), branch, { ...SOURCE, vpcLimits: 'cni table' }, limits)
  const recordOf = async (type: string) =>
    (await snapshotWith()).instanceTypes.find((record) => record.instanceType === type)

  it.each([
    [
      'a Xen type',
      'p3.2xlarge',
      { defaultCardMaxEnis: 4, ipv4PerEni: 15, hypervisor: 'xen', bareMetal: false },
    ],
    [
      'bare metal, whose “unknown” hypervisor is EC2’s none',
      'c5a.metal',
      { defaultCardMaxEnis: 15, ipv4PerEni: 50, hypervisor: null, bareMetal: true },
    ],
    [
      'several cards: the default card holds the pod ENIs, the total is their sum',
      'dl1.24xlarge',
      { defaultCardMaxEnis: 15, maxEnisAllCards: 60, hypervisor: 'nitro' },
    ],
  ])('adds %s known only from the table, with its limits and nothing invented', async (_why, type, facts) => {
    const record = await recordOf(type)
    expect(record).toMatchObject({
      ...facts,
      family: type.split('.')[0],
      vcpus: null,
      memoryMiB: null,
      currentGeneration: null,
      architectures: [],
      ipv6PerEni: null,
      ipv6Supported: null,
      sources: { limits: 'vpc-cni-limits', details: null, trunking: null },
    })
  })

  it('keeps what DescribeInstanceTypes says where both describe a type', async () => {
    expect(await recordOf(first?.instanceType ?? '')).toEqual(
      first && { ...first, trunking: null, sources: { ...first.sources, trunking: null } },
    )
  })

  it('attaches trunking facts to a type known only from the table', async () => {
    const branch = parseBranchLimits('b.json', {
      'p3.2xlarge': { IsTrunkingCompatible: false, BranchInterface: 0 },
    })
    const record = (await snapshotWith(branch)).instanceTypes.find((r) => r.instanceType === 'p3.2xlarge')
    expect(record?.trunking).toEqual({ compatible: false, branchEnis: 0 })
    expect(record?.sources.trunking).toBe('vpc-resource-controller-limits')
  })

  it('adds a type only the resource controller’s limits describe, when they carry its ENI limits', async () => {
    const branch = parseBranchLimits('b.json', {
      'i3.metal': {
        IsTrunkingCompatible: true,
        BranchInterface: 120,
        Interface: 15,
        IPv4PerInterface: 50,
        DefaultNetworkCardIndex: 0,
        NetworkCards: [{ MaximumNetworkInterfaces: 15, NetworkCardIndex: 0 }],
        Hypervisor: '',
        IsBareMetal: true,
      },
      // Trunking facts alone describe no ENI limits: no record.
      'x1.large': { IsTrunkingCompatible: false, BranchInterface: 0 },
    })
    const snapshot = await snapshotWith(branch)
    expect(snapshot.instanceTypes.find((r) => r.instanceType === 'i3.metal')).toMatchObject({
      defaultCardMaxEnis: 15,
      ipv4PerEni: 50,
      hypervisor: null,
      bareMetal: true,
      vcpus: null,
      trunking: { compatible: true, branchEnis: 120 },
      sources: {
        limits: 'vpc-resource-controller-limits',
        details: null,
        trunking: 'vpc-resource-controller-limits',
      },
    })
    expect(snapshot.instanceTypes.some((r) => r.instanceType === 'x1.large')).toBe(false)
  })

  it('refuses a limits table of the wrong shape, naming the file and the field', () => {
    expect(() => parseVpcIpLimits('l.json', { 'p3.2xlarge': { ENILimit: 'four' } })).toThrow(
      /l\.json: not a VPC CNI limits table: p3\.2xlarge\.ENILimit/,
    )
  })

  it('refuses a table line whose default card is not among its cards', async () => {
    const broken = parseVpcIpLimits('l.json', {
      'p3.2xlarge': { ...cniLimit(4, 15, 'xen'), DefaultNetworkCardIndex: 3 },
    })
    const pages = await described()
    expect(() => buildCatalogSnapshot(pages, null, SOURCE, broken)).toThrow(/p3\.2xlarge.*default index 3/)
  })
})

describe('malformed exports are refused with the reason', () => {
  it.each([
    [
      'not an export at all',
      { Reservations: [] },
      /x\.json: not a DescribeInstanceTypes export: InstanceTypes/,
    ],
    [
      'a type without IPv4 per ENI',
      {
        InstanceTypes: [
          {
            InstanceType: 'm5.large',
            VCpuInfo: { DefaultVCpus: 2 },
            NetworkInfo: { MaximumNetworkInterfaces: 3 },
          },
        ],
      },
      /InstanceTypes\[0\]\.NetworkInfo\.Ipv4AddressesPerInterface/,
    ],
    [
      'vCPUs as text',
      { InstanceTypes: [{ InstanceType: 'a.b', VCpuInfo: { DefaultVCpus: '2' }, NetworkInfo: {} }] },
      /VCpuInfo\.DefaultVCpus/,
    ],
  ])('%s', (_why, json, reason) => {
    expect(() => parseExportPages('x.json', json)).toThrow(reason)
  })

  it('names the page of a multi-page file', () => {
    expect(() => parseExportPages('pages.json', [{ InstanceTypes: [] }, { Nope: 1 }])).toThrow(
      /pages\.json page 2/,
    )
  })

  it('refuses one type described twice with different facts', async () => {
    const [type] = await ec2Types(1)
    const changed = { ...type, VCpuInfo: { DefaultVCpus: 64 } }
    const pages = parseExportPages('x.json', [{ InstanceTypes: [type] }, { InstanceTypes: [changed] }])
    expect(() => buildCatalogSnapshot(pages, null, SOURCE)).toThrow(/appears twice with different facts/)
  })

  it('refuses a default card index that names no card', async () => {
    const [type] = await ec2Types(1)
    const broken = { ...type, NetworkInfo: { ...type?.NetworkInfo, DefaultNetworkCardIndex: 7 } }
    const pages = parseExportPages('x.json', { InstanceTypes: [broken] })
    expect(() => buildCatalogSnapshot(pages, null, SOURCE)).toThrow(CatalogImportError)
    expect(() => buildCatalogSnapshot(pages, null, SOURCE)).toThrow(/default index 7/)
  })

  it('refuses an empty export', () => {
    expect(() =>
      buildCatalogSnapshot(parseExportPages('x.json', { InstanceTypes: [] }), null, SOURCE),
    ).toThrow(/no instance types/)
  })

  it('refuses a branch limits file of the wrong shape', () => {
    expect(() => parseBranchLimits('b.json', { 'm5.large': { BranchInterface: 'nine' } })).toThrow(
      /b\.json: not a branch ENI limits file/,
    )
  })
})
