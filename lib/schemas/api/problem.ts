import * as z from 'zod'

/** RFC 9457 problem details: the body of every 4xx and 5xx answer. */
export const Problem = z
  .object({
    type: z.string().meta({
      description: 'A URN naming the kind of problem',
      example: 'urn:eks-ip-capacity:problem:invalid-input',
    }),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    errors: z
      .array(
        z.object({
          field: z
            .string()
            .meta({ description: 'Path of the bad field, e.g. `maxEni` or `requests[2].instanceType`' }),
          message: z.string(),
        }),
      )
      .optional(),
    suggestions: z.array(z.string()).optional().meta({ description: 'Known names close to an unknown one' }),
  })
  .meta({ id: 'Problem' })
export type Problem = z.infer<typeof Problem>
