import type { Output, SubnetOutput } from '../lib/commands/grammar.ts'

/** The outputs for tools: the same value, as JSON or as YAML. */
export type DataOutput = Extract<Output | SubnetOutput, 'json' | 'yaml'>

export function isDataOutput(output: Output | SubnetOutput): output is DataOutput {
  return output === 'json' || output === 'yaml'
}

/** The value as JSON would carry it, in either notation: YAML never shows a field JSON leaves out. */
export async function renderData(value: unknown, output: DataOutput): Promise<string> {
  const json = JSON.stringify(value, null, 2)
  if (output === 'json') return json
  // Loaded only for YAML: every other answer starts without it.
  const { toYaml } = await import('./render-yaml.ts')
  return toYaml(JSON.parse(json))
}
