import type * as z from 'zod'
import { InvalidInputError } from '../errors.ts'
import { fieldIssues } from './field-issues.ts'

/** Parses input at a boundary; every problem is reported at once, each naming its field. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  whole?: string,
): z.output<Schema> {
  const parsed = schema.safeParse(input)
  if (!parsed.success) throw new InvalidInputError(fieldIssues(parsed.error, whole), { cause: parsed.error })
  return parsed.data
}
