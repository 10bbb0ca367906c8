import { vpcCidrBlocks } from '../adapters/ec2/subnet-shapes.ts'
import { parseCidr } from '../domain/ipv4.ts'
import { prefixDelegationCapable } from '../domain/max-pods-terms.ts'
import { emitLayout } from '../domain/sizing/emit-layout.ts'
import { InvalidInputError } from '../errors.ts'
import type { SubnetInventory } from '../ports/subnet-inventory.ts'
import type { VpcCidrs } from '../ports/vpc-cidrs.ts'
import {
  type SizingAlternative,
  type SizingNodeGroup,
  type SizingRequest,
  type SizingResult,
  zoneRegion,
} from '../schemas/sizing.ts'
import type { InstanceTypesService } from './instance-types.ts'
import type { PlanService } from './plan.ts'
import {
  type AddressSpace,
  type Evaluate,
  type Layout,
  layOut,
  layoutAsAnalyses,
  plannedGroups,
} from './sizing-layout.ts'

/** Custom networking's usual pod space, offered when the address space cannot hold the pods. */
const SUGGESTED_POD_CIDR = '100.64.0.0/16'

/**
 * Greenfield sizing: the subnets (and prefix reservations) planned node groups need, carved from a VPC's
 * free space, proved by running the plan on the layout; and, when the space cannot hold them, what would.
 */
