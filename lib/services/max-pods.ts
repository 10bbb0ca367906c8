import { maxPods } from '../domain/max-pods.ts'
import { boundingResult } from '../domain/node-group.ts'
import type { MaxPodsResult, MaxPodsSettings, NodeGroupMaxPods } from '../schemas/max-pods.ts'
import type { InstanceTypesService } from './instance-types.ts'

export function createMaxPodsService(instanceTypes: InstanceTypesService) {
  return {
    async forInstanceTypes(names: readonly string[], settings: MaxPodsSettings): Promise<MaxPodsResult[]> {
      // Look every name up first, so one bad name fails the request before any work is done.
      const records = await Promise.all(names.map((name) => instanceTypes.get(name)))
      return records.map((record) => maxPods(record, settings))
    },

    async forAll(settings: MaxPodsSettings): Promise<MaxPodsResult[]> {
      return (await instanceTypes.list()).map((record) => maxPods(record, settings))
    },

    async forNodeGroup(names: readonly string[], settings: MaxPodsSettings): Promise<NodeGroupMaxPods> {
      const results = await this.forInstanceTypes(names, settings)
      const bound = boundingResult(results)
      return {
        instanceTypes: results.map((result) => result.instanceType),
        maxPods: bound.maxPods,
        boundingInstanceType: bound.instanceType,
        results,
      }
    },
  }
}
export type MaxPodsService = ReturnType<typeof createMaxPodsService>
