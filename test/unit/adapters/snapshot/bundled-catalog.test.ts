import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CatalogSnapshot } from '../../../../lib/schemas/instance-type.ts'
import { bundledCatalog } from '../../../builders/catalog.ts'
import { REPO_ROOT } from '../../../support/reference.ts'

describe('the bundled catalog snapshot', () => {
  const file = JSON.parse(readFileSync(join(REPO_ROOT, 'data', 'instance-catalog.json'), 'utf8'))

  it('satisfies the catalog schema (the CLI trusts it without re-validating)', () => {
    expect(CatalogSnapshot.safeParse(file).success).toBe(true)
  })

  it('is sorted by instance type with no duplicates', () => {
    const names: string[] = file.instanceTypes.map((record: { instanceType: string }) => record.instanceType)
    expect(names).toEqual([...new Set(names)].sort())
  })

  it('records its source and capture date', async () => {
    const origin = await bundledCatalog.origin()
    expect(origin.source).toBe('snapshot')
    expect(origin.refreshedAt).toBe(file.source.capturedOn)
    expect(origin.refreshedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(origin.description).toMatch(/DescribeInstanceTypes export.*VPC CNI limits: .*trunking: /)
  })
})
