import * as z from 'zod'
import { CatalogImportError } from '../../errors.ts'
import { fieldIssues } from '../../schemas/field-issues.ts'
import type { FactSource, InstanceTypeRecord, Trunking } from '../../schemas/instance-type.ts'
import { familyOf } from '../ec2/to-instance-type-record.ts'

// The per-type limits tables AWS's Kubernetes projects publish, read as facts beside an EC2 export.
// They describe ENIs, IPv4 per ENI, network cards, hypervisor and bare metal; never vCPUs or memory.

const count = z.number().int().min(0)
const CardLimit = z.looseObject({ NetworkCardIndex: count, MaximumNetworkInterfaces: count })

/** amazon-vpc-cni-k8s `pkg/vpc/vpc_ip_resource_limit.go` as JSON, keyed by instance type. */
export const VpcIpLimits = z.record(
  z.string(),
  z.looseObject({
    ENILimit: z.number().int().positive(),
    IPv4Limit: z.number().int().positive(),
    DefaultNetworkCardIndex: count,
    NetworkCards: z.array(CardLimit).min(1),
    HypervisorType: z.string(),
    IsBareMetal: z.boolean(),
  }),
)
export type VpcIpLimits = z.infer<typeof VpcIpLimits>

/**
 * amazon-vpc-resource-controller-k8s `pkg/aws/vpc/limits.go` as JSON. Only the trunking facts are
 * required; where a line also carries ENI limits, a type missing from every other source can be built.
 */
export const BranchEniLimits = z.record(
  z.string(),
  z.looseObject({
    IsTrunkingCompatible: z.boolean(),
    BranchInterface: count,
    IPv4PerInterface: z.number().int().positive().optional(),
    DefaultNetworkCardIndex: count.optional(),
    NetworkCards: z.array(CardLimit).min(1).optional(),
    Hypervisor: z.string().optional(),
    IsBareMetal: z.boolean().optional(),
  }),
)
export type BranchEniLimits = z.infer<typeof BranchEniLimits>

export function parseVpcIpLimits(fileName: string, json: unknown): VpcIpLimits {
  return parseTable(VpcIpLimits, json, `${fileName}: not a VPC CNI limits table`)
}

export function parseBranchLimits(fileName: string, json: unknown): BranchEniLimits {
  return parseTable(BranchEniLimits, json, `${fileName}: not a branch ENI limits file`)
}

export function trunkingOf(name: string, branchLimits: BranchEniLimits | null): Trunking | null {
  const limits = branchLimits?.[name]
  return limits ? { compatible: limits.IsTrunkingCompatible, branchEnis: limits.BranchInterface } : null
}

/** A record from the VPC CNI's line for a type EC2's export did not describe. */
export function recordFromVpcLimit(
  name: string,
  limit: VpcIpLimits[string],
  trunking: Trunking | null,
): InstanceTypeRecord {
  return tableRecord(name, 'vpc-cni-limits', trunking, {
    cards: limit.NetworkCards,
    defaultCardIndex: limit.DefaultNetworkCardIndex,
    defaultCardMaxEnis: limit.ENILimit,
    ipv4PerEni: limit.IPv4Limit,
    hypervisor: limit.HypervisorType,
    bareMetal: limit.IsBareMetal,
  })
}

/** A record from the resource controller's line, or null when that line holds trunking facts only. */
export function recordFromBranchLimit(
  name: string,
  limit: BranchEniLimits[string],
): InstanceTypeRecord | null {
  const { NetworkCards: cards, DefaultNetworkCardIndex: defaultCardIndex, IPv4PerInterface } = limit
  if (!cards || defaultCardIndex === undefined || !IPv4PerInterface || limit.IsBareMetal === undefined)
    return null
  const trunking = { compatible: limit.IsTrunkingCompatible, branchEnis: limit.BranchInterface }
  return tableRecord(name, 'vpc-resource-controller-limits', trunking, {
    cards,
    defaultCardIndex,
    defaultCardMaxEnis: cards.find((card) => card.NetworkCardIndex === defaultCardIndex)
      ?.MaximumNetworkInterfaces,
    ipv4PerEni: IPv4PerInterface,
    hypervisor: limit.Hypervisor,
    bareMetal: limit.IsBareMetal,
  })
}

export function issuesText(error: z.ZodError): string {
  return fieldIssues(error)
    .slice(0, 5)
    .map((issue) => `${issue.field || '(top level)'}: ${issue.message}`)
    .join('; ')
}

interface TableLimits {
  cards: z.infer<typeof CardLimit>[]
  defaultCardIndex: number
  defaultCardMaxEnis: number | undefined
  ipv4PerEni: number
  hypervisor: string | undefined
  bareMetal: boolean
}

function tableRecord(
  name: string,
  source: FactSource,
  trunking: Trunking | null,
  limits: TableLimits,
): InstanceTypeRecord {
  const networkCards = limits.cards
    .map((card) => ({ index: card.NetworkCardIndex, maxEnis: card.MaximumNetworkInterfaces }))
    .sort((a, b) => a.index - b.index)
  if (
    limits.defaultCardMaxEnis === undefined ||
    !networkCards.some((card) => card.index === limits.defaultCardIndex)
  )
    throw new CatalogImportError(`${name}: no network card has the default index ${limits.defaultCardIndex}`)
  return {
    instanceType: name,
    family: familyOf(name),
    vcpus: null,
    memoryMiB: null,
    // Both tables write `unknown` (or nothing) where EC2 reports no hypervisor.
    hypervisor: limits.hypervisor && limits.hypervisor !== 'unknown' ? limits.hypervisor : null,
    bareMetal: limits.bareMetal,
    architectures: [],
    currentGeneration: null,
    networkCards,
    defaultNetworkCardIndex: limits.defaultCardIndex,
    defaultCardMaxEnis: limits.defaultCardMaxEnis,
    // EC2's MaximumNetworkInterfaces is the sum over the cards.
    maxEnisAllCards: networkCards.reduce((sum, card) => sum + card.maxEnis, 0),
    ipv4PerEni: limits.ipv4PerEni,
    ipv6PerEni: null,
    ipv6Supported: null,
    trunking,
    sources: { limits: source, details: null, trunking: trunking ? 'vpc-resource-controller-limits' : null },
  }
}

function parseTable<T extends z.ZodType>(schema: T, json: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(json)
  if (!parsed.success) throw new CatalogImportError(`${what}: ${issuesText(parsed.error)}`)
  return parsed.data
}
