import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { describedRecords, toEc2InstanceType } from '../builders/catalog.ts'
import { HAS_REFERENCE, NO_REFERENCE_REASON, REFERENCE_DIR, REPO_ROOT } from '../support/reference.ts'

const run = promisify(execFile)
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx')
const IMPORTER = join(REPO_ROOT, 'scripts', 'import-catalog.ts')

function importCatalog(args: string[]) {
  return run(TSX, [IMPORTER, ...args], { cwd: REPO_ROOT })
}

describe('npm run catalog:import', () => {
  const work = mkdtempSync(join(tmpdir(), 'catalog-import-'))

  it('writes byte-identical snapshots from one file and from page files, run after run', async () => {
    // Prepare: an export of 120 types, as one file and as three page files.
    const types = (await describedRecords()).slice(0, 120).map(toEc2InstanceType)
    writeFileSync(join(work, 'all.json'), JSON.stringify({ InstanceTypes: types }))
    for (const [index, start] of [0, 50, 100].entries()) {
      writeFileSync(
        join(work, `page-${index}.json`),
        JSON.stringify({ InstanceTypes: types.slice(start, start + 50) }),
      )
    }
    const common = ['--source', 'test export', '--captured-on', '2026-08-22']
    // Act
    await importCatalog([join(work, 'all.json'), '--out', join(work, 'one.json'), ...common])
    await importCatalog([join(work, 'all.json'), '--out', join(work, 'again.json'), ...common])
    const paged = await importCatalog([
      ...[0, 1, 2].map((index) => join(work, `page-${index}.json`)),
      '--out',
      join(work, 'paged.json'),
      ...common,
    ])
    // Assess
    const one = readFileSync(join(work, 'one.json'), 'utf8')
    expect(readFileSync(join(work, 'again.json'), 'utf8')).toBe(one)
    expect(readFileSync(join(work, 'paged.json'), 'utf8')).toBe(one)
    expect(paged.stdout).toMatch(/120 instance types from 3 page\(s\)/)
  })

  it('refuses a malformed export with exit 2 and the reason', async () => {
    writeFileSync(join(work, 'bad.json'), JSON.stringify({ InstanceTypes: [{ InstanceType: 'm5.large' }] }))
    const failure = await importCatalog([join(work, 'bad.json'), '--out', join(work, 'never.json')]).catch(
      (error) => error,
    )
    expect(failure.code).toBe(2)
    expect(failure.stderr).toMatch(
      /bad\.json: not a DescribeInstanceTypes export: InstanceTypes\[0\]\.VCpuInfo/,
    )
  })

  it('--vpc-limits adds the types only the VPC CNI’s limits table knows, and records where each fact came from', async () => {
    // Prepare: a 3-type export and a table that also knows p3.2xlarge.
    const types = (await describedRecords()).slice(0, 3).map(toEc2InstanceType)
    writeFileSync(join(work, 'three.json'), JSON.stringify({ InstanceTypes: types }))
    const p3 = {
      ENILimit: 4,
      IPv4Limit: 15,
      DefaultNetworkCardIndex: 0,
      HypervisorType: 'xen',
      IsBareMetal: false,
      NetworkCards: [{ MaximumNetworkInterfaces: 4, NetworkCardIndex: 0 }],
    }
    writeFileSync(join(work, 'cni-limits.json'), JSON.stringify({ 'p3.2xlarge': p3 }))
    const out = join(work, 'with-cni.json')
    // Act
    const outcome = await importCatalog([
      join(work, 'three.json'),
      '--vpc-limits',
      join(work, 'cni-limits.json'),
      '--vpc-limits-source',
      'vpc_ip_resource_limit.go at abc1234',
      '--out',
      out,
    ])
    // Assess
    const snapshot = JSON.parse(readFileSync(out, 'utf8'))
    expect(outcome.stdout).toMatch(
      /4 instance types.*3 from DescribeInstanceTypes, 1 from the VPC CNI limits only/,
    )
    expect(snapshot.source.vpcLimits).toBe('vpc_ip_resource_limit.go at abc1234')
    expect(snapshot.instanceTypes.at(-1)).toMatchObject({
      instanceType: 'p3.2xlarge',
      vcpus: null,
      sources: { limits: 'vpc-cni-limits', details: null },
    })
  })

  it('refuses a malformed VPC CNI limits table with exit 2, naming the file', async () => {
    writeFileSync(
      join(work, 'one.json'),
      JSON.stringify({ InstanceTypes: (await describedRecords()).slice(0, 1).map(toEc2InstanceType) }),
    )
    writeFileSync(join(work, 'bad-limits.json'), JSON.stringify({ 'p3.2xlarge': { ENILimit: 4 } }))
    const failure = await importCatalog([
      join(work, 'one.json'),
      '--vpc-limits',
      join(work, 'bad-limits.json'),
      '--out',
      join(work, 'never.json'),
    ]).catch((error) => error)
    expect(failure.code).toBe(2)
    expect(failure.stderr).toMatch(/bad-limits\.json: not a VPC CNI limits table: p3\.2xlarge\.IPv4Limit/)
  })

  it('refuses text that is not JSON', async () => {
    writeFileSync(join(work, 'text.json'), 'InstanceTypes: []')
    const failure = await importCatalog([join(work, 'text.json')]).catch((error) => error)
    expect(failure.code).toBe(2)
    expect(failure.stderr).toMatch(/text\.json: not JSON/)
  })

  it.skipIf(!HAS_REFERENCE)(
    `regenerates the committed data/instance-catalog.json byte for byte from the reference export ${HAS_REFERENCE ? '' : NO_REFERENCE_REASON}`,
    async () => {
      const out = join(work, 'reference.json')
      await run(TSX, [
        join(REPO_ROOT, 'scripts', 'import-reference-catalog.ts'),
        '--reference-dir',
        REFERENCE_DIR,
        '--out',
        out,
      ])
      expect(readFileSync(out, 'utf8')).toBe(
        readFileSync(join(REPO_ROOT, 'data', 'instance-catalog.json'), 'utf8'),
      )
    },
  )
})
