import type { SizingResult } from '../lib/schemas/sizing.ts'
import { table } from './table.ts'

/** Text: one row per proposed subnet, the proof by the plan, and, when the space is short, what would fit. */
export function renderSizing(result: SizingResult): string {
  const rows = table(
    ['SUBNET', 'ZONE', 'CIDR', 'PREFIX RESERVATIONS', 'AT MAX: ADDRESSES, /28S', 'HOLDS', 'HEADROOM'],
    result.subnets.map((subnet) => [
      subnet.name,
      subnet.availabilityZone,
      subnet.cidr ?? `(a /${subnet.prefixLength}: no room)`,
      subnet.prefixReservations.join(' ') || '-',
      `${subnet.demand.max.addresses}, ${subnet.demand.max.blocks}`,
      `${subnet.capacity.addresses}, ${subnet.capacity.blocks}`,
      [subnet.headroomPercent.addresses, subnet.headroomPercent.blocks]
        .map((share) => (share === null ? '-' : `${share}%`))
        .join(' / '),
    ]),
  )
  const space = result.addressSpace
  const proof = result.proof
  return [
    `size: ${result.verdict} (${space.vpcId ?? 'a new VPC'}: ${space.cidrs.join(', ')}; ${result.headroomPercent} % headroom)`,
    '',
    rows,
    ...(proof
      ? [
          '',
          `proof: the plan of this layout at max nodes: ${proof.verdict} (${proof.subnets.map((subnet) => `${subnet.name} ${subnet.verdict}${subnet.utilization === null ? '' : ` ${Math.round(subnet.utilization * 100)}%`}`).join(', ')})`,
          ...proof.reasons.map((reason) => `- ${reason}`),
        ]
      : []),
    ...(result.shortfall
      ? [
          '',
          'missing:',
          ...result.shortfall.missing.map((line) => `- ${line}`),
          'what would fit:',
          ...result.shortfall.alternatives.map((item) => `- ${item.summary}`),
        ]
      : []),
    ...(result.warnings.length ? ['', ...result.warnings.map((warning) => `warning: ${warning}`)] : []),
  ].join('\n')
}
