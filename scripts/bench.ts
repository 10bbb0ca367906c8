// npm run bench: measures what the issues ask for, prints it and writes BENCHMARKS.md.
// npm run bench -- cli subnets: only the sections named, each replacing its own part of BENCHMARKS.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchCli } from './bench/cli.ts'
import { benchIpUsage } from './bench/ip-usage.ts'
import { benchBundles, benchBundlesIssue12, benchWarmMaxPods } from './bench/lambda.ts'
import { benchLocalServer } from './bench/local-server.ts'
import { benchMaxPods } from './bench/max-pods.ts'
import { type BenchSection, machineLine } from './bench/measure.ts'
import { benchReportPages } from './bench/report-pages.ts'
import { benchSubnets } from './bench/subnets.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function render(section: BenchSection): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [
    `## ${section.title}`,
    '',
    section.method,
    '',
    line(section.headers),
    line(section.headers.map(() => '---')),
    ...section.rows.map(line),
    '',
  ].join('\n')
}

/** Every section, by the name that selects it, in the order of a full run. */
const BENCHES: Record<string, (root: string) => Promise<BenchSection>> = {
  'max-pods': benchMaxPods,
  'ip-usage': benchIpUsage,
  'warm-max-pods': benchWarmMaxPods,
  bundles: benchBundles,
  'bundles-issue-12': benchBundlesIssue12,
  subnets: benchSubnets,
  cli: benchCli,
  'local-server': benchLocalServer,
  'report-pages': benchReportPages,
}

const asked = process.argv.slice(2)
const unknown = asked.filter((name) => !(name in BENCHES))
if (unknown.length > 0) {
  console.error(`unknown section ${unknown.join(', ')}; the sections are: ${Object.keys(BENCHES).join(', ')}`)
  process.exit(2)
}

const sections: BenchSection[] = []
for (const [name, bench] of Object.entries(BENCHES)) {
  if (asked.length > 0 && !asked.includes(name)) continue
  const section = await bench(root)
  console.log(render(section))
  sections.push(section)
}

const file = join(root, 'BENCHMARKS.md')
if (asked.length === 0) {
  const header = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machineLine()}.`,
    'Figures vary with the machine; rerun to compare.',
    '',
  ].join('\n')
  writeFileSync(file, `${header}\n${sections.map(render).join('\n')}`)
} else {
  writeFileSync(file, withSectionsReplaced(existsSync(file) ? readFileSync(file, 'utf8') : '', sections))
}
console.log(`wrote ${file}`)

/** The file with each section put in place of the one of the same title, or added at the end. */
function withSectionsReplaced(markdown: string, fresh: BenchSection[]): string {
  const [head = '', ...parts] = markdown.split(/^(?=## )/m)
  for (const section of fresh) {
    const at = parts.findIndex((part) => part.startsWith(`## ${section.title}\n`))
    const text = render(section)
    if (at >= 0) parts[at] = at === parts.length - 1 ? text : `${text}\n`
    else parts.push(`${parts.length > 0 ? '\n' : ''}${text}`)
  }
  return [head, ...parts].join('')
}
