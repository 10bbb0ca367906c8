// npm run bench: measures what the issues ask for, prints it and writes BENCHMARKS.md.
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchIpUsage } from './bench/ip-usage.ts'
import { benchBundles, benchBundlesIssue12, benchWarmMaxPods } from './bench/lambda.ts'
import { benchLoad } from './bench/load.ts'
import { benchMaxPods } from './bench/max-pods.ts'
import { type BenchSection, machineLine } from './bench/measure.ts'
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

const sections: BenchSection[] = []
for (const bench of [
  benchMaxPods,
  benchIpUsage,
  benchWarmMaxPods,
  benchBundles,
  benchBundlesIssue12,
  benchSubnets,
  benchLoad,
]) {
  const section = await bench(root)
  console.log(render(section))
  sections.push(section)
}

const header = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machineLine()}.`,
  'Figures vary with the machine; rerun to compare.',
  '',
].join('\n')
writeFileSync(join(root, 'BENCHMARKS.md'), `${header}\n${sections.map(render).join('\n')}`)
console.log('wrote BENCHMARKS.md')
