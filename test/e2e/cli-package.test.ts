import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, relative } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { catalogType } from '../builders/catalog.ts'
import { enginesFloor, oldestNodeFrom } from '../support/node-runtimes.ts'
import { REPO_ROOT } from '../support/reference.ts'
import { runCli } from '../support/run-cli.ts'

// The package as a user gets it: packed once, installed once into a temporary global prefix, then run
// through its bin links, as root, as another user, and through kubectl's plugin discovery. npm and the
// installed CLI run on the oldest Node here that engines admits, not on the devDependency's Node that
// npm scripts put first on PATH: only there would an engines field that claims too much fail.

const execute = promisify(execFile)
const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'))
const TARBALL_NAME = `${PACKAGE.name}-${PACKAGE.version}.tgz`
const NOBODY = 65534
/** Packing builds the release bundle (esbuild, about a second) and npm does the rest. */
const PACK_AND_INSTALL_MS = 180_000

const FLOOR = enginesFloor(PACKAGE.engines.node)
const RUNTIME = oldestNodeFrom(FLOOR)
const ON_FLOOR = RUNTIME.major === FLOOR[0]
const RUNTIME_NAME = ON_FLOOR
  ? `Node ${RUNTIME.version}, the engines floor's major (${PACKAGE.engines.node})`
  : `Node ${RUNTIME.version} only: the engines floor (${PACKAGE.engines.node}) is NOT exercised, this machine has no Node ${FLOOR[0]} outside the repository`
if (!ON_FLOOR) console.warn(`cli-package: ${RUNTIME_NAME}`)

const isRoot = process.getuid?.() === 0
const onPath = (tool: string) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, tool)))
const HAS_KUBECTL = onPath('kubectl')
const CAN_SWITCH_USER = isRoot && onPath('setpriv')

let work: string
let tarball: string
let prefix: string
let installedPackage: string
let home: string
let installWarnings: string
let npmNodeVersion: string

/** PATH with the chosen Node's folder first, where npm's and the bins' `#!/usr/bin/env node` find it. */
const pathOnRuntime = (...before: string[]) => [...before, RUNTIME.dir, process.env.PATH].join(delimiter)

/**
 * A user's shell: no npm_* variables from the test runner, no AWS credentials, and the chosen Node
 * first on PATH after the prefix's bins.
 */
function userShell(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: pathOnRuntime(join(prefix, 'bin')), HOME: home, ...extra }
}

async function runInstalled(
  command: string,
  args: string[],
  options: { asNobody?: boolean; env?: Record<string, string> } = {},
) {
  const [file, argv] = options.asNobody
    ? ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', command, ...args]]
    : [command, args]
  try {
    const { stdout, stderr } = await execute(file, argv, {
      cwd: home,
      env: userShell(options.env),
      maxBuffer: 64 << 20,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string }
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr }
  }
}

/** Every file under `dir`, relative to it, with its modification time: what a run must leave alone. */
function treeState(dir: string): Map<string, number> {
  const state = new Map<string, number>()
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name)
    state.set(relative(dir, path), statSync(path).mtimeMs)
  }
  return state
}

const demoVpc = (name: string) => join(REPO_ROOT, 'examples', 'demo-vpc', name)
const demoExports = [
  ['--subnets', demoVpc('subnets.json')],
  ['--enis', demoVpc('network-interfaces.json')],
  ['--reservations', demoVpc('cidr-reservations.json')],
].flat()

/** What the package ships, relative to its folder: the prebuilt CLI, package.json, the README. */
const isShipped = (file: string) =>
  file === 'package.json' || file === 'README.md' || /^dist\/cli\/.+\.mjs$/.test(file)

/**
 * The calculator's E·(A−1)+2 from the bundled catalog's facts, without its 110/250 cap: the tests ask
 * only for m5.large (2 vCPUs, far below its cap).
 */
async function calculatorMaxPods(instanceType: string): Promise<number> {
  const record = await catalogType(instanceType)
  return record.defaultCardMaxEnis * (record.ipv4PerEni - 1) + 2
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cli-package-'))
  // Other users must reach the installed tree inside (mkdtemp makes its folder private to its owner).
  chmodSync(work, 0o755)
  const npmEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')))
  await execute('npm', ['pack', '--pack-destination', work], { cwd: REPO_ROOT, env: npmEnv })
  tarball = join(work, TARBALL_NAME)
  prefix = join(work, 'prefix')
  const userNpmEnv = { ...npmEnv, PATH: pathOnRuntime() }
  // --offline: a package that still had dependencies to fetch would fail here.
  const install = await execute(
    'npm',
    ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball],
    { cwd: work, env: userNpmEnv },
  )
  installWarnings = install.stderr
  const { stdout: npmVersions } = await execute('npm', ['version', '--json'], { cwd: work, env: userNpmEnv })
  npmNodeVersion = JSON.parse(npmVersions).node
  installedPackage = join(prefix, 'lib', 'node_modules', PACKAGE.name)
  // Nothing in the installed tree may be written to, by its owner either.
  await execute('chmod', ['-R', 'a-w', prefix])
  home = mkdtempSync(join(tmpdir(), 'cli-package-home-'))
  if (isRoot) chownSync(home, NOBODY, NOBODY)
}, PACK_AND_INSTALL_MS)

