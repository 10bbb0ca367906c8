import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BUSY_SLASH16, busySlash16Exports } from '../../test/builders/busy-slash16.ts'
import {
  type BenchSection,
  fixed,
  interleavedWallTimes,
  quantile,
  sortedNumbers,
  thousands,
} from './measure.ts'

const RUNS = 20
/** What `subnets analyze` used to load at start-up (issue 13 measured about 1.4 s of it on Node 20). */
const IMPORT_EC2 = "await import('@aws-sdk/client-ec2')"

/** scripts/build-cli.mjs's export (plain JavaScript: the package's prepack runs it without tsx). */
type BuildCli = (options: { outdir: string; release: boolean }) => Promise<string>

/** The CLI as users get it from the package: the release build (one minified, code-split bundle). */
async function releasedCli(root: string, outdir: string): Promise<string> {
  const builder = pathToFileURL(join(root, 'scripts', 'build-cli.mjs')).href
  const { buildCli } = (await import(builder)) as { buildCli: BuildCli }
  return buildCli({ outdir, release: true })
}

/** Bytes of every file under `dir`: the bundle is what an install of the package puts on disk. */
function treeBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => statSync(join(dir, name)))
    .filter((stat) => stat.isFile())
    .reduce((total, stat) => total + stat.size, 0)
}

interface StepTimes {
  read: number
  analyse: number
  render: number
}

/** The steps of `subnets analyze`, cold, each in a fresh process (scripts/bench/cli-steps.ts), sorted per step. */
function coldStepTimes(root: string, files: { subnets: string; enis: string }, runs: number) {
  const steps = join(root, 'scripts', 'bench', 'cli-steps.ts')
  const all: StepTimes[] = []
  for (let run = 0; run < runs; run++) {
    const printed = execFileSync(process.execPath, ['--import', 'tsx', steps, files.subnets, files.enis], {
      cwd: root,
      encoding: 'utf8',
    })
    all.push(JSON.parse(printed) as StepTimes)
  }
  return {
    read: sortedNumbers(all.map((times) => times.read)),
    analyse: sortedNumbers(all.map((times) => times.analyse)),
    render: sortedNumbers(all.map((times) => times.render)),
  }
}

export async function benchCli(root: string): Promise<BenchSection> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-cli-'))
  try {
    const bin = await releasedCli(root, join(scratch, 'cli'))
    const bundleBytes = treeBytes(join(scratch, 'cli'))
    const exports = busySlash16Exports()
    const files = { subnets: join(scratch, 'subnets.json'), enis: join(scratch, 'enis.json') }
    // Indented by four, as the AWS CLI writes JSON.
    const enisJson = JSON.stringify(exports.networkInterfaces, null, 4)
    writeFileSync(files.subnets, JSON.stringify(exports.subnets, null, 4))
    writeFileSync(files.enis, enisJson)

    const node = process.execPath
    const measured = [
      { label: '`node -e 0` (Node start-up alone)', command: node, args: ['-e', '0'] },
      {
        label: `\`node --input-type=module -e "${IMPORT_EC2}"\` (the import offline commands no longer pay)`,
        command: node,
        args: ['--input-type=module', '-e', IMPORT_EC2],
      },
      {
        label: '`eks-ip-capacity max-pods --instance-type m5.large`',
        command: node,
        args: [bin, 'max-pods', '--instance-type', 'm5.large'],
      },
      {
        label: '`eks-ip-capacity max-pods --all -o json`',
        command: node,
        args: [bin, 'max-pods', '--all', '-o', 'json'],
      },
      {
        label: '`eks-ip-capacity subnets analyze` on the /16',
        command: node,
        args: [bin, 'subnets', 'analyze', '--subnets', files.subnets, '--enis', files.enis],
      },
    ]
    const wall = interleavedWallTimes(measured, RUNS, root)

    // The same command's steps without the process around it, as cold as in a CLI run.
    const steps = coldStepTimes(root, files, RUNS)

    const startUp = quantile(wall[0] as number[], 0.5)
    const row = (label: string, times: number[]) => [
      label,
      fixed(quantile(times, 0.5)),
      fixed(quantile(times, 0.9)),
      `${fixed(quantile(times, 0.5) / startUp)}×`,
    ]
    const addresses = BUSY_SLASH16.enis * BUSY_SLASH16.addressesPerEni

    return {
      title: 'CLI start-up and offline commands (issue 13)',
      method: `Whole processes of the released CLI on Node ${process.version} (scripts/build-cli.mjs with release: one minified, code-split bundle of ${fixed(bundleBytes / 2 ** 20)} MiB, all an install of the package adds besides package.json and the README), ${RUNS} runs of each after one warm-up, taken in turns so load on the machine slows all alike. The /16 is generated (test/builders/busy-slash16.ts): ${thousands(addresses)} used addresses in ${BUSY_SLASH16.enis} ENIs and ${BUSY_SLASH16.prefixes} /28 prefixes, written as \`aws ec2 describe-subnets\` and \`describe-network-interfaces --output json\` files (${fixed(enisJson.length / 2 ** 20)} MiB of ENIs). Its steps: the same calls timed one by one in ${RUNS} fresh processes, on their first call as a CLI run makes them (warm, the analysis alone is the issue 4 figure above). Reproduce this section alone: \`npm run bench -- cli\`.`,
      headers: ['measure', 'median ms', 'p90 ms', '× Node start-up'],
      rows: [
        ...measured.map(({ label }, index) => row(label, wall[index] as number[])),
        row('its steps, cold: read and check the export files (JSON.parse, zod)', steps.read),
        row('its steps, cold: analyse the /16 (analyseExports)', steps.analyse),
        row('its steps, cold: render the table', steps.render),
      ],
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
