import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../support/reference.ts'

// Least privilege, read off the CloudFormation template `serverless package` really produces (offline,
// with no AWS credentials).

const run = promisify(execFile)
type Statement = { Effect: string; Action: string | string[]; Resource: unknown }
let resources: Record<string, { Type: string; Properties: Record<string, any> }>

/** The EC2 calls the code makes; nothing else may be allowed. */
const EC2_CALLS = [
  'ec2:DescribeInstanceTypes',
  'ec2:DescribeSubnets',
  'ec2:DescribeNetworkInterfaces',
  'ec2:GetSubnetCidrReservations',
]
const PUBLIC_ROUTES = [
  'GET /docs',
  'GET /docs/redoc.standalone.js',
  'GET /openapi.yaml',
  'POST /slack/commands',
]

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'package-'))
  const env = { ...process.env }
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', 'AWS_SESSION_TOKEN'])
    delete env[name]
  await run(
    process.execPath,
    ['node_modules/serverless/bin/serverless.js', 'package', '--stage', 'ci', '--package', out],
    { cwd: REPO_ROOT, env },
  )
  resources = JSON.parse(
    readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'),
  ).Resources
}, 180_000)

function statements(): { role: string; statement: Statement }[] {
  return Object.entries(resources)
    .filter(([, resource]) => resource.Type === 'AWS::IAM::Role')
    .flatMap(([role, resource]) =>
      (resource.Properties.Policies ?? []).flatMap((policy: { PolicyDocument: { Statement: Statement[] } }) =>
        policy.PolicyDocument.Statement.map((statement) => ({ role, statement })),
      ),
    )
}
const actionsOf = (statement: Statement) => [statement.Action].flat()

describe('the packaged template grants least privilege', () => {
  it('every function runs with its own role; no shared default role', () => {
    const functions = Object.entries(resources).filter(
      ([, resource]) => resource.Type === 'AWS::Lambda::Function',
    )
    expect(functions.length).toBeGreaterThanOrEqual(9)
    for (const [name, fn] of functions) expect(fn.Properties.Role, name).toHaveProperty('Fn::GetAtt')
    expect(resources.IamRoleLambdaExecution).toBeUndefined()
  })

  it('the policies checked below hold every kind of grant the service makes', () => {
    // Guards the loops below: a template whose roles moved elsewhere would leave them nothing to check.
    const services = new Set(
      statements().flatMap(({ statement }) => actionsOf(statement).map((a) => a.split(':')[0])),
    )
    expect([...services].sort()).toEqual(['dynamodb', 'ec2', 'lambda', 'logs', 'sqs', 'ssm', 'sts'])
  })

  it('no wildcard action anywhere', () => {
    for (const { role, statement } of statements()) {
      for (const action of actionsOf(statement)) expect(action, role).not.toMatch(/\*/)
    }
  })

  it('DynamoDB actions only on the table; SQS only on the report queue; Lambda only the Slack worker', () => {
    for (const { role, statement } of statements()) {
      const actions = actionsOf(statement)
      if (actions.some((action) => action.startsWith('dynamodb:')))
        expect(statement.Resource, role).toEqual({ 'Fn::GetAtt': ['CatalogTable', 'Arn'] })
      if (actions.some((action) => action.startsWith('sqs:')))
        expect(statement.Resource, role).toEqual({ 'Fn::GetAtt': ['ReportQueue', 'Arn'] })
      if (actions.some((action) => action.startsWith('lambda:')))
        expect(statement.Resource, role).toEqual({ 'Fn::GetAtt': ['SlackWorkerLambdaFunction', 'Arn'] })
    }
  })

  it('EC2 only the Describe/Get calls the code makes; SSM only named parameters; STS only the configured roles', () => {
    for (const { role, statement } of statements()) {
      for (const action of actionsOf(statement)) {
        if (action.startsWith('ec2:')) expect(EC2_CALLS, `${role} ${action}`).toContain(action)
        if (action.startsWith('ssm:')) {
          expect(action).toBe('ssm:GetParameter')
          expect(JSON.stringify(statement.Resource), role).toMatch(/:parameter\/eks-ip-capacity\//)
        }
        if (action.startsWith('sts:')) {
          expect(action).toBe('sts:AssumeRole')
          expect(JSON.stringify(statement.Resource), role).toContain('arn:aws:iam::')
          expect(statement.Resource).not.toBe('*')
        }
        if (action.startsWith('logs:'))
          expect(JSON.stringify(statement.Resource), role).toContain(
            'log-group:/aws/lambda/eks-ip-capacity-ci-',
          )
      }
    }
  })

  it('only the docs, the spec and the Slack command are reachable without IAM', () => {
    const routes = Object.values(resources).filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route')
    const open = routes
      .filter((route) => route.Properties.AuthorizationType !== 'AWS_IAM')
      .map((route) => route.Properties.RouteKey)
    expect(open.sort()).toEqual(PUBLIC_ROUTES)
    expect(routes.length).toBeGreaterThan(PUBLIC_ROUTES.length)
  })

  it('the table and the queues are encrypted; the table keeps point-in-time recovery and expires reports', () => {
    const table = resources.CatalogTable?.Properties
    expect(table?.SSESpecification).toEqual({ SSEEnabled: true })
    expect(table?.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true })
    expect(table?.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true })
    expect(resources.ReportQueue?.Properties.SqsManagedSseEnabled).toBe(true)
  })
})
