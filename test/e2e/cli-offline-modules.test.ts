import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { BUSY_SLASH16, BUSY_SLASH16_AVAILABLE, busySlash16Exports } from '../builders/busy-slash16.ts'
import { REPO_ROOT } from '../support/reference.ts'
import { type CliOutcome, runCli } from '../support/run-cli.ts'

// Issue 13: an offline command never loads an AWS SDK client (importing the EC2 client alone costs several
// times Node's start-up). The dev runner bundles the CLI with packages external, so every package a
// command loads is a module Node resolves at run time; test/support/record-resolved-modules.mjs, preloaded
// with --import, writes each one down.

const dir = mkdtempSync(join(tmpdir(), 'cli-offline-modules-'))
const DEMO_EXPORTS = join(REPO_ROOT, 'examples', 'demo-vpc')
const FITS_PLAN = join(REPO_ROOT, 'examples', 'plans', 'fits.yaml')
const RECORDER = pathToFileURL(join(REPO_ROOT, 'test', 'support', 'record-resolved-modules.mjs')).href

/** Any package of the AWS SDK: a client, or the Smithy runtime clients are built on. */
const SDK_PACKAGE = /(?:^|\/node_modules\/)((?:@aws-sdk|@smithy)\/[^/]+)/

interface RecordedRun {
  outcome: CliOutcome
  /** Every specifier the process resolved, beside the URL it resolved to ('(require)' for CommonJS). */
  resolved: { specifier: string; url: string }[]
}

let runs = 0
async function runRecording(args: string[], env: Record<string, string> = {}): Promise<RecordedRun> {
  const log = join(dir, `resolved-${++runs}.tsv`)
  writeFileSync(log, '')
  const outcome = await runCli(args, {
    ...env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${RECORDER}`.trim(),
    RESOLVED_MODULES_LOG: log,
  })
  const resolved = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [specifier = '', url = ''] = line.split('\t')
      return { specifier, url }
    })
  return { outcome, resolved }
}

/** The SDK packages the run loaded, each once. */
const sdkPackages = (run: RecordedRun) => [
  ...new Set(
    run.resolved.flatMap(
      ({ specifier, url }) => SDK_PACKAGE.exec(specifier)?.[1] ?? SDK_PACKAGE.exec(url)?.[1] ?? [],
    ),
  ),
]

/** The recorder saw the run at all: the CLI's own code was resolved through it. */
const sawTheCli = (run: RecordedRun) =>
  run.resolved.some(({ url }) => url.endsWith('/cli/eks-ip-capacity.mjs'))

const busy = { subnets: join(dir, 'busy-subnets.json'), enis: join(dir, 'busy-enis.json') }

beforeAll(() => {
  const exports = busySlash16Exports()
  writeFileSync(busy.subnets, JSON.stringify(exports.subnets))
  writeFileSync(busy.enis, JSON.stringify(exports.networkInterfaces))
})

/** One node group for `size`, in the form that takes no file. */
const SIZE_GROUP = [
  '--instance-type',
  'm5.large',
  '--nodes',
  '10',
  '--max-nodes',
  '30',
  '--pods',
  '15',
  '--zones',
  'us-east-1a,us-east-1b',
]

describe('offline commands load no AWS SDK module', () => {
  const demoExports = [
    '--subnets',
    join(DEMO_EXPORTS, 'subnets.json'),
    '--enis',
    join(DEMO_EXPORTS, 'network-interfaces.json'),
  ]
  it.each([
    ['max-pods --instance-type m5.large', ['max-pods', '--instance-type', 'm5.large']],
    ['max-pods --all -o json', ['max-pods', '--all', '-o', 'json']],
    ['instance-types --family m5', ['instance-types', '--family', 'm5']],
    [
      'ip-usage --instance-type m5.large --pods 10',
      ['ip-usage', '--instance-type', 'm5.large', '--pods', '10'],
    ],
    ['subnets analyze on the demo exports', ['subnets', 'analyze', ...demoExports]],
    ['plan fits.yaml --demo', ['plan', FITS_PLAN, '--demo']],
    ['plan fits.yaml on the demo exports', ['plan', FITS_PLAN, ...demoExports]],
    [
      'size --vpc-cidr: a new VPC is all free, no EC2 to ask',
      ['size', ...SIZE_GROUP, '--vpc-cidr', '10.0.0.0/16'],
    ],
    [
      'size --vpc-cidr --secondary-cidr --emit terraform',
      [
        'size',
        ...SIZE_GROUP,
        '--vpc-cidr',
        '10.0.0.0/16',
        '--secondary-cidr',
        '100.64.0.0/16',
        '--cni-custom-networking-enabled',
        '--emit',
        'terraform',
      ],
    ],
    ['size --demo: the demo VPC is bundled', ['size', ...SIZE_GROUP, '--demo', '-o', 'json']],
  ])('%s answers with no @aws-sdk or @smithy package resolved', async (_name, args) => {
    // Act
    const run = await runRecording(args)

    // Assess
    expect(run.outcome.code).toBe(0)
    expect(run.outcome.stdout.trim()).not.toBe('')
    expect(sawTheCli(run)).toBe(true)
    expect(sdkPackages(run)).toEqual([])
  })

  it('subnets analyze on the busy /16: the whole subnet analysed, reconciled with EC2, still no SDK', async () => {
    // Act
    const run = await runRecording([
      'subnets',
      'analyze',
      '--subnets',
      busy.subnets,
      '--enis',
      busy.enis,
      '-o',
      'json',
    ])

    // Assess
    expect(run.outcome.code).toBe(0)
    const [analysis] = JSON.parse(run.outcome.stdout).subnets
    expect(analysis).toMatchObject({
      cidr: BUSY_SLASH16.cidr,
      usedIps: BUSY_SLASH16.enis * BUSY_SLASH16.addressesPerEni + 16 * BUSY_SLASH16.prefixes,
      freeIps: BUSY_SLASH16_AVAILABLE,
      unaccountedAddresses: 0,
    })
    expect(analysis.blocks.prefixAllocated).toBe(BUSY_SLASH16.prefixes)
    expect(sdkPackages(run)).toEqual([])
  })
})

describe('the recorder can fail', () => {
  it('subnets scan, a command that calls EC2, is seen loading @aws-sdk/client-ec2 and the Smithy runtime', async () => {
    // Prepare: an endpoint nothing listens on, and credentials that need no lookup.
    const closed = 'http://127.0.0.1:9'
    const env = {
      AWS_ENDPOINT_URL_EC2: closed,
      EC2_ENDPOINT: closed,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'y',
      AWS_MAX_ATTEMPTS: '1',
    }

    // Act: it fails to connect; only what it loaded on the way matters.
    const run = await runRecording(['subnets', 'scan', '--vpc-id', 'vpc-1', '--region', 'us-east-1'], env)

    // Assess
    const loaded = sdkPackages(run)
    expect(loaded).toContain('@aws-sdk/client-ec2')
    // Required by the client's CommonJS build: seen through the require cache, not the resolve hook.
    expect(loaded.some((name) => name.startsWith('@smithy/'))).toBe(true)
  })
})
