import type { EmittedConfiguration } from '../emit/configuration-input.ts'
import { emitLayoutCloudFormation } from './emit-layout-cloudformation.ts'
import { emitLayoutEksctl } from './emit-layout-eksctl.ts'
import { emitLayoutTerraform } from './emit-layout-terraform.ts'
import type { LayoutFormat, LayoutInput } from './sizing-terms.ts'

const EMITTERS: Record<LayoutFormat, (input: LayoutInput) => EmittedConfiguration> = {
  terraform: emitLayoutTerraform,
  cloudformation: emitLayoutCloudFormation,
  eksctl: emitLayoutEksctl,
}

/** A sized network layout (subnets and their prefix reservations) as infrastructure code in one format. */
export function emitLayout(format: LayoutFormat, input: LayoutInput): EmittedConfiguration {
  return EMITTERS[format](input)
}
