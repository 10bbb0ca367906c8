import { inFlagTerms } from '../lib/commands/settings-flags.ts'
import type { InstanceTypeRecord } from '../lib/schemas/instance-type.ts'
import type { MaxPodsResult, NodeGroupMaxPods } from '../lib/schemas/max-pods.ts'
import { table } from './table.ts'

// Text is for scripts and for the calculator's users (a bare number for one type), table for people;
// json and yaml, for tools, are rendered from the same values by render-data.ts.

export type TextOutput = 'text' | 'table'

export function renderMaxPods(
  results: readonly MaxPodsResult[],
  output: TextOutput,
  explain: boolean,
): string {
  const body =
    output === 'table'
      ? maxPodsTable(results)
      : results.length === 1
        ? String(results[0]?.maxPods)
        : results.map((result) => `${result.instanceType} ${result.maxPods}`).join('\n')
  return explain ? [body, ...results.flatMap(explanation)].join('\n') : body
}

export function renderNodeGroup(group: NodeGroupMaxPods, output: TextOutput, explain: boolean): string {
  const headline = `${group.maxPods} (node group of ${group.instanceTypes.join(', ')}: bounded by ${group.boundingInstanceType})`
  // Text is the bare number, as for one type: `$(… max-pods --node-group …)` is a number. main.ts says the
  // bounding type on stderr.
  const body = output === 'table' ? `${maxPodsTable(group.results)}\n\n${headline}` : String(group.maxPods)
  return explain ? [body, ...group.results.flatMap(explanation)].join('\n') : body
}

export function renderInstanceTypes(records: readonly InstanceTypeRecord[], output: TextOutput): string {
  if (output === 'text') return records.map((record) => record.instanceType).join('\n')
  return table(
    [
      'TYPE',
      'VCPUS',
      'MEMORY GIB',
      'HYPERVISOR',
      'CARDS',
      'ENIS (DEFAULT CARD)',
      'ENIS (ALL)',
      'IPV4/ENI',
      'IPV6/ENI',
      'TRUNKING',
      'FACTS FROM',
    ],
    records.map((record) => [
      record.instanceType,
      record.vcpus === null ? 'unknown' : String(record.vcpus),
      record.memoryMiB === null ? 'unknown' : formatGib(record.memoryMiB),
      record.hypervisor ?? (record.bareMetal ? 'none (metal)' : 'unknown'),
      String(record.networkCards.length),
      String(record.defaultCardMaxEnis),
      String(record.maxEnisAllCards),
      String(record.ipv4PerEni),
      record.ipv6PerEni === null ? 'unknown' : String(record.ipv6PerEni),
      record.trunking === null
        ? 'unknown'
        : record.trunking.compatible
          ? `${record.trunking.branchEnis} branch ENIs`
          : 'no',
      FACTS_FROM[record.sources.limits],
    ]),
  )
}

function maxPodsTable(results: readonly MaxPodsResult[]): string {
  // The security-groups-for-pods columns appear only when that was asked.
  const sgp = results.some((result) => result.securityGroupsForPods !== null)
  return table(
    [
      'TYPE',
      'MAX PODS',
      'UNCAPPED',
      'CAP',
      'ENIS FOR PODS',
      'PER ENI',
      'MODE',
      'CNI ADDRESSABLE',
      ...(sgp ? ['REGULAR POD IPS', 'BRANCH ENIS'] : []),
      'NOTES',
    ],
    results.map((result) => [
      result.instanceType,
      String(result.maxPods),
      orDash(result.uncappedMaxPods),
      result.cap ? `${result.cap.limit}${result.cap.applied ? ' (applied)' : ''}` : '-',
      `${result.enis.forPods}/${result.enis.defaultCard}`,
      result.addressing.podAddressesPerEni === null ? '/80' : String(result.addressing.podAddressesPerEni),
      result.addressing.mode,
      orDash(result.cniAddressablePods),
      ...(sgp
        ? [
            orDash(result.securityGroupsForPods?.regularPodAddresses ?? null),
            orDash(result.securityGroupsForPods?.branchEnis ?? null),
          ]
        : []),
      notes(result),
    ]),
  )
}

function orDash(value: number | null): string {
  return value === null ? '-' : String(value)
}

function notes(result: MaxPodsResult): string {
  const parts = result.warnings.map(inFlagTerms)
  // The short reason only where no warning already tells it in full.
  const told = result.warnings.some((warning) => /prefix delegation/i.test(warning))
  if (result.prefixDelegation.ignoredBecause && !told)
    parts.unshift(`prefix delegation ignored (${result.prefixDelegation.ignoredBecause})`)
  return parts.join('; ')
}

function explanation(result: MaxPodsResult): string[] {
  return [
    '',
    `${result.instanceType}: ${result.maxPods} max pods (${result.profile})`,
    ...result.explanation.map((step, index) => `  ${index + 1}. ${step}`),
    ...result.warnings.map((warning) => `  warning: ${warning}`),
  ]
}

/** Where a type's ENI limits came from, in a table cell's words (the JSON output has every group). */
const FACTS_FROM: Record<InstanceTypeRecord['sources']['limits'], string> = {
  'describe-instance-types': 'EC2',
  'vpc-cni-limits': 'VPC CNI table',
  'vpc-resource-controller-limits': 'resource controller table',
}

function formatGib(memoryMiB: number): string {
  return String(Math.round((memoryMiB / 1024) * 100) / 100)
}
