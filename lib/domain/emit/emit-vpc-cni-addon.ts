import type { ConfigurationInput, EmittedConfiguration } from './configuration-input.ts'
import { clusterNameOrPlaceholder, cniSources, hasCniEnvironment } from './emit-sources.ts'

/** The vpc-cni add-on's configurationValues; JSON has no comments, so the sources travel beside it. */
export function emitVpcCniAddon(input: ConfigurationInput): EmittedConfiguration {
  const env = Object.fromEntries(Object.entries(input.cni.env).map(([name, value]) => [name, String(value)]))
  return {
    format: 'vpc-cni-addon',
    mediaType: 'application/json',
    files: [{ name: 'vpc-cni.json', nodeGroup: null, content: `${JSON.stringify({ env }, null, 2)}\n` }],
    sources: cniSources(input),
    notes: hasCniEnvironment(input)
      ? [
          `Apply with \`aws eks update-addon --cluster-name ${clusterNameOrPlaceholder(input)} --addon-name vpc-cni ` +
            '--configuration-values file://vpc-cni.json`; the add-on’s schema takes every env value as a string.',
        ]
      : ['This answer needs no VPC CNI setting: the add-on’s defaults hold, so env is empty.'],
  }
}
