import { describe, expect, it } from 'vitest'
import {
  buildCatalogSnapshot,
  parseBranchLimits,
  parseExportPages,
  serializeCatalogSnapshot,
} from '../../../../lib/adapters/snapshot/build-catalog-snapshot.ts'
import { CatalogImportError } from '../../../../lib/errors.ts'
import { CatalogSnapshot } from '../../../../lib/schemas/instance-type.ts'
import { bundledCatalog, toEc2InstanceType } from '../../../builders/catalog.ts'

const SOURCE = { instanceTypes: 'test export', branchLimits: null, capturedOn: '2026-08-22' }

async function ec2Types(count: number) {
  return (await bundledCatalog.list()).slice(0, count).map(toEc2InstanceType)
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

  it('round-trips the bundled catalog: records → EC2 shape → records', async () => {
    const records = await bundledCatalog.list()
    const snapshot = buildCatalogSnapshot(
      parseExportPages('all.json', { InstanceTypes: records.map(toEc2InstanceType) }),
      null,
      SOURCE,
    )
    expect(snapshot.instanceTypes).toEqual(records.map((record) => ({ ...record, trunking: null })))
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
