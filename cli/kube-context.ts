import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, join } from 'node:path'
import { parse } from 'yaml'
import { InvalidInputError } from '../lib/errors.ts'

/** The EKS cluster a kube context points at, as kubectl would pick it. */
export interface KubeContextCluster {
  context: string
  cluster: string
  /** Known from the ARN, the token command's --region or eksctl's name; else undefined. */
  region: string | undefined
  /**
   * The AWS profile the context's token command runs with: its --profile, else AWS_PROFILE in its env
   * (what `aws eks update-kubeconfig --profile P` writes); else undefined.
   */
  profile?: string
}

/** kubectl's --context and --kubeconfig: another context than the current one, another file than the usual. */
export interface KubeChoice {
  context?: string | undefined
  kubeconfig?: string | undefined
}

interface Named<T> {
  name?: unknown
  context?: T
  user?: T
}
interface Kubeconfig {
  'current-context'?: unknown
  contexts?: Named<{ cluster?: unknown; user?: unknown }>[]
  users?: Named<{ exec?: { command?: unknown; args?: unknown; env?: unknown } }>[]
}

// arn:aws:eks:eu-west-1:111122223333:cluster/prod (also the aws-cn and aws-us-gov partitions).
const EKS_ARN = /^arn:aws[\w-]*:eks:([a-z0-9-]+):\d{12}:cluster\/([\w-]+)$/
// eksctl names its kubeconfig clusters NAME.REGION.eksctl.io (contexts: USER@NAME.REGION.eksctl.io).
const EKSCTL_NAME = /^(?:[^@]*@)?([\w-]+)\.([a-z]{2}(?:-[a-z]+)+-\d)\.eksctl\.io$/

const PASS_A_SELECTOR = 'pass --cluster NAME (or --vpc-id, --subnet-id)'

/**
 * Reads the kubeconfig as kubectl does (--kubeconfig FILE alone, else KUBECONFIG, a list merged so that
 * the first file setting a value wins, else ~/.kube/config) and names the EKS cluster of --context, else
 * of the current context. Throws a usage error when there is no such context or it is not an EKS cluster.
 */
export function currentEksCluster(
  choice: KubeChoice = {},
  env: NodeJS.ProcessEnv = process.env,
  home = homedir(),
): KubeContextCluster {
  const files = choice.kubeconfig
    ? [choice.kubeconfig]
    : env.KUBECONFIG
      ? env.KUBECONFIG.split(delimiter).filter((file) => file !== '')
      : [join(home, '.kube', 'config')]
  // kubectl refuses a --kubeconfig that does not exist, where it skips a missing KUBECONFIG entry.
  if (choice.kubeconfig && !existsSync(choice.kubeconfig))
    throw usage('--kubeconfig', `${choice.kubeconfig} does not exist`)
  const configs = files.map(readKubeconfig).filter((config) => config !== undefined)
  const field = choice.context ? '--context' : '--cluster'
  const name = choice.context ?? configs.map((config) => config['current-context']).find(isText)
  if (!name) throw usage(field, `no current kube context in ${files.join(delimiter)}; ${PASS_A_SELECTOR}`)
  const context = firstNamed(configs, 'contexts', name)?.context
  if (!context)
    throw usage(field, `the kube context '${name}' is defined in no kubeconfig file; ${PASS_A_SELECTOR}`)
  const kubeCluster = isText(context.cluster) ? context.cluster : undefined
  const user = isText(context.user) ? firstNamed(configs, 'users', context.user)?.user : undefined
  const found = fromArn(kubeCluster) ?? fromTokenCommand(user?.exec?.args) ?? fromEksctl(kubeCluster ?? name)
  if (!found) throw usage(field, `the kube context '${name}' is not an EKS cluster; ${PASS_A_SELECTOR}`)
  const profile = profileOfExec(user?.exec)
  return { context: name, ...found, ...(profile ? { profile } : {}) }
}

/**
 * The profile the token command runs with: its --profile argument, which the AWS CLI obeys over the
 * environment, else AWS_PROFILE in its env (a list of name/value pairs).
 */
function profileOfExec(exec: { args?: unknown; env?: unknown } | undefined): string | undefined {
  const args = Array.isArray(exec?.args) ? exec.args : []
  const flag = args.indexOf('--profile')
  const fromArgs = flag >= 0 ? args[flag + 1] : undefined
  if (isText(fromArgs)) return fromArgs
  const env: { name?: unknown; value?: unknown }[] = Array.isArray(exec?.env) ? exec.env : []
  const fromEnv = env.find((entry) => entry?.name === 'AWS_PROFILE')?.value
  return isText(fromEnv) ? fromEnv : undefined
}

function fromArn(name: string | undefined) {
  const match = name ? EKS_ARN.exec(name) : null
  return match ? { cluster: match[2] as string, region: match[1] as string } : undefined
}

/** `aws eks get-token --cluster-name NAME --region R`, as `aws eks update-kubeconfig` and eksctl write it. */
function fromTokenCommand(args: unknown) {
  if (!Array.isArray(args) || !args.includes('get-token')) return undefined
  const value = (flag: string) => {
    const index = args.indexOf(flag)
    const next = index >= 0 ? args[index + 1] : undefined
    return isText(next) ? next : undefined
  }
  const cluster = value('--cluster-name')
  return cluster ? { cluster, region: value('--region') } : undefined
}

function fromEksctl(name: string) {
  const match = EKSCTL_NAME.exec(name)
  return match ? { cluster: match[1] as string, region: match[2] as string } : undefined
}

function firstNamed<K extends 'contexts' | 'users'>(configs: Kubeconfig[], list: K, name: string) {
  for (const config of configs) {
    const entry = (config[list] ?? []).find((item) => item?.name === name)
    if (entry) return entry as NonNullable<Kubeconfig[K]>[number]
  }
  return undefined
}

function readKubeconfig(file: string): Kubeconfig | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    // kubectl skips a listed file that does not exist; so do we.
    return undefined
  }
  try {
    const config = parse(text) as unknown
    return typeof config === 'object' && config !== null ? (config as Kubeconfig) : undefined
  } catch (error) {
    throw usage(
      '--cluster',
      `${file} is not a kubeconfig (${(error as Error).message.split('\n')[0]}); ${PASS_A_SELECTOR}`,
    )
  }
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== ''
}

function usage(field: string, message: string) {
  return new InvalidInputError([{ field, message }])
}
