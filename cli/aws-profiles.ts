import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * A named profile that neither shared file holds. The SDK does not say so: its credential chain moves on
 * and ends with "Could not load credentials from any providers", and the region lookup with "Region is
 * missing", both of which would send the user looking in the wrong place.
 */
export class UnknownAwsProfileError extends Error {
  override readonly name = 'ProfileNotFound'
  constructor(
    readonly profile: string,
    readonly files: string[],
  ) {
    super(`the profile '${profile}' is in neither ${files.join(' nor ')}`)
  }
}

/** The shared config and credentials files, where the SDK looks for them. */
export function sharedFiles(env: NodeJS.ProcessEnv = process.env, home = homedir()) {
  const expand = (path: string) => (path.startsWith('~/') ? join(home, path.slice(2)) : path)
  return {
    config: expand(env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config')),
    credentials: expand(env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials')),
  }
}

/** Profile names: `[profile NAME]` (or `[default]`) in the config file, `[NAME]` in the credentials file. */
export function profileNames(env: NodeJS.ProcessEnv = process.env, home = homedir()): Set<string> {
  const files = sharedFiles(env, home)
  const names = new Set<string>()
  for (const [file, prefixed] of [
    [files.config, true],
    [files.credentials, false],
  ] as const) {
    for (const match of readOrEmpty(file).matchAll(/^\s*\[\s*([^\]]+?)\s*\]/gm)) {
      const section = (match[1] as string).replace(/\s+/g, ' ')
      if (!prefixed) names.add(section)
      else if (section === 'default') names.add('default')
      else if (section.startsWith('profile ')) names.add(section.slice('profile '.length))
    }
  }
  return names
}

/**
 * Throws when a profile is named (by --profile or AWS_PROFILE) that no shared file defines. `default` is
 * exempt: the SDK treats a missing default profile as no profile, and so do we.
 */
export function checkProfileExists(profile: string | undefined, env = process.env, home = homedir()): void {
  if (!profile || profile === 'default' || profileNames(env, home).has(profile)) return
  const files = sharedFiles(env, home)
  throw new UnknownAwsProfileError(profile, [files.config, files.credentials])
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}
