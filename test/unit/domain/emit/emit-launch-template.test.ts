import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { emitConfiguration } from '../../../../lib/domain/emit/emit-configuration.ts'
import { BOOTSTRAP_SCRIPT } from '../../../../lib/domain/emit/emit-launch-template.ts'
import { CLUSTER_NAME_PLACEHOLDER } from '../../../../lib/domain/emit/emit-sources.ts'
import { EMIT_INPUTS, oneLine } from './configuration-inputs.ts'

// bash itself reads the script: `bash -n` for its syntax, then a run in which bootstrap.sh is a stand-in that
// prints the arguments it was given, one per line, so the test sees the words bash would pass.
const workspace = mkdtempSync(join(tmpdir(), 'emit-launch-template-'))
const recordingBootstrap = join(workspace, 'bootstrap.sh')
writeFileSync(recordingBootstrap, '#!/bin/bash\nprintf "%s\\n" "$@"\n')
chmodSync(recordingBootstrap, 0o755)
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

function bashSyntaxOk(script: string): boolean {
  const file = join(workspace, 'syntax.sh')
  writeFileSync(file, script)
  execFileSync('bash', ['-n', file])
  return true
}

function bootstrapArguments(script: string): string[] {
  const file = join(workspace, 'run.sh')
  writeFileSync(file, script.replaceAll(BOOTSTRAP_SCRIPT, recordingBootstrap))
  return execFileSync('bash', [file], { encoding: 'utf8' }).trimEnd().split('\n')
}

describe('launch-template: AL2 user data calling bootstrap.sh with --use-max-pods false', () => {
  it.each(EMIT_INPUTS)(
    'one script per group that bash accepts and that passes its maxPods: %s',
    (_why, input) => {
      // Act
      const emitted = emitConfiguration('launch-template', input)

      // Assess
      expect(emitted.files.map((file) => file.nodeGroup)).toEqual(input.nodeGroups.map((group) => group.name))
      expect(new Set(emitted.files.map((file) => file.name)).size).toBe(input.nodeGroups.length)
      input.nodeGroups.forEach((group, index) => {
        const script = emitted.files[index]?.content ?? ''
        expect(script.startsWith('#!/bin/bash\n')).toBe(true)
        expect(bashSyntaxOk(script)).toBe(true)
        expect(bootstrapArguments(script)).toEqual([
          input.clusterName ?? CLUSTER_NAME_PLACEHOLDER,
          '--use-max-pods',
          'false',
          '--kubelet-extra-args',
          `--max-pods=${group.maxPods}`,
        ])
        expect(script).toContain(`# ${group.name}`)
        expect(script).toContain(oneLine(group.maxPodsSource))
      })
    },
  )

  it.each(EMIT_INPUTS)(
    'a source never becomes a command: only the expected lines are not comments: %s',
    (_why, input) => {
      // Act
      const scripts = emitConfiguration('launch-template', input).files.map((file) => file.content)

      // Assess
      for (const script of scripts) {
        const commands = script.split('\n').filter((line) => line.trim() && !line.startsWith('#'))
        expect(commands).toHaveLength(3)
        expect(commands[2]?.startsWith(BOOTSTRAP_SCRIPT)).toBe(true)
      }
    },
  )

  it('the note says AL2 is past its end of support and AL2023 uses nodeadm', () => {
    // Act
    const [, severalGroups] = EMIT_INPUTS[1] ?? []
    const notes = severalGroups ? emitConfiguration('launch-template', severalGroups).notes.join('\n') : ''

    // Assess
    expect(notes).toMatch(/end of support/)
    expect(notes).toMatch(/nodeadm/)
    expect(notes).toContain(CLUSTER_NAME_PLACEHOLDER)
  })
})
