import type { z } from 'zod'

/** One problem with one input field, as reported to people (CLI, HTTP problem details, importer). */
export interface FieldIssue {
  /** Dotted path with [index] for arrays, e.g. `InstanceTypes[3].NetworkInfo.NetworkCards`. */
  field: string
  message: string
}

/** `whole` names the input itself when a problem is with all of it (a body that is an array, say). */
export function fieldIssues(error: z.ZodError, whole = 'input'): FieldIssue[] {
  const name = (path: readonly PropertyKey[]) => formatPath(path) || whole
  return error.issues.flatMap((issue) =>
    // An unknown key is a problem with that key, so name it rather than its parent object.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: name([...issue.path, key]), message: 'unknown field' }))
      : [{ field: name(issue.path), message: issue.message }],
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
