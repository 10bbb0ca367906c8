#!/usr/bin/env node
// Writes the krew plugin manifest for a packed tarball: krew installs the npm tarball itself (the same
// archive on every platform, since the CLI is JavaScript) and links kubectl-ip_capacity to its entry.
//   npm pack --pack-destination dist
//   node packaging/krew/krew-manifest.mjs --tarball dist/eks-ip-capacity-0.1.0.tgz \
//     --uri 'https://RELEASES/v{version}/{file}' [--out packaging/krew/ip-capacity.yaml]
// The checksum is of that very tarball: regenerate the manifest with every release, never edit it.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { stringify } from 'yaml'

const here = dirname(fileURLToPath(import.meta.url))
const pkg = JSON.parse(readFileSync(join(here, '..', '..', 'package.json'), 'utf8'))
/** npm packs everything under `package/`; krew copies the built CLI out of it. */
const PACKED_CLI = 'package/dist/cli'
const ENTRY = 'eks-ip-capacity.mjs'
const PLATFORMS = ['linux/amd64', 'linux/arm64', 'darwin/amd64', 'darwin/arm64']

const { values } = parseArgs({
  options: {
    tarball: { type: 'string' },
    uri: { type: 'string' },
    out: { type: 'string', default: join(here, 'ip-capacity.yaml') },
  },
})
if (!values.tarball || !values.uri) fail('--tarball and --uri are required')

// The URI names where the release will serve this tarball; {version} and {file} are filled in, so the
// manifest holds no placeholder for krew to trip on.
const uri = values.uri.replaceAll('{version}', pkg.version).replaceAll('{file}', basename(values.tarball))
if (/[{}]/.test(uri) || !URL.canParse(uri)) fail(`--uri ${uri} is not a URL once filled in`)

const packed = execFileSync('tar', ['-tzf', values.tarball], { encoding: 'utf8' }).split('\n')
if (!packed.includes(`${PACKED_CLI}/${ENTRY}`))
  fail(`${values.tarball} holds no ${PACKED_CLI}/${ENTRY}: was it packed by npm pack?`)
const sha256 = createHash('sha256').update(readFileSync(values.tarball)).digest('hex')

const manifest = {
  apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
  kind: 'Plugin',
  metadata: { name: 'ip-capacity' },
  spec: {
    // krew wants a semantic version with a leading v.
    version: `v${pkg.version}`,
    shortDescription: 'Pods per node and subnet IPv4 capacity for EKS',
    description: [
      'Max pods per EC2 instance type for every Amazon VPC CNI mode, the addresses a node really holds',
      'once the warm pool is filled, and free /28 prefix blocks per subnet.',
      'Requires Node.js 20.19 or later on PATH (the plugin is a JavaScript bundle with no other dependency).',
    ].join(' '),
    caveats: 'This plugin runs with the `node` found on PATH: Node.js 20.19 or later.',
    platforms: PLATFORMS.map((platform) => {
      const [os, arch] = platform.split('/')
      return {
        selector: { matchLabels: { os, arch } },
        uri,
        sha256,
        files: [{ from: `${PACKED_CLI}/*`, to: '.' }],
        bin: ENTRY,
      }
    }),
  },
}
writeFileSync(values.out, stringify(manifest))
process.stdout.write(`${values.out}\n`)

function fail(message) {
  process.stderr.write(`krew-manifest: ${message}\n`)
  process.exit(2)
}
