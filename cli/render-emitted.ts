import type { EmittedConfiguration } from '../lib/domain/emit/configuration-input.ts'

/**
 * `--emit`: stdout holds only the configuration, so `> nodeconfig.yaml` is the whole step; one file is
 * printed as it is, several each after a `# ==> name <==` line (a comment in every format with comments).
 * Where the numbers came from and what is left to fill in go to stderr.
 */
export function renderEmitted(configuration: EmittedConfiguration): { stdout: string; stderr: string[] } {
  const { files } = configuration
  const stdout =
    files.length === 1
      ? (files[0]?.content ?? '')
      : files.map((file) => `# ==> ${file.name} <==\n${file.content}`).join('\n')
  return {
    stdout: stdout.replace(/\n$/, ''),
    stderr: [
      ...configuration.sources.map((source) => `source: ${source}`),
      ...configuration.notes.map((note) => `note: ${note}`),
    ],
  }
}
