// Node module hooks for running the functions unbundled: the docs function imports the API reference
// renderer's script as a string, which the Lambda bundle's esbuild plugin (scripts/esbuild-plugins.cjs)
// provides; here the same file is read as text when it is imported.
import { readFile } from 'node:fs/promises'

const AS_TEXT = /[\\/]redoc[\\/]bundles[\\/]redoc\.standalone\.js$/

export async function load(url, context, nextLoad) {
  if (!AS_TEXT.test(new URL(url).pathname)) return nextLoad(url, context)
  const text = await readFile(new URL(url), 'utf8')
  return { format: 'module', source: `export default ${JSON.stringify(text)}`, shortCircuit: true }
}
