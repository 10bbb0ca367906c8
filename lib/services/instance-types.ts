import { closestNames } from '../domain/closest-names.ts'
import { UnknownInstanceTypeError } from '../errors.ts'
import type { InstanceCatalog } from '../ports/instance-catalog.ts'
import type { InstanceTypeRecord } from '../schemas/instance-type.ts'

export interface InstanceTypeFilter {
  family?: string
}

export function createInstanceTypesService(catalog: InstanceCatalog) {
  return {
    /** One type's facts; an unknown name fails with the nearest known names. */
    async get(instanceType: string): Promise<InstanceTypeRecord> {
      const name = instanceType.trim().toLowerCase()
      const record = await catalog.get(name)
      if (record) return record
      const known = (await catalog.list()).map((candidate) => candidate.instanceType)
      throw new UnknownInstanceTypeError(instanceType, closestNames(name, known))
    },

    async list(filter: InstanceTypeFilter = {}): Promise<readonly InstanceTypeRecord[]> {
      const all = await catalog.list()
      const family = filter.family?.trim().toLowerCase()
      return family ? all.filter((record) => record.family === family) : all
    },

    origin: () => catalog.origin(),
  }
}
export type InstanceTypesService = ReturnType<typeof createInstanceTypesService>
