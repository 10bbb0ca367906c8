import { parseCidr, within } from '../domain/ipv4.ts'
import { ADDRESSES_PER_PREFIX } from '../domain/max-pods-terms.ts'
import { carve } from '../domain/sizing/carve.ts'
import type { CidrRequest, SubnetNeed } from '../domain/sizing/sizing-terms.ts'
import { prefixReservations, smallestSubnet } from '../domain/sizing/subnet-size.ts'
import type { NodeGroupPlan, PlanResult, SubnetAssessment } from '../schemas/plan.ts'
import type { ProposedSubnet, SizingNodeGroup } from '../schemas/sizing.ts'
import type { CidrReservationFacts, SubnetAnalysis, SubnetFacts } from '../schemas/subnets.ts'
import { analyseFacts } from './subnet-analysis.ts'

// A layout for node groups: what each zone's subnets must hold (the plan's own arithmetic, on stand-in
// subnets), the smallest subnet and prefix reservations that hold it with headroom, and where in the address
// space each goes.

/** The plan of node groups against analysed subnets. */
export type Evaluate = (
  nodeGroups: readonly NodeGroupPlan[],
  analyses: SubnetAnalysis[],
) => Promise<PlanResult>

/** AWS keeps five addresses of every subnet. */
const AWS_RESERVED = 5

/** The shared address space for carrier-grade NAT that custom networking pod subnets usually take. */
const POD_SPACE = parseCidr('100.64.0.0/10')

export interface AddressSpace {
  vpcId: string | null
  /** The VPC's CIDRs, primary first. */
  cidrs: string[]
  /** CIDRs already taken (existing subnets). */
  taken: string[]
}

export interface Layout {
  plan: PlanResult
  subnets: ProposedSubnet[]
  /** Subnets no free aligned block could hold, in words. */
  missing: string[]
  largestFree: Record<string, string | null>
}

/** The subnet every group's nodes take in a zone, and the pod subnet where the group uses custom networking. */
export function subnetName(role: 'nodes' | 'pods', zone: string): string {
  return `${role}-${zone}`
}

/**
 * The groups as a plan sees them: nodes spread over their zones' node subnets, pods on their pod subnets.
 * Each zone is sized for ⌈nodes ÷ zones⌉ nodes: the autoscaler may put the odd node in any zone, and a zone
 * of a group always gets at least one node's worth.
 */
export function plannedGroups(groups: readonly SizingNodeGroup[]): NodeGroupPlan[] {
  return groups.map(({ availabilityZones, ...group }) => {
    const zones = availabilityZones.length
    const everyZone = (nodes: number) => Math.ceil(nodes / zones) * zones
    return {
      ...group,
      desiredNodes: everyZone(group.desiredNodes),
      maxNodes: everyZone(group.maxNodes ?? group.desiredNodes),
      subnetIds: availabilityZones.map((zone) => subnetName('nodes', zone)),
      ...(group.settings?.customNetworking
        ? { podSubnetIds: availabilityZones.map((zone) => subnetName('pods', zone)) }
        : {}),
    }
  })
}

export async function layOut(
  groups: readonly SizingNodeGroup[],
  headroomPercent: number,
  space: AddressSpace,
  evaluate: Evaluate,
): Promise<Layout> {
  const planned = plannedGroups(groups)
  const standIns = standInSubnets(groups)
  const atMax = await evaluate(planned, standIns)
  const atDesired = await evaluate(
    planned.map((group) => ({ ...group, maxNodes: group.desiredNodes })),
    standIns,
  )
  const factor = 1 + headroomPercent / 100
  const sized = atMax.subnets.map((subnet) => {
    const need: SubnetNeed = {
      addresses: Math.ceil(subnet.demand.addresses * factor),
      blocks: Math.ceil(subnet.demand.blocks * factor),
    }
    return { subnet, need, prefixLength: smallestSubnet(need) }
  })
  const missing: string[] = []
  const requests: CidrRequest[] = []
  for (const { subnet, need, prefixLength } of sized) {
    if (prefixLength === null) {
      missing.push(
        `${subnet.subnetId} needs ${need.addresses} addresses and ${need.blocks} /28s: more than a /16, the largest subnet EC2 allows; spread the groups over more zones`,
      )
      continue
    }
    requests.push({
      key: subnet.subnetId,
      prefixLength,
      spaces: spacesFor(roleOf(subnet.subnetId), space.cidrs),
    })
  }
  // Node subnets first, and outside the pod space where there is other room: nodes stay routable, and a pod
  // subnet never takes the primary space a node subnet needed. Pod subnets then, in the pod space first.
  const forNodes = carve(
    space.cidrs,
    space.taken,
    requests.filter((request) => roleOf(request.key) === 'nodes'),
  )
  const forPods = carve(
    space.cidrs,
    [...space.taken, ...forNodes.placed.values()],
    requests.filter((request) => roleOf(request.key) === 'pods'),
  )
  const carving = {
    placed: new Map([...forNodes.placed, ...forPods.placed]),
    unplaced: [...forNodes.unplaced, ...forPods.unplaced],
    largestFree: forPods.largestFree,
  }
  for (const request of carving.unplaced)
    missing.push(
      `${request.key} needs a /${request.prefixLength} (${2 ** (32 - request.prefixLength)} addresses): no free aligned /${request.prefixLength} is left in ${request.spaces.join(', ')}`,
    )
  const subnets = sized.map(({ subnet, need, prefixLength }) =>
    proposed(subnet, need, prefixLength, carving.placed.get(subnet.subnetId) ?? null, atDesired),
  )
  return {
    plan: atMax,
    subnets,
    missing,
    largestFree: Object.fromEntries(carving.largestFree),
  }
}

