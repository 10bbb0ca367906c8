import { execFileSync } from 'node:child_process'
import { parse as parseHcl } from '@cdktf/hcl2json'
import { parseAllDocuments, parse as parseYaml } from 'yaml'
import type { EmitFormat } from '../../lib/schemas/emit-formats.ts'
import { nodeConfigsOf } from './user-data-parts.ts'

// Reads an emitted snippet back with each format's own parser (YAML, JSON, HCL, bash, MIME) and says what it
// would set: each node group's kubelet max pods and the vpc-cni add-on's env. A snippet that does not parse
// throws.

export interface SnippetSettings {
  /** Kubelet max pods by node group, the name folded to letters and digits (m5.large, m5-large, m5_large). */
  maxPods: Record<string, number>
  /** The vpc-cni add-on's env, where the format carries the add-on. */
  env: Record<string, string> | undefined
}

/** m5.large, m5-large and m5_large are one group: each format spells names as its schema allows. */
export const groupKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '')

/** Several files are printed each after a `# ==> name <==` line; one file as it is. */
export function emittedFiles(stdout: string): string[] {
  if (!stdout.startsWith('# ==> ')) return [stdout]
  return stdout.split(/^# ==> .+ <==\n/m).slice(1)
}

export async function readSnippet(format: EmitFormat, stdout: string): Promise<SnippetSettings> {
  switch (format) {
    case 'nodeadm':
      return { maxPods: fromNodeConfigs(emittedFiles(stdout)), env: undefined }
    case 'karpenter':
      return { maxPods: fromNodeClasses(stdout), env: undefined }
    case 'eksctl':
      return fromClusterConfig(stdout)
    case 'terraform':
      return fromTerraform(stdout)
    case 'vpc-cni-addon':
      return { maxPods: {}, env: (JSON.parse(stdout) as { env: Record<string, string> }).env }
    case 'launch-template':
      return { maxPods: fromBootstrapScripts(emittedFiles(stdout)), env: undefined }
  }
}

/** Each MIME file's NodeConfig parts; the groups are named in the comment that opens the document. */
function fromNodeConfigs(files: string[]): Record<string, number> {
  const maxPods: Record<string, number> = {}
  for (const config of files.flatMap(nodeConfigsOf)) {
    if (config.apiVersion !== 'node.eks.aws/v1alpha1' || config.kind !== 'NodeConfig')
      throw new Error(`not a NodeConfig: ${String(config.apiVersion)} ${String(config.kind)}`)
    for (const group of groupsOfComment(config.comment)) maxPods[group] = config.maxPods as number
  }
  return maxPods
}

/** Groups that need the same max pods share one NodeConfig, all named in its opening comment. */
function groupsOfComment(comment: string): string[] {
  const names = /kubelet maxPods for node groups? (.+)$/m.exec(comment)?.[1]
  if (!names) throw new Error(`no node group named in the comment: ${comment}`)
  return names.split(', ').map(groupKey)
}

function fromNodeClasses(stdout: string): Record<string, number> {
  const documents = parseAllDocuments(stdout)
  if (!Array.isArray(documents)) throw new Error('no YAML documents')
  const errors = documents.flatMap((document) => document.errors)
  if (errors.length > 0) throw new Error(errors.join('; '))
  const maxPods: Record<string, number> = {}
  for (const document of documents) {
    const value = document.toJS() as {
      apiVersion: string
      kind: string
      metadata: { name: string }
      spec: { kubelet?: { maxPods?: number } }
    } | null
    if (value === null) continue
    if (value.apiVersion !== 'karpenter.k8s.aws/v1' || value.kind !== 'EC2NodeClass')
      throw new Error(`not an EC2NodeClass: ${value.apiVersion} ${value.kind}`)
    maxPods[groupKey(value.metadata.name)] = value.spec.kubelet?.maxPods as number
  }
  return maxPods
}

function fromClusterConfig(stdout: string): SnippetSettings {
  const config = parseYaml(stdout) as {
    apiVersion: string
    kind: string
    managedNodeGroups: { name: string; maxPodsPerNode: number }[]
    addons?: { name: string; configurationValues: string }[]
  }
  if (config.apiVersion !== 'eksctl.io/v1alpha5' || config.kind !== 'ClusterConfig')
    throw new Error(`not an eksctl ClusterConfig: ${config.apiVersion} ${config.kind}`)
  const addon = config.addons?.find((candidate) => candidate.name === 'vpc-cni')
  return {
    maxPods: Object.fromEntries(
      config.managedNodeGroups.map((group) => [groupKey(group.name), group.maxPodsPerNode]),
    ),
    env: addon ? (JSON.parse(addon.configurationValues) as { env: Record<string, string> }).env : undefined,
  }
}

interface TerraformJson {
  resource: {
    aws_launch_template?: Record<string, { user_data: string }[]>
    aws_eks_addon?: Record<string, { configuration_values: string }[]>
  }
}

/** Launch templates whose user data (base64encode of a heredoc) holds a NodeConfig, and the add-on. */
async function fromTerraform(stdout: string): Promise<SnippetSettings> {
  const terraform = (await parseHcl('main.tf', stdout)) as TerraformJson
  const maxPods: Record<string, number> = {}
  for (const [name, [template]] of Object.entries(terraform.resource.aws_launch_template ?? {})) {
    const heredoc = /base64encode\((<<(\w+)\n[\s\S]*?\n\2\n)\s*\)/.exec(template?.user_data ?? '')?.[1]
    if (!heredoc) throw new Error(`launch template ${name}: user_data is not base64encode of a heredoc`)
    const configs = nodeConfigsOf(literal((await hclValue(heredoc)) as string))
    if (configs.length !== 1) throw new Error(`launch template ${name}: ${configs.length} NodeConfigs`)
    maxPods[groupKey(name)] = configs[0]?.maxPods as number
  }
  const addon = Object.values(terraform.resource.aws_eks_addon ?? {})[0]?.[0]
  const object = addon && /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(addon.configuration_values)?.[1]
  if (addon && !object) throw new Error('configuration_values is not jsonencode of an object')
  const env = object ? ((await hclValue(object)) as { env: Record<string, string> }).env : undefined
  return { maxPods, env }
}

/** The value of one HCL expression with no references, as HCL reads it. */
async function hclValue(expression: string): Promise<unknown> {
  const { value } = (await parseHcl('value.tf', `value = ${expression}\n`)) as { value: unknown }
  return value
}

// hcl2json answers in Terraform's JSON syntax, where a literal `${` or `%{` stays doubled.
const literal = (json: string) => json.replaceAll('$${', '${').replaceAll('%%{', '%{')

/** bash must accept each script; its bootstrap.sh line turns off the AMI's own max pods and sets ours. */
function fromBootstrapScripts(files: string[]): Record<string, number> {
  const maxPods: Record<string, number> = {}
  for (const script of files) {
    execFileSync('bash', ['-n'], { input: script })
    const figure = /--use-max-pods false --kubelet-extra-args '--max-pods=(\d+)'/.exec(script)?.[1]
    if (!figure) throw new Error(`no bootstrap.sh max pods in:\n${script}`)
    for (const group of groupsOfComment(script)) maxPods[group] = Number(figure)
  }
  return maxPods
}
