import { InvalidInputError } from '../../errors.ts'

// Plain readers for parsed Kubernetes and add-on documents: exports arrive as untyped JSON or YAML.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function dig(value: unknown, path: readonly string[]): unknown {
  let current = value
  for (const key of path) {
    if (!isRecord(current)) return undefined
    current = current[key]
  }
  return current
}

export function objectName(object: Record<string, unknown>, field: string): string {
  const name = dig(object, ['metadata', 'name'])
  if (typeof name !== 'string' || name === '')
    throw new InvalidInputError([{ field: `${field}.metadata.name`, message: 'expected a name' }])
  return name
}