export function createSizingService(deps: {
  plans: Pick<PlanService, 'evaluate'>
  instanceTypes: InstanceTypesService
  inventory?: (region: string) => SubnetInventory & VpcCidrs
  defaultRegion: string
}) {
  return {
    async size(request: SizingRequest): Promise<SizingResult> {
      // The zones say the region (the schema holds them to one).
      const zone = request.nodeGroups[0]?.availabilityZones[0]
      const region = request.region ?? (zone ? zoneRegion(zone) : deps.defaultRegion)
      const space = await addressSpaceOf(request, region)
      const evaluate: Evaluate = (groups, analyses) => deps.plans.evaluate(groups, analyses, region)
      const layout = await layOut(request.nodeGroups, request.headroomPercent, space, evaluate)
      const placed = layout.missing.length === 0
      const proof = placed
        ? await evaluate(plannedGroups(request.nodeGroups), layoutAsAnalyses(layout.subnets, space.vpcId))
        : null
      const result: SizingResult = {
        verdict: proof ? proof.verdict : 'does-not-fit',
        addressSpace: { vpcId: space.vpcId, cidrs: space.cidrs, existingSubnets: space.taken },
        headroomPercent: request.headroomPercent,
        nodeGroups: layout.plan.nodeGroups.map((group, index) => ({
          name: group.name,
          instanceTypes: group.instanceTypes,
          kubeletMaxPods: group.kubeletMaxPods,
          mode: group.mode,
          perNode: group.perNode,
          availabilityZones: request.nodeGroups[index]?.availabilityZones ?? [],
          desiredNodes: request.nodeGroups[index]?.desiredNodes ?? group.desiredNodes,
          maxNodes:
            request.nodeGroups[index]?.maxNodes ?? request.nodeGroups[index]?.desiredNodes ?? group.maxNodes,
        })),
        subnets: layout.subnets,
        shortfall: placed
          ? null
          : {
              missing: layout.missing,
              largestFree: layout.largestFree,
              alternatives: await alternatives(request, space, evaluate, region),
            },
        proof: proof && {
          verdict: proof.verdict,
          subnets: proof.subnets.map(({ subnetId, verdict, utilization }) => ({
            name: subnetId,
            verdict,
            utilization,
          })),
          reasons: proof.nodeGroups.flatMap((group) =>
            group.reasons.map((reason) => `${group.name}: ${reason}`),
          ),
        },
        warnings: [...layout.plan.warnings, ...peakWarnings(layout)],
      }
      if (!request.emit || !placed) return result
      return {
        ...result,
        configuration: emitLayout(request.emit, layoutInput(request, region, space, layout)),
      }
    },
  }

  async function addressSpaceOf(request: SizingRequest, region: string): Promise<AddressSpace> {
    if (request.addressSpace) {
      const cidrs = [request.addressSpace.vpcCidr, ...(request.addressSpace.secondaryCidrs ?? [])]
      refuseOverlaps(cidrs, 'addressSpace.secondaryCidrs')
      return { vpcId: null, cidrs, taken: [] }
    }
    if (request.exports) {
      const vpc = request.exports.vpcs.Vpcs[0] as NonNullable<(typeof request.exports.vpcs.Vpcs)[0]>
      const taken = request.exports.subnets.Subnets.filter(
        (subnet) => subnet.VpcId === undefined || subnet.VpcId === vpc.VpcId,
      )
        .map((subnet) => subnet.CidrBlock)
        .filter((cidr): cidr is string => typeof cidr === 'string')
      return { vpcId: vpc.VpcId, cidrs: vpcCidrBlocks(vpc), taken }
    }
    const vpcId = (request.vpc as { vpcId: string }).vpcId
    if (!deps.inventory) throw new Error('this sizing service reads no VPC')
    const inventory = deps.inventory(region)
    const [cidrs, subnets] = await Promise.all([
      inventory.vpcCidrs(vpcId, region),
      inventory.subnets({ vpcId }, region),
    ])
    return {
      vpcId,
      cidrs,
      taken: subnets.map((subnet) => subnet.cidr).filter((cidr): cidr is string => cidr !== null),
    }
  }

  /** What would fit when the space cannot hold the layout: fewer nodes, prefix delegation, a secondary CIDR. */
  async function alternatives(
    request: SizingRequest,
    space: AddressSpace,
    evaluate: Evaluate,
    region: string,
  ): Promise<SizingAlternative[]> {
    const fits = async (groups: readonly SizingNodeGroup[], within: AddressSpace) =>
      (await layOut(groups, request.headroomPercent, within, evaluate)).missing.length === 0
    const found: SizingAlternative[] = []

    // The most nodes that fit with every group's max scaled by the same share. A group's count changes only
    // at shares k ÷ its max, and two such shares differ by at least 1 ÷ largest²: halving the share until
    // the interval is narrower than that leaves at most one change in it, the one that no longer fits.
    const largest = Math.max(1, ...request.nodeGroups.map((group) => group.maxNodes ?? group.desiredNodes))
    let low = 0
    let high = 1
    while (high - low >= 1 / (largest * largest)) {
      const middle = (low + high) / 2
      if (await fits(scaled(request.nodeGroups, middle), space)) low = middle
      else high = middle
    }
    const fewer = scaled(request.nodeGroups, low)
    const someFit = low > 0 && fewer.some((group) => (group.maxNodes ?? group.desiredNodes) > 0)
    found.push({
      kind: 'fewer-nodes',
      fits: someFit,
      summary: someFit
        ? `at most ${fewer.map((group) => `${group.maxNodes ?? group.desiredNodes} ${group.name} nodes`).join(', ')} fit this address space (${share(fewer, request.nodeGroups)} % of the planned max)`
        : 'not even one node of each group fits this address space',
    })

    const withoutPrefixes = request.nodeGroups.filter((group) => !group.settings?.prefixDelegation)
    const capable = await Promise.all(
      withoutPrefixes.map(async (group) =>
        (await Promise.all(group.instanceTypes.map((name) => deps.instanceTypes.get(name, region)))).every(
          (answer) => prefixDelegationCapable(answer.value.record),
        ),
      ),
    )
    if (withoutPrefixes.length > 0 && capable.every(Boolean)) {
      const delegated = request.nodeGroups.map((group) => ({
        ...group,
        settings: { ...group.settings, prefixDelegation: true },
      }))
      const ok = await fits(delegated, space)
      found.push({
        kind: 'prefix-delegation',
        fits: ok,
        summary: `with prefix delegation on ${withoutPrefixes.map((group) => group.name).join(', ')} the layout ${ok ? 'fits' : 'still does not fit'} this address space`,
      })
    }

    const hasPodSpace = space.cidrs.some((cidr) => cidr.startsWith('100.'))
    if (!hasPodSpace) {
      const custom = request.nodeGroups.map((group) => ({
        ...group,
        settings: { ...group.settings, customNetworking: true },
      }))
      // Custom networking takes the primary ENI from pods, so a pod count that fits a node today may not
      // fit it then: that is an answer (this remedy does not fit), not a mistake in the request.
      const ok = await fits(custom, { ...space, cidrs: [...space.cidrs, SUGGESTED_POD_CIDR] }).catch(
        (error: unknown) => {
          if (error instanceof InvalidInputError) return error
          throw error
        },
      )
      const what = `with a secondary CIDR ${SUGGESTED_POD_CIDR} for pod subnets (custom networking: ENIConfigs per zone, one ENI fewer for pods on each node)`
      found.push({
        kind: 'secondary-cidr',
        fits: ok === true,
        summary:
          ok instanceof InvalidInputError
            ? `${what} the planned pods no longer fit their nodes: ${ok.message}`
            : `${what} the layout ${ok ? 'fits' : 'still does not fit'}`,
      })
    }
    return found
  }
}
export type SizingService = ReturnType<typeof createSizingService>

