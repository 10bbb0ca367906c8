import type * as z from 'zod'

/** One problem with one input field, as reported to people (CLI, HTTP problem details, importer). */
export interface FieldIssue {
  /** Dotted path with [index] for arrays, e.g. `InstanceTypes[3].NetworkInfo.NetworkCards`. */
  field: string
  message: string
}

/** `whole` names the input itself when a problem is with all of it (a body that is an array, say). */
export function fieldIssues(error: z.ZodError, whole = 'input'): FieldIssue[] {
  const name = (path: readonly PropertyKey[]) => formatPath(path) || whole
  return error.issues.flatMap(closestUnionBranch).flatMap((issue) =>
    // An unknown key is a problem with that key, so name it rather than its parent object.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: name([...issue.path, key]), message: 'unknown field' }))
      : [{ field: name(issue.path), message: issue.message }],
  )
}

/**
 * A union that matched no branch says only "invalid input" at its own path. When one branch came
 * clearly closest (fewer problems than any other), its problems name the fields the user got wrong:
 * a batch item's bad setting, not the whole item. A tie keeps the union's own issue.
 */
function closestUnionBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length < 2) return [issue]
  const sizes = issue.errors.map((branch) => branch.length).sort((a, b) => a - b)
  const closest = issue.errors.find((branch) => branch.length === sizes[0])
  if (!closest || closest.length === 0 || sizes[0] === sizes[1]) return [issue]
  return closest.flatMap((inner) =>
    closestUnionBranch(inner).map((nested) => ({ ...nested, path: [...issue.path, ...nested.path] })),
  )
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = ''
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`
    else text += text === '' ? String(key) : `.${String(key)}`
  }
  return text
}
