import { stringify } from 'yaml'

// A module of its own, imported statically: the release bundle splits lazily imported CommonJS packages
// (yaml is one) into chunks that expose only a default export, so `await import('yaml')` would lose the
// named export there. Importing this module lazily keeps YAML out of every other answer's start-up.

/** No folding: one value, one line, for grep. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 }).trimEnd()
}
