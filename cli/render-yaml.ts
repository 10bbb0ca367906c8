import { Document, parse, visit } from 'yaml'

// A module of its own, imported statically: the release bundle splits lazily imported CommonJS packages
// (yaml is one) into chunks that expose only a default export, so `await import('yaml')` would lose the
// named export there. Importing this module lazily keeps YAML out of every other answer's start-up.

/**
 * The value as YAML that every reader reads back as the JSON value: YAML 1.1 readers (PyYAML, many
 * tools) take `2026-08-22` for a date and `on` for true; YAML 1.2 readers take `0o12` for a number. The
 * document is written for 1.1, and a string either version would read as something else is quoted.
 * No folding: one value, one line, for grep.
 */
export function toYaml(value: unknown): string {
  const doc = new Document(value, { version: '1.1' })
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && readsAsOtherThan(node.value)) node.type = 'QUOTE_DOUBLE'
    },
  })
  return doc.toString({ lineWidth: 0 }).trimEnd()
}

function readsAsOtherThan(text: string): boolean {
  return (['1.1', '1.2'] as const).some((version) => {
    try {
      return parse(text, { version }) !== text
    } catch {
      return true
    }
  })
}