/** The nodes at max of `fewer` as a whole percentage of those of `planned`. */
function share(fewer: readonly SizingNodeGroup[], planned: readonly SizingNodeGroup[]): number {
  const total = (groups: readonly SizingNodeGroup[]) =>
    groups.reduce((sum, group) => sum + (group.maxNodes ?? group.desiredNodes), 0)
  return Math.floor((total(fewer) / Math.max(1, total(planned))) * 100)
}

/**
 * Where the nodes at kubelet max pods would hold more than a subnet holds: sized for the pods planned, the
 * layout says so rather than sizing every subnet for full nodes.
 */
function peakWarnings(layout: Layout): string[] {
  return layout.subnets.flatMap((subnet) => {
    const over = [
      subnet.demand.peak.addresses > subnet.capacity.addresses
        ? `${subnet.demand.peak.addresses} addresses (it holds ${subnet.capacity.addresses} outside its reservations)`
        : null,
      subnet.demand.peak.blocks > subnet.capacity.blocks
        ? `${subnet.demand.peak.blocks} /28 prefixes (its reservations hold ${subnet.capacity.blocks})`
        : null,
    ].filter((part) => part !== null)
    return over.length > 0 && subnet.cidr !== null
      ? [
          `${subnet.name}: with every node at kubelet max pods it would need ${over.join(' and ')}; size for --pods max to hold that`,
        ]
      : []
  })
}

/** Every group's max (and desired, if above it) at this share of the plan, rounded down. */
function scaled(groups: readonly SizingNodeGroup[], share: number): SizingNodeGroup[] {
  return groups.map((group) => {
    const max = Math.floor((group.maxNodes ?? group.desiredNodes) * share)
    return { ...group, maxNodes: max, desiredNodes: Math.min(group.desiredNodes, max) }
  })
}

function refuseOverlaps(cidrs: readonly string[], field: string): void {
  const parsed = cidrs.map((cidr) => parseCidr(cidr))
  parsed.forEach((cidr, index) => {
    if (index === 0 || !cidr) return
    const clash = parsed
      .slice(0, index)
      .find(
        (other) =>
          other && cidr.network < other.network + other.size && other.network < cidr.network + cidr.size,
      )
    if (clash)
      throw new InvalidInputError([
        {
          field: `${field}[${index - 1}]`,
          message: `${cidrs[index]} overlaps ${cidrs[parsed.indexOf(clash)]}`,
        },
      ])
  })
}

function layoutInput(request: SizingRequest, region: string, space: AddressSpace, layout: Layout) {
  return {
    vpc: {
      id: space.vpcId,
      cidr: space.vpcId ? null : (space.cidrs[0] ?? null),
      secondaryCidrs: space.vpcId ? [] : space.cidrs.slice(1),
    },
    clusterName: request.clusterName ?? null,
    region,
    subnets: layout.subnets.map((subnet) => ({
      name: subnet.name,
      role: subnet.role,
      availabilityZone: subnet.availabilityZone,
      cidr: subnet.cidr as string,
      prefixReservations: subnet.prefixReservations,
    })),
    sources: layout.subnets.map(
      (subnet) =>
        `${subnet.name}: /${subnet.prefixLength} for ${subnet.demand.max.addresses} addresses and ${subnet.demand.max.blocks} /28 prefixes at max nodes, ${request.headroomPercent} % headroom`,
    ),
  }
}
