import * as z from 'zod'
import { EMIT_FORMATS, LAYOUT_FORMATS } from './emit-formats.ts'

export const EmitFormat = z.enum(EMIT_FORMATS, {
  error: `expected one of ${EMIT_FORMATS.join(', ')}`,
})

export const emitField = () =>
  EmitFormat.optional().meta({
    description:
      'Also answer with the configuration that makes this answer true: nodeadm (AL2023 NodeConfig), karpenter (EC2NodeClass), eksctl (ClusterConfig), terraform (launch template and vpc-cni add-on), vpc-cni-addon (configurationValues JSON), launch-template (AL2 bootstrap.sh user data)',
  })

export const LayoutFormat = z.enum(LAYOUT_FORMATS, {
  error: `expected one of ${LAYOUT_FORMATS.join(', ')}`,
})

export const EmittedConfiguration = z
  .object({
    // The emit formats and the layout formats (terraform and eksctl are both; cloudformation only a layout's).
    format: z.enum([...EMIT_FORMATS, 'cloudformation'] satisfies readonly (
      | (typeof EMIT_FORMATS)[number]
      | (typeof LAYOUT_FORMATS)[number]
    )[]),
    mediaType: z.string(),
    files: z.array(
      z.object({
        name: z.string().meta({ description: 'A suggested file name' }),
        nodeGroup: z.string().nullable(),
        content: z.string(),
      }),
    ),
    sources: z.array(z.string()).meta({ description: 'Where each number came from' }),
    notes: z.array(z.string()).meta({ description: 'What is left to fill in or cannot be expressed' }),
  })
  .meta({ id: 'EmittedConfiguration' })
