// Run by scripts/bench/cli.ts in a fresh process: the steps of one `subnets analyze`, each timed on its
// first call, as a CLI run pays for them (nothing compiled or warmed yet). Prints them as JSON.
import { renderSubnets } from '../../cli/render-subnets.ts'
import { readExports } from '../../cli/subnets.ts'
import { analyseExports } from '../../lib/services/subnet-analysis.ts'

const [subnets = '', enis = ''] = process.argv.slice(2)

function timed<T>(work: () => T): [number, T] {
  const start = process.hrtime.bigint()
  const value = work()
  return [Number(process.hrtime.bigint() - start) / 1e6, value]
}

const [read, exports] = timed(() => readExports({ subnets, enis, reservations: [] }))
const [analyse, scan] = timed(() => analyseExports(exports))
const [render] = timed(() => renderSubnets(scan, 'table'))
process.stdout.write(JSON.stringify({ read, analyse, render }))
