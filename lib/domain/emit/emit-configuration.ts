import type { EmitFormat } from '../../schemas/emit-formats.ts'
import type { ConfigurationInput, EmittedConfiguration } from './configuration-input.ts'
import { emitEksctl } from './emit-eksctl.ts'
import { emitKarpenter } from './emit-karpenter.ts'
import { emitLaunchTemplate } from './emit-launch-template.ts'
import { emitNodeadm } from './emit-nodeadm.ts'
import { emitTerraform } from './emit-terraform.ts'
import { emitVpcCniAddon } from './emit-vpc-cni-addon.ts'

const EMITTERS: Record<EmitFormat, (input: ConfigurationInput) => EmittedConfiguration> = {
  nodeadm: emitNodeadm,
  karpenter: emitKarpenter,
  eksctl: emitEksctl,
  terraform: emitTerraform,
  'vpc-cni-addon': emitVpcCniAddon,
  'launch-template': emitLaunchTemplate,
}

/** The configuration that makes an answer true, in one format, with where its numbers came from. */
export function emitConfiguration(format: EmitFormat, input: ConfigurationInput): EmittedConfiguration {
  return EMITTERS[format](input)
}
