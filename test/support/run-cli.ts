import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT } from './reference.ts'

const run = promisify(execFile)
const BIN = join(REPO_ROOT, 'cli', 'eks-ip-capacity.mjs')

export interface CliOutcome {
  code: number
  stdout: string
  stderr: string
}

/** Runs the real CLI as a process, as a user would, and keeps what it printed and its exit status. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      maxBuffer: 64 << 20,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failure = error as CliOutcome
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr }
  }
}
