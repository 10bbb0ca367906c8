// npm run catalog:import -- <export.json ...> [--vpc-limits FILE] [--branch-limits FILE] [--out FILE]
//                           [--source TEXT] [--vpc-limits-source TEXT] [--branch-source TEXT]
//                           [--captured-on YYYY-MM-DD]
import { parseArgs } from 'node:util'
import { importCatalogFiles } from '../lib/adapters/snapshot/import-catalog-files.ts'
import { runScript } from './run-script.ts'

runScript('catalog:import', () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'vpc-limits': { type: 'string' },
      'branch-limits': { type: 'string' },
      out: { type: 'string', default: 'data/instance-catalog.json' },
      source: { type: 'string' },
      'vpc-limits-source': { type: 'string' },
      'branch-source': { type: 'string' },
      'captured-on': { type: 'string' },
    },
  })
  return importCatalogFiles({
    exports: positionals,
    vpcLimits: values['vpc-limits'],
    branchLimits: values['branch-limits'],
    out: values.out,
    source: values.source,
    vpcLimitsSource: values['vpc-limits-source'],
    branchSource: values['branch-source'],
    capturedOn: values['captured-on'],
  })
})
