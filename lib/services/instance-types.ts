import { closestNames } from '../domain/closest-names.ts'
import { prefixDelegationCapable } from '../domain/max-pods-terms.ts'
import { UnknownInstanceTypeError } from '../errors.ts'
import type { CatalogEntry, CatalogOrigin } from '../ports/instance-catalog.ts'
import type { InstanceTypeRecord } from '../schemas/instance-type.ts'
import type { Answer, CatalogReader } from './catalog-reader.ts'

export interface InstanceTypeFilter {
  family?: string | undefined
  minVcpus?: number | undefined
  prefixDelegationCapable?: boolean | undefined
  trunking?: boolean | undefined
}

export function createInstanceTypesService(reader: CatalogReader, defaultRegion: string) {
  return {
    /** One type's facts; an unknown name fails with the nearest known names. */
    async get(instanceType: string, region = defaultRegion): Promise<Answer<CatalogEntry>> {
      const name = instanceType.trim().toLowerCase()
      const answer = await reader.get(region, name)
      if (answer.value) return { value: answer.value, origin: answer.origin }
      const known = (await reader.list(region)).value.map((record) => record.instanceType)
      throw new UnknownInstanceTypeError(instanceType, closestNames(name, known))
    },

    async list(
      filter: InstanceTypeFilter = {},
      region = defaultRegion,
    ): Promise<Answer<InstanceTypeRecord[]>> {
      const answer = await reader.list(region)
      return { value: answer.value.filter(matches(filter)), origin: answer.origin }
    },

    reader,
  }
}
export type InstanceTypesService = ReturnType<typeof createInstanceTypesService>

function matches(filter: InstanceTypeFilter): (record: InstanceTypeRecord) => boolean {
  const family = filter.family?.trim().toLowerCase()
  return (record) =>
    (family === undefined || record.family === family) &&
    // Unknown vCPUs satisfy no minimum: the filter promises at least that many.
    (filter.minVcpus === undefined || (record.vcpus !== null && record.vcpus >= filter.minVcpus)) &&
    (filter.prefixDelegationCapable === undefined ||
      prefixDelegationCapable(record) === filter.prefixDelegationCapable) &&
    (filter.trunking === undefined || (record.trunking?.compatible ?? false) === filter.trunking)
}

/** Several lookups answer as their least fresh source: one snapshot answer makes the whole answer one. */
export function combinedOrigin(origins: readonly CatalogOrigin[]): CatalogOrigin {
  const fallback = origins.find((origin) => origin.source === 'snapshot')
  const [first] = origins
  if (!first) throw new RangeError('no origins to combine')
  return fallback ?? first
}
