// npm run catalog:reference [-- --reference-dir DIR] [--out FILE]
// Regenerates the committed catalog from the shared reference export and limits tables, with their provenance.
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { importCatalogFiles } from '../lib/adapters/snapshot/import-catalog-files.ts'
import { runScript } from './run-script.ts'

runScript('catalog:reference', () => {
  const { values } = parseArgs({
    options: {
      'reference-dir': { type: 'string', default: join('..', 'shared', 'reference') },
      out: { type: 'string', default: 'data/instance-catalog.json' },
    },
  })
  const dir = values['reference-dir']
  return importCatalogFiles({
    exports: [join(dir, 'describe-instance-types.json')],
    vpcLimits: join(dir, 'vpc-ip-limits.json'),
    branchLimits: join(dir, 'branch-eni-limits.json'),
    out: values.out,
    source:
      'DescribeInstanceTypes export, 1373 types (reduced from moto instance_types.json at 0af643a, 2026-08-22)',
    vpcLimitsSource: 'amazon-vpc-cni-k8s pkg/vpc/vpc_ip_resource_limit.go at b521883 (2026-08-20)',
    branchSource: 'amazon-vpc-resource-controller-k8s pkg/aws/vpc/limits.go at b8d4251 (2026-04-23)',
    capturedOn: '2026-08-22',
  })
})
