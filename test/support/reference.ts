import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's root folder. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/**
 * Upstream reference tables live beside the repository in ../shared/reference (CI has them; a fresh
 * clone elsewhere may not). Tests that need them skip, with this reason, only when they are absent.
 */
export const REFERENCE_DIR =
  process.env.EKS_IP_CAPACITY_REFERENCE_DIR ?? join(REPO_ROOT, '..', 'shared', 'reference')
export const HAS_REFERENCE = existsSync(join(REFERENCE_DIR, 'eni-max-pods.txt'))
export const NO_REFERENCE_REASON = '(skipped: ../shared/reference is absent)'

export function referencePath(name: string): string {
  return join(REFERENCE_DIR, name)
}

export function readReferenceJson<T>(name: string): T {
  return JSON.parse(readFileSync(referencePath(name), 'utf8')) as T
}

/** eni-max-pods.txt as a map of type → max pods. */
export function readEniMaxPods(): Map<string, number> {
  const table = new Map<string, number>()
  for (const line of readFileSync(referencePath('eni-max-pods.txt'), 'utf8').split('\n')) {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const [type, pods] = trimmed.split(/\s+/)
    if (type && pods) table.set(type, Number(pods))
  }
  return table
}

export interface NodeadmInstanceInfo {
  instanceType: string
  defaultMaxENIs: number
  ipv4AddressesPerInterface: number
}

export function readNodeadmInstanceInfo(): NodeadmInstanceInfo[] {
  return readFileSync(referencePath('eks-ami-nodeadm-instance-info.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as NodeadmInstanceInfo)
}
