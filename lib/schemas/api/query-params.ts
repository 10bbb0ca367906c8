import * as z from 'zod'

// Query strings arrive as text; these schemas convert them, the same way on every route. Route queries
// are `.strict()` objects, so a parameter no route defines is a 400 naming it.

/** Decimal digits, as a person writes an integer: Number() would also take `0x10`, `1e2`, ` 5`, `+5` and `` (as 0). */
const DECIMAL_INTEGER = /^-?[0-9]+$/

export const booleanParam = (description: string) =>
  z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .transform((value) => value === 'true')
    .optional()
    .meta({ description })

/** An integer query parameter. Converted before checking, so that openapi.yaml documents an integer. */
export const integerParam = (description: string, bounds: { min: number; max?: number }) => {
  const integer = z
    .number({ error: 'must be an integer in decimal digits' })
    .int('must be an integer')
    .min(bounds.min, `must be ${bounds.min} or more`)
  return z
    .preprocess(
      (value) => (typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) : value),
      bounds.max === undefined ? integer : integer.max(bounds.max, `must be ${bounds.max} or less`),
    )
    .optional()
    .meta({ description })
}

/** Cursors are opaque to clients: the last key of a page, base64url-encoded. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url')
}

/**
 * The `cursor` of a paged route, decoded at the edge to the key it stands for. A cursor this API did not
 * return is a 400 naming `cursor`, never a key handed on to a store: it must encode back to itself, and
 * decode to a key of the route's kind.
 */
export const pageCursor = (key: z.ZodType<string>) =>
  z
    .string()
    .min(1)
    .transform((cursor, ctx) => {
      const decoded = Buffer.from(cursor, 'base64url').toString('utf8')
      if (encodeCursor(decoded) === cursor && key.safeParse(decoded).success) return decoded
      ctx.addIssue({ code: 'custom', message: 'not a cursor this API returned' })
      return z.NEVER
    })
    .optional()
    .meta({ description: 'nextCursor of the previous page' })
