import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse, type Tags } from 'yaml'

/** The repository's root folder: serverless.yml and functions/ live there. */
export const SERVICE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Lambda's own defaults, for a function and a provider that both leave `timeout` or `memorySize` unset. */
const LAMBDA_DEFAULT_TIMEOUT_SECONDS = 6
const LAMBDA_DEFAULT_MEMORY_MB = 1024

/** One API Gateway route as serverless.yml declares it: `GET /v1/subnets/{subnetId}`. */
export interface HttpRoute {
  method: string
  path: string
  routeKey: string
}

/** One function of serverless.yml, as the local server runs it. */
export interface ServiceFunction {
  /** Its key in serverless.yml (`capacity`). */
  key: string
  /** The module that exports its handler, relative to the repository (`functions/http/capacity.ts`). */
  modulePath: string
  exportName: string
  timeoutSeconds: number
  memoryMb: number
  routes: HttpRoute[]
}

// CloudFormation's short forms (`!GetAtt X.Arn`) mean nothing locally; read them as the plain values they
// wrap, so that the file parses whole. `${…}` variables are plain strings to YAML already.
const CLOUDFORMATION_TAGS = ['Ref', 'GetAtt', 'Sub', 'Join', 'If', 'Equals', 'Not', 'And', 'Or', 'Select']
const cloudFormationTags: Tags = CLOUDFORMATION_TAGS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => value },
])

type FunctionDeclaration = {
  handler: string
  timeout?: number
  memorySize?: number
  events?: { httpApi?: { method: string; path: string } }[]
}

/** The functions and HTTP routes serverless.yml declares: the local server's table, so the two cannot drift. */
export function serviceFunctions(root = SERVICE_ROOT): ServiceFunction[] {
  const service = parse(readFileSync(join(root, 'serverless.yml'), 'utf8'), {
    customTags: cloudFormationTags,
  }) as {
    provider?: { timeout?: number; memorySize?: number }
    functions: Record<string, FunctionDeclaration>
  }
  const defaultTimeout = service.provider?.timeout ?? LAMBDA_DEFAULT_TIMEOUT_SECONDS
  const defaultMemory = service.provider?.memorySize ?? LAMBDA_DEFAULT_MEMORY_MB
  return Object.entries(service.functions).map(([key, declaration]) => {
    // `functions/http/capacity.handler`: the module, then the name it exports.
    const separator = declaration.handler.lastIndexOf('.')
    return {
      key,
      modulePath: `${declaration.handler.slice(0, separator)}.ts`,
      exportName: declaration.handler.slice(separator + 1),
      timeoutSeconds: declaration.timeout ?? defaultTimeout,
      memoryMb: declaration.memorySize ?? defaultMemory,
      routes: (declaration.events ?? []).flatMap(({ httpApi }) =>
        httpApi
          ? [
              {
                method: httpApi.method.toUpperCase(),
                path: httpApi.path,
                routeKey: `${httpApi.method.toUpperCase()} ${httpApi.path}`,
              },
            ]
          : [],
      ),
    }
  })
}
