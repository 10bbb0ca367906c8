import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT } from './reference.ts'

// The CloudFormation template `serverless package` really produces (offline, no AWS credentials), and
// small readers of it for the tests that check it as AWS would read it.

const run = promisify(execFile)

export type Resource = {
  Type: string
  Properties: Record<string, any>
  Condition?: string
  DependsOn?: string | string[]
}
export type Template = {
  Resources: Record<string, Resource>
  Outputs?: Record<string, { Value: unknown }>
  Conditions?: Record<string, unknown>
}
export type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown }

/** Packages the service into a fresh directory; `env` replaces the packaging shell's environment. */
export async function packageService(options: {
  stage: string
  params?: Record<string, string>
  env: NodeJS.ProcessEnv
}): Promise<{ template: Template; path: string }> {
  const out = mkdtempSync(join(tmpdir(), 'package-'))
  const serviceDir = serviceCopy()
  const params = Object.entries(options.params ?? {}).map(([name, value]) => `--param=${name}=${value}`)
  await run(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/serverless/bin/serverless.js'),
      'package',
      '--stage',
      options.stage,
      '--package',
      out,
      ...params,
    ],
    { cwd: serviceDir, env: options.env },
  ).catch((error: Error & { stderr?: string }) => {
    // The framework says what went wrong on stderr; the error's own message holds only stdout.
    throw new Error(`${error.message}\n${error.stderr ?? ''}`, { cause: error })
  })
  const path = join(out, 'cloudformation-template-update-stack.json')
  return { template: JSON.parse(readFileSync(path, 'utf8')), path }
}

/**
 * The service in a directory of its own: the framework always writes `.serverless/` and its build folder
 * into the service directory, so packages (and `npm start`) running at once in one directory race.
 */
function serviceCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'service-'))
  const skip = new Set(['node_modules', '.git', '.serverless', '.esbuild', '.tmp'])
  for (const name of readdirSync(REPO_ROOT)) {
    if (!skip.has(name)) cpSync(join(REPO_ROOT, name), join(dir, name), { recursive: true })
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'))
  return dir
}

/** The packaging shell without AWS credentials: packaging must need none. */
export function shellWithoutCredentials(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra }
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', 'AWS_SESSION_TOKEN'])
    delete env[name]
  return env
}

export function resourcesOfType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type)
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` names. */
export function logicalIdOf(reference: unknown): string | undefined {
  if (typeof reference !== 'object' || reference === null) return undefined
  const value = reference as { Ref?: string; 'Fn::GetAtt'?: [string, string] }
  return value.Ref ?? value['Fn::GetAtt']?.[0]
}

/** Every statement a role is granted: its inline policies and any AWS::IAM::Policy attached to it. */
export function statementsOf(template: Template, role: string): Statement[] {
  const inline = (template.Resources[role]?.Properties.Policies ?? []).flatMap(
    (policy: { PolicyDocument: { Statement: Statement[] } }) => policy.PolicyDocument.Statement,
  )
  const attached = resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((ref: unknown) => logicalIdOf(ref) === role))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[])
  return [...inline, ...attached]
}

export function allStatements(template: Template): { role: string; statement: Statement }[] {
  return resourcesOfType(template, 'AWS::IAM::Role').flatMap(([role]) =>
    statementsOf(template, role).map((statement) => ({ role, statement })),
  )
}

export const actionsOf = (statement: Statement) => [statement.Action].flat()

/** Lambda functions by their serverless name (`capacity`), with their logical ids. */
export function functionsOf(template: Template): { name: string; logicalId: string; resource: Resource }[] {
  return resourcesOfType(template, 'AWS::Lambda::Function').map(([logicalId, resource]) => ({
    name: logicalId.replace(/LambdaFunction$/, '').replace(/^./, (first) => first.toLowerCase()),
    logicalId,
    resource,
  }))
}
