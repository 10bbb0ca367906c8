import { maxPods } from '../domain/max-pods.ts'
import { boundingResult } from '../domain/node-group.ts'
import { InvalidInputError } from '../errors.ts'
import type { MaxPodsBatchRequest } from '../schemas/api/capacity.ts'
import { type MaxPodsResult, MaxPodsSettings, type NodeGroupMaxPods } from '../schemas/max-pods.ts'
import type { Answer } from './catalog-reader.ts'
import { combinedOrigin, type InstanceTypesService } from './instance-types.ts'

export type BatchResult =
  | { kind: 'instance-type'; result: MaxPodsResult }
  | { kind: 'node-group'; result: NodeGroupMaxPods }

export function createMaxPodsService(instanceTypes: InstanceTypesService) {
  async function forInstanceTypes(
    names: readonly string[],
    settings: MaxPodsSettings,
    region?: string,
  ): Promise<Answer<MaxPodsResult[]>> {
    // Look every name up first, so one bad name fails the request before any work is done.
    const answers = await Promise.all(names.map((name) => instanceTypes.get(name, region)))
    return {
      value: answers.map((answer) => maxPods(answer.value.record, settings)),
      origin: combinedOrigin(answers.map((answer) => answer.origin)),
    }
  }

  async function forNodeGroup(
    names: readonly string[],
    settings: MaxPodsSettings,
    region?: string,
  ): Promise<Answer<NodeGroupMaxPods>> {
    const { value: results, origin } = await forInstanceTypes(names, settings, region)
    const bound = boundingResult(results)
    return {
      value: {
        instanceTypes: results.map((result) => result.instanceType),
        maxPods: bound.maxPods,
        boundingInstanceType: bound.instanceType,
        results,
      },
      origin,
    }
  }

  return {
    forInstanceTypes,
    forNodeGroup,

    async forAll(settings: MaxPodsSettings, region?: string): Promise<Answer<MaxPodsResult[]>> {
      const { value, origin } = await instanceTypes.list({}, region)
      return { value: value.map((record) => maxPods(record, settings)), origin }
    },

    /** Many questions at once; each request's settings override the shared ones field by field. */
    async batch(request: MaxPodsBatchRequest): Promise<Answer<BatchResult[]>> {
      const settingsOf = request.requests.map((item, index) =>
        mergedSettings(request.settings, item.settings, index),
      )
      const answers = await Promise.all(
        request.requests.map(async (item, index): Promise<Answer<BatchResult>> => {
          const settings = settingsOf[index] as MaxPodsSettings
          if ('nodeGroup' in item) {
            const { value, origin } = await forNodeGroup(item.nodeGroup, settings, request.region)
            return { value: { kind: 'node-group', result: value }, origin }
          }
          const { value, origin } = await forInstanceTypes([item.instanceType], settings, request.region)
          return { value: { kind: 'instance-type', result: value[0] as MaxPodsResult }, origin }
        }),
      )
      return {
        value: answers.map((answer) => answer.value),
        origin: combinedOrigin(answers.map((answer) => answer.origin)),
      }
    },
  }
}
export type MaxPodsService = ReturnType<typeof createMaxPodsService>

function mergedSettings(shared: object | undefined, own: object | undefined, index: number): MaxPodsSettings {
  const parsed = MaxPodsSettings.safeParse({ ...shared, ...own })
  if (parsed.success) return parsed.data
  // The combination is what failed; name the request it belongs to.
  throw new InvalidInputError(
    parsed.error.issues.map((issue) => ({
      field: `requests[${index}].settings.${issue.path.join('.')}`,
      message: issue.message,
    })),
  )
}
