import type { HttpRoute, ServiceFunction } from './service-functions.ts'

export type RouteMatch =
  | {
      kind: 'route'
      fn: ServiceFunction
      routeKey: string
      pathParameters: Record<string, string> | undefined
    }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' }

type Entry = { fn: ServiceFunction; route: HttpRoute; segments: string[] }

/**
 * API Gateway's route selection over serverless.yml's routes: `{name}` matches one path segment,
 * `{name+}` the rest of the path, and the most specific route wins (a literal segment over a variable,
 * a variable over a greedy one), as in `/v1/reports/latest` over `/v1/reports/{reportId}`.
 */
export function routeTable(functions: ServiceFunction[]) {
  const entries: Entry[] = functions.flatMap((fn) =>
    fn.routes.map((route) => ({ fn, route, segments: route.path.split('/').slice(1) })),
  )
  return {
    routeKeys: entries.map(({ route }) => route.routeKey),
    match(method: string, rawPath: string): RouteMatch {
      const path = rawPath.split('/').slice(1)
      const matches = entries
        .map((entry) => ({ entry, parameters: matchPath(entry.segments, path) }))
        .filter((candidate) => candidate.parameters !== undefined)
        .sort((a, b) => compareSpecificity(a.entry.segments, b.entry.segments))
      const chosen = matches.find(({ entry }) => entry.route.method === method)
      if (chosen) {
        const { entry, parameters } = chosen
        return {
          kind: 'route',
          fn: entry.fn,
          routeKey: entry.route.routeKey,
          pathParameters: Object.keys(parameters ?? {}).length > 0 ? parameters : undefined,
        }
      }
      if (matches.length > 0) {
        return {
          kind: 'method-not-allowed',
          allow: [...new Set(matches.map(({ entry }) => entry.route.method))],
        }
      }
      return { kind: 'not-found' }
    },
  }
}

function matchPath(pattern: string[], path: string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {}
  for (const [index, segment] of pattern.entries()) {
    const variable = /^\{(.+?)(\+)?\}$/.exec(segment)
    if (variable?.[2]) {
      const rest = path.slice(index)
      if (rest.length === 0 || rest.join('/') === '') return undefined
      parameters[variable[1] as string] = decode(rest.join('/'))
      return parameters
    }
    const value = path[index]
    if (value === undefined || value === '') return undefined
    if (variable) parameters[variable[1] as string] = decode(value)
    else if (value !== segment) return undefined
  }
  return pattern.length === path.length ? parameters : undefined
}

/** Literal segments outrank `{variable}` ones, which outrank a greedy `{variable+}`, from the left. */
function compareSpecificity(a: string[], b: string[]): number {
  const rank = (segment: string | undefined) =>
    segment === undefined ? 3 : segment.endsWith('+}') ? 2 : segment.startsWith('{') ? 1 : 0
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = rank(a[index]) - rank(b[index])
    if (difference !== 0) return difference
  }
  return 0
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
