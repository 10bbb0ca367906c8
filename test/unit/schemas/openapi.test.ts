import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createConfig, lint } from '@redocly/openapi-core'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { RouteSpec } from '../../../lib/http/route.ts'
import { capacityRoutes } from '../../../lib/schemas/api/capacity-routes.ts'
import { openApiDocument, openApiYaml } from '../../../lib/schemas/api/openapi-document.ts'
import { reportPageRoutes } from '../../../lib/schemas/api/report-page-routes.ts'
import { reportRoutes } from '../../../lib/schemas/api/report-routes.ts'
import { subnetRoutes } from '../../../lib/schemas/api/subnet-routes.ts'
import packageJson from '../../../package.json' with { type: 'json' }
import { openApiContract } from '../../support/openapi-contract.ts'
import { REPO_ROOT } from '../../support/reference.ts'

const COMMITTED = join(REPO_ROOT, 'openapi.yaml')

/** Lint findings accepted on purpose, each with its reason. */
const ACCEPTED_FINDINGS = new Map([
  ['info-license #/info', 'an internal service: no public licence is offered'],
  ['operation-4xx-response #/paths/~1openapi.yaml/get/responses', 'takes no input'],
  ['operation-4xx-response #/paths/~1docs/get/responses', 'takes no input'],
])

describe('openapi.yaml', () => {
  it('is exactly what the zod schemas generate (run `npm run openapi` after changing them)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(openApiYaml(openApiDocument(packageJson.version)))
  })

  it('passes the OpenAPI linter’s recommended rules', async () => {
    const problems = await lint({ ref: COMMITTED, config: await createConfig({ extends: ['recommended'] }) })
    const findings = problems.map((problem) => `${problem.ruleId} ${problem.location[0]?.pointer ?? ''}`)
    expect(findings.filter((finding) => !ACCEPTED_FINDINGS.has(finding))).toEqual([])
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([])
  })

  it.each([
    ['capacity', capacityRoutes],
    ['subnets', subnetRoutes],
    ['reports', reportRoutes],
    ['reportPages', reportPageRoutes],
  ] as const)(
    'documents every %s route, and serverless.yml routes each one to that function, behind IAM unless opened by a signed link',
    (name, routes) => {
      const document = parse(readFileSync(COMMITTED, 'utf8'))
      const serverless = parse(readFileSync(join(REPO_ROOT, 'serverless.yml'), 'utf8'), {
        logLevel: 'silent',
      })
      const events: { method: string; path: string; authorizer?: { type: string } }[] = serverless.functions[
        name
      ].events.map((event: { httpApi: unknown }) => event.httpApi)
      for (const spec of Object.values(routes) as RouteSpec[]) {
        expect(document.paths[spec.path]?.[spec.method], spec.path).toBeDefined()
        const event = events.find(
          (candidate) => candidate.path === spec.path && candidate.method === spec.method.toUpperCase(),
        )
        expect(event?.authorizer, `${spec.method} ${spec.path} in serverless.yml`).toEqual(
          spec.access === 'signed-link' ? undefined : { type: 'aws_iam' },
        )
        expect(document.paths[spec.path]?.[spec.method].security, spec.path).toEqual(
          spec.access === 'signed-link' ? [] : [{ sigv4: [] }],
        )
      }
      expect(events).toHaveLength(Object.keys(routes).length)
    },
  )
})

describe('the contract check used by the API tests', () => {
  const assertDocumented = openApiContract()

  it('rejects an answer that breaks its schema', () => {
    expect(() =>
      assertDocumented('GET', '/v1/health', 200, 'application/json', {
        status: 'fine',
        version: '1',
        catalog: {},
      }),
    ).toThrow(/breaks its schema/)
  })

  it('rejects a status or a route the document does not have', () => {
    expect(() => assertDocumented('GET', '/v1/health', 404, 'application/problem+json', {})).toThrow(
      /does not document status 404/,
    )
    expect(() => assertDocumented('GET', '/v2/nothing', 200, 'application/json', {})).toThrow(
      /not in openapi.yaml/,
    )
  })
})