afterAll(async () => {
  if (work) await execute('chmod', ['-R', 'u+w', work])
  for (const dir of [work, home]) if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the packed tarball', () => {
  it('holds only the prebuilt CLI, the README and package.json: no sources, tests or Lambda code', async () => {
    const { stdout } = await execute('tar', ['-tzf', tarball])
    const files = stdout.split('\n').filter(Boolean)
    expect(files.filter((file) => !isShipped(file.replace(/^package\//, '')))).toEqual([])
    expect(files).toContain(`package/${PACKAGE.bin['eks-ip-capacity']}`)
  })
})

describe(`npm i -g of the tarball into a prefix, on ${RUNTIME_NAME}`, () => {
  // The Node was chosen by node-runtimes.ts; this checks that npm (and so the bins) really ran on it.
  it(`runs npm on Node ${RUNTIME.version}${ON_FLOOR ? `, major ${FLOOR[0]} like the engines floor` : ''}`, () => {
    expect(npmNodeVersion).toBe(RUNTIME.version)
  })

  it('installs with no warning (no engine mismatch, nothing deprecated)', () => {
    expect(installWarnings).not.toMatch(/warn/i)
  })

  it('installs no dependency and no source: one package of bundled .mjs files', () => {
    const installedFiles = readdirSync(installedPackage, { recursive: true, withFileTypes: true })
      .filter((entry) => !entry.isDirectory())
      .map((entry) => relative(installedPackage, join(entry.parentPath, entry.name)))

    expect(readdirSync(join(prefix, 'lib', 'node_modules'))).toEqual([PACKAGE.name])
    expect(existsSync(join(installedPackage, 'node_modules'))).toBe(false)
    expect(installedFiles.filter((file) => !isShipped(file))).toEqual([])
  })

  it('links both bins to the prebuilt entry', () => {
    for (const bin of ['eks-ip-capacity', 'kubectl-ip_capacity'])
      expect(existsSync(join(prefix, 'bin', bin)), bin).toBe(true)
  })
})

describe(`the installed eks-ip-capacity, on ${RUNTIME_NAME}`, () => {
  it(`runs on Node ${RUNTIME.version}: the one its bin's #!/usr/bin/env node finds first`, async () => {
    const outcome = await runInstalled('node', ['-p', 'process.versions.node'])
    expect(outcome).toEqual({ code: 0, stdout: `${RUNTIME.version}\n`, stderr: '' })
  })

  it('answers max-pods as root, writing nothing beside itself', async () => {
    const before = treeState(prefix)
    const expected = await calculatorMaxPods('m5.large')

    const outcome = await runInstalled('eks-ip-capacity', [
      'max-pods',
      '--instance-type',
      'm5.large',
      '--cni-version',
      '1.9.0',
    ])

    expect(outcome).toEqual({ code: 0, stdout: `${expected}\n`, stderr: '' })
    expect(treeState(prefix)).toEqual(before)
  })

  // The release build bundles what the dev runner leaves in node_modules, and splits it otherwise: a
  // dependency that bundles differently (a lazily imported CommonJS module, a data file) shows here.
  it.each([
    { command: 'max-pods --all -o json', args: ['max-pods', '--all', '--output', 'json'] },
    {
      command: 'max-pods -o yaml',
      args: ['max-pods', '--instance-type', 'm5.large', '--output', 'yaml'],
    },
    {
      command: 'subnets analyze -o map',
      args: ['subnets', 'analyze', ...demoExports, '--output', 'map'],
    },
    {
      command: 'plan --demo',
      args: ['plan', join(REPO_ROOT, 'examples', 'plans', 'bound-by-blocks.yaml'), '--demo'],
    },
    { command: '--help', args: ['--help'] },
  ])('answers $command as the CLI built from source does', async ({ args }) => {
    const fromSource = await runCli(args)

    const installed = await runInstalled('eks-ip-capacity', args)

    expect(installed).toEqual(fromSource)
  })

  it('--version prints package.json’s version', async () => {
    const outcome = await runInstalled('eks-ip-capacity', ['--version'])
    expect(outcome).toEqual({ code: 0, stdout: `${PACKAGE.version}\n`, stderr: '' })
  })

  it.skipIf(!CAN_SWITCH_USER)(
    `works for another user on the read-only tree a root install leaves${CAN_SWITCH_USER ? '' : ' (skipped: switching to another user needs root and setpriv)'}`,
    async () => {
      const expected = await calculatorMaxPods('m5.large')

      const outcome = await runInstalled(
        'eks-ip-capacity',
        ['max-pods', '--instance-type', 'm5.large', '--cni-version', '1.9.0'],
        { asNobody: true },
      )

      expect(outcome).toEqual({ code: 0, stdout: `${expected}\n`, stderr: '' })
    },
  )
})

describe('the installed CLI as a kubectl plugin', () => {
  it('runs as kubectl-ip_capacity', async () => {
    const expected = await calculatorMaxPods('m5.large')
    const outcome = await runInstalled('kubectl-ip_capacity', ['max-pods', '--instance-type', 'm5.large'])
    expect(outcome).toEqual({ code: 0, stdout: `${expected}\n`, stderr: '' })
  })

  it.skipIf(!HAS_KUBECTL)(
    `runs as kubectl ip-capacity through kubectl’s plugin discovery, with no kubeconfig${HAS_KUBECTL ? '' : ' (skipped: kubectl is not on PATH)'}`,
    async () => {
      const expected = await calculatorMaxPods('m5.large')

      const outcome = await runInstalled(
        'kubectl',
        ['ip-capacity', 'max-pods', '--instance-type', 'm5.large'],
        {
          env: { KUBECONFIG: join(home, 'no-such-kubeconfig') },
        },
      )

      expect(outcome).toEqual({ code: 0, stdout: `${expected}\n`, stderr: '' })
    },
  )
})

describe('the krew manifest generated for the tarball', () => {
  it('names the tarball by its sha256, and a bin the tarball holds, for every platform', async () => {
    const out = join(home, 'ip-capacity.yaml')
    const { stdout: packed } = await execute('tar', ['-tzf', tarball])
    const sha256 = createHash('sha256').update(readFileSync(tarball)).digest('hex')

    await execute(
      process.execPath,
      [
        join(REPO_ROOT, 'packaging', 'krew', 'krew-manifest.mjs'),
        '--tarball',
        tarball,
        '--uri',
        'https://releases.example/v{version}/{file}',
        '--out',
        out,
      ],
      { cwd: REPO_ROOT },
    )
    const manifest = parse(readFileSync(out, 'utf8'))

    expect(manifest).toMatchObject({
      apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
      kind: 'Plugin',
      metadata: { name: 'ip-capacity' },
      spec: { version: `v${PACKAGE.version}` },
    })
    expect(manifest.spec.description).toMatch(/Node\.js 20\.19/)
    const platforms = manifest.spec.platforms.map(
      (platform: { selector: { matchLabels: { os: string; arch: string } } }) =>
        `${platform.selector.matchLabels.os}/${platform.selector.matchLabels.arch}`,
    )
    expect(platforms.sort()).toEqual(['darwin/amd64', 'darwin/arm64', 'linux/amd64', 'linux/arm64'])
    for (const platform of manifest.spec.platforms) {
      expect(platform.sha256).toBe(sha256)
      expect(platform.uri).toBe(`https://releases.example/v${PACKAGE.version}/${TARBALL_NAME}`)
      // krew copies what `from` matches into the plugin's folder, then links `bin` there.
      const [{ from, to }] = platform.files
      expect(to).toBe('.')
      expect(packed.split('\n')).toContain(join(from.replace(/\/\*$/, ''), platform.bin))
    }
  })
})

describe('the Dockerfile', () => {
  it('installs the one tarball npm pack names for the version it is given, and runs a bin the package links, as a non-root user', () => {
    const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8')
    const dockerignore = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')

    const versionArg = dockerfile.match(/^ARG (\w+)$/m)?.[1] ?? ''
    const [, copied = '', destination = ''] = dockerfile.match(/^COPY (\S+) (\S+)$/m) ?? []
    const installed = dockerfile.match(/npm install --global .*?(\S+\.tgz)/)?.[1]
    const entrypoint = JSON.parse(dockerfile.match(/^ENTRYPOINT (.+)$/m)?.[1] ?? '[]')
    const user = dockerfile.match(/^USER (\S+)$/m)?.[1]

    const globToPattern = (glob: string) =>
      new RegExp(`^${glob.replaceAll('.', '\\.').replaceAll('*', '.*')}$`)
    const admitted = dockerignore
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => globToPattern(line.slice(1)))
    expect(copied.replace(`\${${versionArg}}`, PACKAGE.version)).toBe(TARBALL_NAME)
    expect(`${copied}${destination}${installed}`).not.toContain('*')
    expect(installed).toBe(destination)
    expect(admitted.some((pattern) => pattern.test(TARBALL_NAME))).toBe(true)
    expect(Object.keys(PACKAGE.bin)).toContain(entrypoint[0])
    expect(user).toBeDefined()
    expect(['root', '0']).not.toContain(user)
  })
})
