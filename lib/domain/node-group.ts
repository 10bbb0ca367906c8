import type { MaxPodsResult } from '../schemas/max-pods.ts'

/**
 * A node group's kubelet max pods must hold on every type it may launch, so the smallest wins. On a
 * tie the first type given bounds the group.
 */
export function boundingResult(results: readonly MaxPodsResult[]): MaxPodsResult {
  const [first, ...rest] = results
  if (!first) throw new RangeError('a node group needs at least one instance type')
  return rest.reduce((smallest, result) => (result.maxPods < smallest.maxPods ? result : smallest), first)
}