/** The proposed layout as subnets with no ENI yet, for the plan to judge: the proof. */
export function layoutAsAnalyses(subnets: readonly ProposedSubnet[], vpcId: string | null): SubnetAnalysis[] {
  const facts: SubnetFacts[] = []
  const reservations: CidrReservationFacts[] = []
  for (const subnet of subnets) {
    if (subnet.cidr === null) continue
    facts.push({
      subnetId: subnet.name,
      vpcId: vpcId ?? 'vpc-proposed',
      availabilityZone: subnet.availabilityZone,
      cidr: subnet.cidr,
      ipv6Cidrs: [],
      availableIpAddressCount: subnet.addresses - AWS_RESERVED,
      tags: {},
    })
    subnet.prefixReservations.forEach((cidr, index) => {
      reservations.push({
        reservationId: `scr-${subnet.name}-${index}`,
        subnetId: subnet.name,
        cidr,
        type: 'prefix',
      })
    })
  }
  return analyseFacts(facts, [], reservations).analyses
}

function proposed(
  subnet: SubnetAssessment,
  need: SubnetNeed,
  prefixLength: number | null,
  cidr: string | null,
  atDesired: PlanResult,
): ProposedSubnet {
  const [role, ...zone] = subnet.subnetId.split('-')
  const size = prefixLength === null ? 0 : 2 ** (32 - prefixLength)
  const reservations = cidr !== null && need.blocks > 0 ? prefixReservations(cidr, need.blocks) : []
  const capacity = {
    addresses: Math.max(0, size - AWS_RESERVED - ADDRESSES_PER_PREFIX * need.blocks),
    blocks: need.blocks,
  }
  const desired = atDesired.subnets.find((each) => each.subnetId === subnet.subnetId)?.demand
  const room = (have: number, want: number) =>
    want === 0 ? null : Math.round(((have - want) / want) * 1000) / 10
  return {
    name: subnet.subnetId,
    role: role === 'pods' ? 'pods' : 'nodes',
    availabilityZone: zone.join('-'),
    cidr,
    prefixLength: prefixLength ?? 0,
    addresses: size,
    prefixReservations: reservations,
    demand: {
      desired: { addresses: desired?.addresses ?? 0, blocks: desired?.blocks ?? 0 },
      max: { addresses: subnet.demand.addresses, blocks: subnet.demand.blocks },
      peak: { addresses: subnet.demand.peakAddresses, blocks: subnet.demand.peakBlocks },
    },
    capacity,
    headroomPercent: {
      addresses: room(capacity.addresses, subnet.demand.addresses),
      blocks: room(capacity.blocks, subnet.demand.blocks),
    },
    nodes: subnet.demand.nodes,
  }
}

/**
 * A roomy stand-in subnet for every subnet the layout will have, so that the plan's own arithmetic says what
 * each must hold (the supply is of no interest here, only the demand).
 */
function standInSubnets(groups: readonly SizingNodeGroup[]): SubnetAnalysis[] {
  const names = new Map<string, string>()
  for (const group of groups)
    for (const zone of group.availabilityZones) {
      names.set(subnetName('nodes', zone), zone)
      if (group.settings?.customNetworking) names.set(subnetName('pods', zone), zone)
    }
  const facts: SubnetFacts[] = [...names].map(([name, zone], index) => ({
    subnetId: name,
    vpcId: 'vpc-stand-in',
    availabilityZone: zone,
    // Each its own /16 of 10.0.0.0/8: as large as a subnet gets, never overlapping.
    cidr: `10.${index}.0.0/16`,
    ipv6Cidrs: [],
    availableIpAddressCount: null,
    tags: {},
  }))
  return analyseFacts(facts, [], []).analyses
}

function roleOf(name: string): 'nodes' | 'pods' {
  return name.startsWith('pods-') ? 'pods' : 'nodes'
}

/**
 * Which of the VPC's CIDRs a subnet may take, in order: a node subnet the CIDRs outside the shared
 * 100.64.0.0/10 space (only those, when there are any: nodes must stay routable), a pod subnet that space
 * first (what custom networking is for), then the others.
 */
function spacesFor(role: 'nodes' | 'pods', cidrs: readonly string[]): string[] {
  const isPodSpace = (cidr: string) => {
    const parsed = parseCidr(cidr)
    return parsed !== undefined && POD_SPACE !== undefined && within(POD_SPACE, parsed)
  }
  const pod = cidrs.filter(isPodSpace)
  const other = cidrs.filter((cidr) => !isPodSpace(cidr))
  if (role === 'pods') return [...pod, ...other]
  return other.length > 0 ? other : pod
}
