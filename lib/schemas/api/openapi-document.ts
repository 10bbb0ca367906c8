import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi'
import { stringify } from 'yaml'
import * as z from 'zod'
import type { RouteSpec } from '../../http/route.ts'
import { capacityRoutes } from './capacity-routes.ts'
import { Problem } from './problem.ts'
import { reportPageRoutes } from './report-page-routes.ts'
import { reportRoutes } from './report-routes.ts'
import { SLACK_COMMAND_MEDIA_TYPE, SLACK_MAX_BODY_BYTES } from './slack.ts'
import { subnetRoutes } from './subnet-routes.ts'

const PROBLEM_TITLES: Record<number, string> = {
  400: 'Invalid input: each bad field is named in errors[]',
  401: 'The link is missing, expired, altered or signed for another page',
  404: 'Unknown instance type (with suggestions), subnet or route',
  413: 'The body is over the route’s stated limit',
  415: 'The body is not application/json',
  500: 'The service failed; nothing internal is disclosed',
  503: 'The service is missing part of its configuration (the report link key); nothing internal is disclosed',
}

/** openapi.yaml, generated from the route specs and their zod schemas (the one source of truth). */
export function openApiDocument(version: string) {
  const registry = new OpenAPIRegistry()
  registry.registerComponent('securitySchemes', 'sigv4', {
    type: 'apiKey',
    name: 'Authorization',
    in: 'header',
    description: 'AWS Signature Version 4 (IAM authorization on API Gateway)',
  })
  for (const spec of [
    ...Object.values(capacityRoutes),
    ...Object.values(subnetRoutes),
    ...Object.values(reportRoutes),
    ...Object.values(reportPageRoutes),
  ] as RouteSpec[]) {
    registerRoute(registry, spec)
  }
  registerStaticRoutes(registry)
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'eks-ip-capacity',
      version,
      description:
        'Capacity planning for EKS clusters on the Amazon VPC CNI: max pods per node for every CNI mode and bootstrap, from a DynamoDB cache of EC2 instance limits kept current by a scheduled refresher; and which /28 blocks prefix delegation can still use in each subnet. Errors are RFC 9457 problem details.',
    },
    servers: [{ url: '/', description: 'This deployment' }],
    tags: [
      { name: 'Capacity', description: 'Instance limits and max pods' },
      { name: 'Subnets', description: 'Free, aligned /28 blocks for prefix delegation, per subnet' },
      { name: 'Reports', description: 'Scheduled subnet-fragmentation reports, with trends' },
      { name: 'Slack', description: 'The /capacity slash command' },
      { name: 'Service', description: 'Health and documentation' },
    ],
  })
}

export function openApiYaml(document: ReturnType<typeof openApiDocument>): string {
  return stringify(document, { lineWidth: 0, aliasDuplicateObjects: false })
}

function registerRoute(registry: OpenAPIRegistry, spec: RouteSpec): void {
  registry.registerPath({
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    security: spec.access === 'signed-link' ? [] : [{ sigv4: [] }],
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body
        ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } }
        : {}),
    },
    responses: {
      200: {
        description: 'OK',
        content: { [spec.produces ?? 'application/json']: { schema: spec.response } },
      },
      ...Object.fromEntries([...spec.errors, 500].map((status) => [status, problemResponse(status)])),
    },
  })
}

function problemResponse(status: number, description = PROBLEM_TITLES[status] ?? 'Problem') {
  return {
    description,
    content: { 'application/problem+json': { schema: Problem } },
  }
}

function registerStaticRoutes(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/openapi.yaml',
    operationId: 'getOpenApi',
    summary: 'This document',
    tags: ['Service'],
    security: [],
    responses: { 200: { description: 'OK', content: { 'application/yaml': { schema: z.string() } } } },
  })
  registry.registerPath({
    method: 'post',
    path: '/slack/commands',
    operationId: 'postSlackCommand',
    summary: 'Slack slash command /capacity (signed by Slack; no IAM)',
    description:
      'Verified with the X-Slack-Signature and X-Slack-Request-Timestamp headers over the raw body (five-minute window). Fast commands answer inline; scans and plans acknowledge and answer at response_url.',
    tags: ['Slack'],
    security: [],
    request: {
      body: {
        required: true,
        content: {
          [SLACK_COMMAND_MEDIA_TYPE]: {
            schema: z.object({
              command: z.string(),
              text: z.string(),
              response_url: z.string(),
              user_id: z.string().optional(),
            }),
          },
        },
      },
    },
    responses: {
      200: {
        description: 'A Slack message (Block Kit with a text fallback)',
        content: {
          'application/json': {
            schema: z.object({
              response_type: z.enum(['ephemeral', 'in_channel']),
              text: z.string(),
              blocks: z.array(z.record(z.string(), z.unknown())),
            }),
          },
        },
      },
      401: problemResponse(401, 'Missing, stale or wrong signature'),
      413: problemResponse(413, `The body is over ${SLACK_MAX_BODY_BYTES} bytes (Slack's are a few hundred)`),
      415: problemResponse(415, `The body is not ${SLACK_COMMAND_MEDIA_TYPE}, the only form Slack sends`),
      500: problemResponse(500),
    },
  })
  registry.registerPath({
    method: 'get',
    path: '/docs',
    operationId: 'getDocs',
    summary: 'The API reference, rendered from this document',
    tags: ['Service'],
    security: [],
    responses: { 200: { description: 'OK', content: { 'text/html': { schema: z.string() } } } },
  })
}
