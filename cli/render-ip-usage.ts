import { inFlagTerms } from '../lib/commands/settings-flags.ts'
import type { CatalogInfo } from '../lib/schemas/api/capacity.ts'
import type { IpUsageResult, NodeHolding } from '../lib/schemas/ip-usage.ts'
import type { TextOutput } from './render.ts'
import { table } from './table.ts'

/** Text and table for people; json and yaml (render-data.ts) are the API's response body. */
export function renderIpUsage(answer: IpUsageResult & { catalog: CatalogInfo }, output: TextOutput): string {
  // The service names API fields (warmPrefixTarget); on the command line, the flag is the name.
  const said = [
    ...answer.errors.map((error) => `error: ${error}`),
    ...answer.warnings.map((warning) => `warning: ${inFlagTerms(warning)}`),
  ]
  if (output === 'table') {
    // Under the table, as text puts them under its steps: a table alone would hide the traps.
    const grid = table(
      [
        'WHEN',
        'PODS',
        'ENIS',
        'SECONDARY IPS',
        'PREFIXES',
        'IPV4 HELD',
        'NODE SUBNET',
        '/28 BLOCKS',
        'IDLE',
        'NO ADDRESS',
      ],
      [row('steady', answer), row('at max pods', answer.peak)],
    )
    return [grid, ...(said.length > 0 ? ['', ...said] : [])].join('\n')
  }
  return [
    `${answer.instanceType}: ${answer.ipv4Held} IPv4 addresses held with ${answer.pods} pods (${answer.peak.ipv4Held} at kubelet max pods ${answer.kubeletMaxPods}); mode ${answer.mode}`,
    ...answer.explanation.map((step, index) => `  ${index + 1}. ${step}`),
    ...said.map((line) => `  ${line}`),
  ].join('\n')
}

function row(when: string, held: NodeHolding): string[] {
  return [
    when,
    String(held.pods),
    String(held.enis),
    String(held.secondaryIps),
    String(held.prefixes),
    String(held.ipv4Held),
    String(held.ipv4HeldNodeSubnet),
    String(held.blocksNeeded),
    String(held.idleAddresses),
    String(held.podsWithoutAddress),
  ]
}
