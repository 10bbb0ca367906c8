import { execFile, spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { DemoVpcInventory } from '../../lib/adapters/demo/demo-vpc.ts'
import { MemoryReportStore } from '../../lib/adapters/memory/memory-report-store.ts'
import { ReportScope } from '../../lib/schemas/report.ts'
import { CATALOG_AGE_CHECK, CATALOG_AGE_DIMENSIONS } from '../../lib/services/refresh-catalog.ts'
import { createReportService } from '../../lib/services/reports.ts'
import {
  actionsOf,
  allStatements,
  functionsOf,
  logicalIdOf,
  packageService,
  type Resource,
  resourcesOfType,
  shellWithoutCredentials,
  statementsOf,
  type Template,
} from '../support/packaged-template.ts'
import { recordingTelemetry } from '../support/recording-telemetry.ts'
import { REPO_ROOT } from '../support/reference.ts'

// The stack as AWS would read it, from the templates `serverless package` really produces: a stage packaged
// with production params in a shell full of local settings, and a stage packaged with every default.

/** Local settings a deployer's shell may well hold; none of them may reach a deployed stack. */
const HOSTILE_SHELL = {
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000/hostile-dynamodb',
  SUBNET_INVENTORY: 'demo',
  SLACK_SIGNING_SECRET: 'hostile-plain-signing-secret',
  PUBLIC_BASE_URL: 'http://127.0.0.1:3000/hostile-public-url',
  LAMBDA_ENDPOINT: 'http://127.0.0.1:3002/hostile-lambda',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:5000/hostile-aws-endpoint',
  EC2_ENDPOINT: 'http://127.0.0.1:5000/hostile-ec2',
  STS_ENDPOINT: 'http://127.0.0.1:5000/hostile-sts',
  REPORT_WEBHOOK_URL: 'http://127.0.0.1:9/hostile-webhook',
  REPORT_SCOPE: '{"name":"hostile-scope","regions":["eu-west-1"]}',
  TABLE_NAME: 'hostile-table',
  PORT: '4999',
  LAMBDA_PORT: '4998',
}
/** Settings that only a local run may have; a deployed function reads them from nowhere. */
const LOCAL_ONLY_VARIABLES = [
  'DYNAMODB_ENDPOINT',
  'SUBNET_INVENTORY',
  'SLACK_SIGNING_SECRET',
  'LAMBDA_ENDPOINT',
  'EC2_ENDPOINT',
  'STS_ENDPOINT',
  'REPORT_WEBHOOK_URL',
]
const PRODUCTION = {
  alarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:oncall',
  reportRoleArns:
    'arn:aws:iam::111111111111:role/capacity-report,arn:aws:iam::222222222222:role/capacity-report',
  reportScope: JSON.stringify({
    name: 'prod',
    accounts: [{}, { roleArn: 'arn:aws:iam::111111111111:role/capacity-report' }],
    regions: ['us-east-1'],
  }),
  reportWebhookParameter: '/eks-ip-capacity/report-webhook',
  reportWorkerReservedConcurrency: '5',
  publicBaseUrl: 'https://capacity.example.com',
  apiThrottleRate: '40',
  apiThrottleBurst: '80',
  logLevel: 'WARN',
}
/** The functions something invokes asynchronously (a schedule, or another function with InvocationType Event). */
const ASYNC_FUNCTIONS = ['slackWorker', 'fragmentationReport', 'refreshCatalog']
/** The EC2 calls the code makes; nothing else may be allowed. */
const EC2_CALLS = [
  'ec2:DescribeInstanceTypes',
  'ec2:DescribeSubnets',
  'ec2:DescribeNetworkInterfaces',
  'ec2:GetSubnetCidrReservations',
  'ec2:DescribeLaunchTemplateVersions',
  'ec2:DescribeInstances',
  'ec2:DescribeVpcs',
]
/** The EKS calls a cluster plan makes, on this account's and region's clusters only. */
const EKS_CALLS = ['eks:DescribeCluster', 'eks:ListNodegroups', 'eks:DescribeNodegroup', 'eks:DescribeAddon']
const PUBLIC_ROUTES = [
  'GET /docs',
  'GET /docs/redoc.standalone.js',
  'GET /openapi.yaml',
  'GET /reports/latest',
  'GET /reports/table.js',
  'GET /reports/{reportId}',
  'POST /slack/commands',
]

const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' })
const CFN_LINT_MISSING = cfnLint.error || cfnLint.status !== 0

let deployed: { template: Template; path: string }
let defaults: { template: Template; path: string }

beforeAll(async () => {
  ;[deployed, defaults] = await Promise.all([
    packageService({ stage: 'prod', params: PRODUCTION, env: shellWithoutCredentials(HOSTILE_SHELL) }),
    packageService({ stage: 'ci', env: shellWithoutCredentials() }),
  ])
}, 240_000)

const both = () => [
  { stage: 'prod', ...deployed },
  { stage: 'ci', ...defaults },
]
const roleOf = (template: Template, fn: string) =>
  logicalIdOf(template.Resources[fn]?.Properties.Role) as string

describe('schedules fire: EventBridge Scheduler may invoke each scheduled function, and only that', () => {
  it('every schedule assumes a role trusted by scheduler.amazonaws.com (of this account) alone', () => {
    for (const { template } of both()) {
      const schedules = resourcesOfType(template, 'AWS::Scheduler::Schedule')
      expect(schedules.map(([, schedule]) => logicalIdOf(schedule.Properties.Target.Arn)).sort()).toEqual([
        'FragmentationReportLambdaFunction',
        'RefreshCatalogLambdaFunction', // the refresh
        'RefreshCatalogLambdaFunction', // the hourly age check
      ])
      for (const [id, schedule] of schedules) {
        const role = template.Resources[logicalIdOf(schedule.Properties.Target.RoleArn) as string]
        expect(role?.Type, id).toBe('AWS::IAM::Role')
        const trust = role?.Properties.AssumeRolePolicyDocument.Statement
        expect(trust, id).toEqual([
          {
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ])
      }
    }
  })

  it("each schedule's role may lambda:InvokeFunction its own target and nothing else", () => {
    for (const { template } of both()) {
      for (const [id, schedule] of resourcesOfType(template, 'AWS::Scheduler::Schedule')) {
        const role = logicalIdOf(schedule.Properties.Target.RoleArn) as string
        expect(statementsOf(template, role), id).toEqual([
          { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: schedule.Properties.Target.Arn },
        ])
      }
    }
  })

  it('an EventBridge rule, if any, has the permission to invoke its target', () => {
    for (const { template } of both()) {
      for (const [id, rule] of resourcesOfType(template, 'AWS::Events::Rule')) {
        for (const target of rule.Properties.Targets) {
          const permission = resourcesOfType(template, 'AWS::Lambda::Permission').find(
            ([, p]) =>
              logicalIdOf(p.Properties.FunctionName) === logicalIdOf(target.Arn) &&
              p.Properties.Principal === 'events.amazonaws.com' &&
              logicalIdOf(p.Properties.SourceArn) === id,
          )
          expect(permission, id).toBeDefined()
        }
      }
    }
  })

  it('the report schedule names its window by the scheduled time, so a retried run lands on the same report', () => {
    const [, schedule] = resourcesOfType(deployed.template, 'AWS::Scheduler::Schedule').find(
      ([, s]) => logicalIdOf(s.Properties.Target.Arn) === 'FragmentationReportLambdaFunction',
    ) as [string, Resource]
    expect(JSON.parse(schedule.Properties.Target.Input)).toEqual({ time: '<aws.scheduler.scheduled-time>' })
  })
})

describe('async invocations that fail are kept and retried on purpose', () => {
  it('the asynchronously invoked functions are exactly the schedule targets and the Slack worker', () => {
    const scheduled = resourcesOfType(deployed.template, 'AWS::Scheduler::Schedule').map(([, s]) =>
      logicalIdOf(s.Properties.Target.Arn),
    )
    const invokedByFunctions = allStatements(deployed.template)
      .filter(
        ({ role, statement }) =>
          !role.endsWith('ScheduleRole') && actionsOf(statement).includes('lambda:InvokeFunction'),
      )
      .map(({ statement }) => logicalIdOf(statement.Resource))
    const byName = new Map(functionsOf(deployed.template).map((fn) => [fn.logicalId, fn.name]))
    expect(
      [...new Set([...scheduled, ...invokedByFunctions])].map((id) => byName.get(id as string)).sort(),
    ).toEqual([...ASYNC_FUNCTIONS].sort())
  })

  it.each(ASYNC_FUNCTIONS)(
    '%s has an SQS on-failure destination, a retry count and a maximum event age',
    (name) => {
      for (const { template } of both()) {
        const fn = functionsOf(template).find((candidate) => candidate.name === name)
        const config = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').find(
          ([, c]) => logicalIdOf(c.Properties.FunctionName) === fn?.logicalId,
        )?.[1].Properties
        expect(config, name).toBeDefined()
        expect(config?.MaximumRetryAttempts).toBeTypeOf('number')
        expect(config?.MaximumEventAgeInSeconds).toBeTypeOf('number')
        const queue = logicalIdOf(config?.DestinationConfig.OnFailure.Destination) as string
        expect(template.Resources[queue]?.Type).toBe('AWS::SQS::Queue')
        // Lambda sends to a destination with the function's own execution role.
        const sends = statementsOf(template, roleOf(template, fn?.logicalId as string)).filter(
          (statement) =>
            actionsOf(statement).includes('sqs:SendMessage') && logicalIdOf(statement.Resource) === queue,
        )
        expect(sends, name).toHaveLength(1)
      }
    },
  )
})

describe('alarms page someone', () => {
  const alarms = (template: Template) => resourcesOfType(template, 'AWS::CloudWatch::Alarm')

  it('with alarmTopicArn given, every alarm pages that topic (and says when it clears); no topic is created', () => {
    expect(alarms(deployed.template).length).toBeGreaterThan(0)
    for (const [id, alarm] of alarms(deployed.template)) {
      expect(alarm.Properties.AlarmActions, id).toEqual([PRODUCTION.alarmTopicArn])
      expect(alarm.Properties.OKActions, id).toEqual([PRODUCTION.alarmTopicArn])
    }
    expect(resourcesOfType(deployed.template, 'AWS::SNS::Topic')).toEqual([])
    expect(deployed.template.Outputs?.AlarmTopicArn?.Value).toBe(PRODUCTION.alarmTopicArn)
  })

  it('without it, the stack creates a topic, outputs it, and every alarm pages it', () => {
    const topics = resourcesOfType(defaults.template, 'AWS::SNS::Topic')
    expect(topics.map(([id]) => id)).toEqual(['AlarmTopic'])
    expect(defaults.template.Outputs?.AlarmTopicArn?.Value).toEqual({ Ref: 'AlarmTopic' })
    for (const [id, alarm] of alarms(defaults.template))
      expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: 'AlarmTopic' }])
  })

  it('every function has an Errors alarm', () => {
    for (const { template } of both()) {
      const watched = alarms(template)
        .filter(([, a]) => a.Properties.Namespace === 'AWS/Lambda' && a.Properties.MetricName === 'Errors')
        .map(([, a]) => logicalIdOf(a.Properties.Dimensions[0].Value))
      expect(watched.sort()).toEqual(
        functionsOf(template)
          .map((fn) => fn.logicalId)
          .sort(),
      )
    }
  })

  it('every dead-letter and failure queue has an alarm on its visible messages', () => {
    for (const { template } of both()) {
      const deadLetters = resourcesOfType(template, 'AWS::SQS::Queue')
        .map(([, q]) => logicalIdOf(q.Properties.RedrivePolicy?.deadLetterTargetArn))
        .filter(Boolean)
      const failures = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').map(([, c]) =>
        logicalIdOf(c.Properties.DestinationConfig.OnFailure.Destination),
      )
      const watched = alarms(template)
        .filter(([, a]) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible')
        .map(([, a]) => logicalIdOf(a.Properties.Dimensions[0].Value))
      expect(watched.sort()).toEqual([...deadLetters, ...failures].sort())
      expect(watched).toHaveLength(4)
    }
  })

  it("the HTTP API's 5xx, by ApiId and the $default stage", () => {
    const api5xx = alarms(deployed.template).filter(([, a]) => a.Properties.MetricName === '5xx')
    expect(api5xx).toHaveLength(1)
    expect(api5xx[0]?.[1].Properties).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: 'HttpApi' } }],
    })
  })

  it('a catalog older than CATALOG_STALE_AFTER_HOURS, on the metric the refresher emits, within the hour', () => {
    const stale = alarms(deployed.template).find(
      ([, a]) => a.Properties.MetricName === 'CatalogAgeHours',
    )?.[1]
    const staleAfter =
      deployed.template.Resources.CapacityLambdaFunction?.Properties.Environment.Variables
        .CATALOG_STALE_AFTER_HOURS
    expect(stale?.Properties).toMatchObject({
      Namespace: 'EksIpCapacity',
      Dimensions: Object.entries(CATALOG_AGE_DIMENSIONS).map(([Name, Value]) => ({ Name, Value })),
      ComparisonOperator: 'GreaterThanThreshold',
      Statistic: 'Minimum',
      Period: 3600,
      EvaluationPeriods: 1,
    })
    expect(Number(stale?.Properties.Threshold)).toBe(Number(staleAfter))
    // The figure comes at least hourly: the refresh function reports the age alone every hour.
    const hourly = resourcesOfType(deployed.template, 'AWS::Scheduler::Schedule').find(
      ([, schedule]) => schedule.Properties.ScheduleExpression === 'rate(1 hour)',
    )?.[1]
    expect(logicalIdOf(hourly?.Properties.Target.Arn)).toBe('RefreshCatalogLambdaFunction')
    expect(JSON.parse(hourly?.Properties.Target.Input)).toEqual(CATALOG_AGE_CHECK)
  })

  it("SubnetsAtRisk for the report scope's own name: the configured one, else the schema's default", () => {
    const scopeOf = (template: Template) =>
      alarms(template).find(([, a]) => a.Properties.MetricName === 'SubnetsAtRisk')?.[1].Properties.Dimensions
    expect(scopeOf(deployed.template)).toEqual([{ Name: 'Scope', Value: 'prod' }])
    expect(scopeOf(defaults.template)).toEqual([
      { Name: 'Scope', Value: ReportScope.parse({ regions: ['us-east-1'] }).name },
    ])
  })
})

describe('nothing local ships: a deployed environment comes from params, never from the packaging shell', () => {
  it('no hostile shell value appears anywhere in the template', () => {
    const text = JSON.stringify(deployed.template)
    for (const [name, value] of Object.entries(HOSTILE_SHELL).filter(([name]) => name !== 'SUBNET_INVENTORY'))
      expect(text, name).not.toContain(value)
    expect(text).not.toMatch(/hostile/)
  })

  it('no function has a local-only variable, or an empty one', () => {
    for (const { template } of both()) {
      for (const { name, resource } of functionsOf(template)) {
        const variables: Record<string, unknown> = resource.Properties.Environment?.Variables ?? {}
        for (const local of LOCAL_ONLY_VARIABLES) expect(variables, name).not.toHaveProperty(local)
        for (const [variable, value] of Object.entries(variables)) {
          expect(value, `${name} ${variable}`).not.toBe('')
          expect(value, `${name} ${variable}`).not.toBeNull()
        }
      }
    }
  })

  it('optional settings appear when their param is given, and not at all otherwise', () => {
    const variablesOf = (template: Template, fn: string) =>
      template.Resources[fn]?.Properties.Environment.Variables as Record<string, unknown>
    expect(variablesOf(deployed.template, 'ReportWorkerLambdaFunction')).toMatchObject({
      REPORT_SCOPE: PRODUCTION.reportScope,
      REPORT_WEBHOOK_PARAMETER: PRODUCTION.reportWebhookParameter,
      PUBLIC_BASE_URL: PRODUCTION.publicBaseUrl,
    })
    expect(variablesOf(defaults.template, 'ReportWorkerLambdaFunction')).not.toHaveProperty(
      'REPORT_WEBHOOK_PARAMETER',
    )
    expect(variablesOf(defaults.template, 'SlackWorkerLambdaFunction')).not.toHaveProperty('PUBLIC_BASE_URL')
  })

  it('the Slack command reads its signing secret from Parameter Store', () => {
    const variables = deployed.template.Resources.SlackCommandLambdaFunction?.Properties.Environment.Variables
    expect(variables.SLACK_SIGNING_SECRET_PARAMETER).toBe('/eks-ip-capacity/slack-signing-secret')
  })

  it('serverless.yml and its files read no env variable (it would resolve in the packaging shell)', () => {
    const files = [
      'serverless.yml',
      ...readdirSync(join(REPO_ROOT, 'serverless')).map((file) => join('serverless', file)),
    ]
    for (const file of files)
      expect(readFileSync(join(REPO_ROOT, file), 'utf8'), file).not.toMatch(/\$\{env:/)
  })
})

describe('no placeholder account; report roles only as configured', () => {
  it('no made-up account id anywhere', () => {
    for (const { template } of both()) expect(JSON.stringify(template)).not.toMatch(/000000000000/)
  })

  it('with no report roles configured, nothing may sts:AssumeRole', () => {
    const assume = allStatements(defaults.template).filter(({ statement }) =>
      actionsOf(statement).includes('sts:AssumeRole'),
    )
    expect(assume).toEqual([])
  })

  it('with report roles, only the report worker may assume them, and only them', () => {
    const assume = allStatements(deployed.template).filter(({ statement }) =>
      actionsOf(statement).includes('sts:AssumeRole'),
    )
    expect(assume).toEqual([
      {
        role: roleOf(deployed.template, 'ReportWorkerLambdaFunction'),
        statement: {
          Effect: 'Allow',
          Action: ['sts:AssumeRole'],
          Resource: PRODUCTION.reportRoleArns.split(','),
        },
      },
    ])
  })
})

describe('operations: access logs, a stage throttle, the report worker reserved', () => {
  const stage = (template: Template) => resourcesOfType(template, 'AWS::ApiGatewayV2::Stage')[0]?.[1]

  it('the API stage throttles every route, by default and as configured', () => {
    // A --param arrives as a string; CloudFormation reads "40" as the number.
    const throttle = (template: Template) => {
      const settings = stage(template)?.Properties.DefaultRouteSettings
      return { rate: Number(settings?.ThrottlingRateLimit), burst: Number(settings?.ThrottlingBurstLimit) }
    }
    expect(throttle(defaults.template)).toEqual({ rate: 25, burst: 50 })
    expect(throttle(deployed.template)).toEqual({ rate: 40, burst: 80 })
  })

  it('access logs with the request id, by default, into a log group with the stage retention', () => {
    const settings = stage(defaults.template)?.Properties.AccessLogSettings
    expect(JSON.parse(settings.Format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
    })
    const group = defaults.template.Resources[logicalIdOf(settings.DestinationArn) as string]
    expect(group?.Properties.RetentionInDays).toBe(30)
  })

  it('every function logs JSON at the logLevel param (INFO by default), so Lambda sets AWS_LAMBDA_LOG_LEVEL', () => {
    const logging = (template: Template) =>
      resourcesOfType(template, 'AWS::Lambda::Function').map(([, fn]) => fn.Properties.LoggingConfig)
    expect(new Set(logging(defaults.template).map((config) => JSON.stringify(config)))).toEqual(
      new Set([JSON.stringify({ ApplicationLogLevel: 'INFO', LogFormat: 'JSON', SystemLogLevel: 'WARN' })]),
    )
    expect(logging(deployed.template).every((config) => config?.ApplicationLogLevel === 'WARN')).toBe(true)
  })

  it('the report worker is reserved when reportWorkerReservedConcurrency is given, never by default', () => {
    const reserved = (template: Template) =>
      template.Resources.ReportWorkerLambdaFunction?.Properties.ReservedConcurrentExecutions
    expect(Number(reserved(deployed.template))).toBe(5)
    expect(reserved(defaults.template)).toBeUndefined()
  })
})

describe('the packaged template grants least privilege', () => {
  it('every function runs with its own role; no role serves two functions; no shared default role', () => {
    for (const { template } of both()) {
      const functions = functionsOf(template)
      expect(functions.length).toBeGreaterThanOrEqual(9)
      const roles = functions.map((fn) => roleOf(template, fn.logicalId))
      for (const [index, role] of roles.entries())
        expect(template.Resources[role]?.Type, functions[index]?.name).toBe('AWS::IAM::Role')
      expect(new Set(roles).size).toBe(functions.length)
      expect(template.Resources.IamRoleLambdaExecution).toBeUndefined()
    }
  })

  it('the policies checked below hold every kind of grant the service makes', () => {
    // Guards the loops below: a template whose roles moved elsewhere would leave them nothing to check.
    const services = new Set(
      allStatements(deployed.template).flatMap(({ statement }) =>
        actionsOf(statement).map((a) => a.split(':')[0]),
      ),
    )
    expect([...services].sort()).toEqual(['dynamodb', 'ec2', 'eks', 'lambda', 'logs', 'sqs', 'ssm', 'sts'])
  })

  it('no wildcard action anywhere', () => {
    for (const { template } of both())
      for (const { role, statement } of allStatements(template))
        for (const action of actionsOf(statement)) expect(action, role).not.toMatch(/\*/)
  })

  it('DynamoDB only on the table; SQS only the report queue and failure queues; Lambda only the Slack worker and scheduled targets', () => {
    for (const { template } of both()) {
      const failureQueues = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').map(([, c]) =>
        logicalIdOf(c.Properties.DestinationConfig.OnFailure.Destination),
      )
      for (const { role, statement } of allStatements(template)) {
        const actions = actionsOf(statement)
        if (actions.some((action) => action.startsWith('dynamodb:')))
          expect(statement.Resource, role).toEqual({ 'Fn::GetAtt': ['CatalogTable', 'Arn'] })
        if (actions.some((action) => action.startsWith('sqs:'))) {
          const queue = logicalIdOf(statement.Resource)
          if (queue !== 'ReportQueue') {
            expect(failureQueues, role).toContain(queue)
            expect(actions, role).toEqual(['sqs:SendMessage'])
          }
        }
        if (actions.some((action) => action.startsWith('lambda:')) && !role.endsWith('ScheduleRole'))
          expect(statement.Resource, role).toEqual({ 'Fn::GetAtt': ['SlackWorkerLambdaFunction', 'Arn'] })
      }
    }
  })

  it('EC2 and EKS only the Describe/Get/List calls the code makes; SSM only named parameters; logs only the own group', () => {
    for (const { template } of both()) {
      for (const { role, statement } of allStatements(template)) {
        for (const action of actionsOf(statement)) {
          if (action.startsWith('ec2:')) expect(EC2_CALLS, `${role} ${action}`).toContain(action)
          if (action.startsWith('eks:')) {
            expect(EKS_CALLS, `${role} ${action}`).toContain(action)
            expect(JSON.stringify(statement.Resource), role).toMatch(
              /:eks:\$\{AWS::Region\}:\$\{AWS::AccountId\}:/,
            )
          }
          if (action.startsWith('ssm:')) {
            expect(action).toBe('ssm:GetParameter')
            expect(JSON.stringify(statement.Resource), role).toMatch(/:parameter\/eks-ip-capacity\//)
          }
          if (action.startsWith('logs:'))
            expect(JSON.stringify(statement.Resource), role).toMatch(
              /log-group:\/aws\/lambda\/eks-ip-capacity-(ci|prod)-/,
            )
        }
      }
    }
  })

  it('only the docs, the spec, the Slack command and the report pages (signed links) are reachable without IAM', () => {
    const routes = resourcesOfType(deployed.template, 'AWS::ApiGatewayV2::Route').map(([, route]) => route)
    const open = routes
      .filter((route) => route.Properties.AuthorizationType !== 'AWS_IAM')
      .map((route) => route.Properties.RouteKey)
    expect(open.sort()).toEqual(PUBLIC_ROUTES)
    expect(routes.length).toBeGreaterThan(PUBLIC_ROUTES.length)
  })

  it('the table and the queues are encrypted; the table keeps point-in-time recovery and expires reports', () => {
    const table = deployed.template.Resources.CatalogTable?.Properties
    expect(table?.SSESpecification).toEqual({ SSEEnabled: true })
    expect(table?.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true })
    expect(table?.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true })
    for (const [id, queue] of resourcesOfType(deployed.template, 'AWS::SQS::Queue'))
      expect(queue.Properties.SqsManagedSseEnabled, id).toBe(true)
  })
})

describe('the capacity dashboard', () => {
  type Widget = { properties: { metrics: unknown[][]; title: string } }
  /** The dashboard's body as CloudWatch reads it, the stack's region put in. */
  const bodyOf = (template: Template) => {
    const dashboard = template.Resources.CapacityDashboard as Resource
    const body = dashboard.Properties.DashboardBody['Fn::Sub'] as string
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
    return JSON.parse(body.replaceAll('${AWS::Region}', 'eu-west-1')) as { widgets: Widget[] }
  }
  /** Each metric a widget shows: its name and the dimension names it is asked for with. */
  const metricsOf = (widget: Widget) =>
    widget.properties.metrics.map((line) => {
      const first = line[0]
      if (typeof first === 'object' && first !== null && 'expression' in first) {
        const expression = String((first as { expression: string }).expression)
        const [, schema = ''] = /\{([^}]*)\}/.exec(expression) ?? []
        const [, name = ''] = /MetricName="([^"]+)"/.exec(expression) ?? []
        const [namespace, ...dimensions] = schema.split(',')
        return { namespace, name, dimensions: dimensions.sort() }
      }
      const [namespace, name, ...pairs] = line as string[]
      return { namespace, name, dimensions: pairs.filter((_, index) => index % 2 === 0).sort() }
    })

  it('is in both templates, its body valid JSON naming only metrics the report emits, with those dimensions', async () => {
    // What a report run really emits: the demo VPC's subnets through the report service.
    const recorded = recordingTelemetry()
    const inventory = new DemoVpcInventory()
    await createReportService({
      scope: ReportScope.parse({ name: 'prod-fleet', regions: ['eu-west-1'] }),
      store: new MemoryReportStore(),
      inventoryFor: async () => inventory,
      telemetry: recorded.telemetry,
      clock: { now: () => new Date('2026-11-30T00:00:00.000Z') },
    }).runAll('2026-11-30T00:00:00.000Z')
    const emitted = recorded.metrics.flatMap(({ dimensions, values }) =>
      Object.keys(values).map((name) => `${name} ${Object.keys(dimensions).sort().join(',')}`),
    )
    for (const { template } of both()) {
      const widgets = bodyOf(template).widgets
      expect(widgets.length).toBeGreaterThanOrEqual(4)
      for (const widget of widgets)
        for (const metric of metricsOf(widget)) {
          expect(metric.namespace, widget.properties.title).toBe('EksIpCapacity')
          expect(emitted, widget.properties.title).toContain(`${metric.name} ${metric.dimensions.join(',')}`)
        }
      const shown = widgets.flatMap((widget) => metricsOf(widget).map((metric) => metric.name))
      expect(shown).toEqual(
        expect.arrayContaining(['SubnetsAtRisk', 'AssignablePrefixBlocks', 'FragmentationScore', 'FreeIps']),
      )
    }
  })

  it('shows the scope the report functions report, and outputs its URL', () => {
    expect(JSON.stringify(bodyOf(deployed.template))).toContain('"Scope","prod"')
    expect(JSON.stringify(bodyOf(defaults.template))).toContain('"Scope","default"')
    for (const { template } of both())
      expect(JSON.stringify(template.Outputs?.CapacityDashboardUrl)).toContain(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
        '#dashboards:name=${CapacityDashboard}',
      )
  })
})

describe('cfn-lint, against the CloudFormation resource specification', () => {
  const run = promisify(execFile)
  if (CFN_LINT_MISSING) console.warn('cfn-lint is not installed here: the packaged templates are not linted')

  it.skipIf(CFN_LINT_MISSING)('finds no error in either packaged template', async () => {
    for (const { stage, path } of both()) {
      // cfn-lint exits non-zero for warnings too; only errors fail the test.
      const { stdout } = await run('cfn-lint', ['--format', 'json', path]).catch(
        (failure: { stdout: string }) => failure,
      )
      const errors = (
        JSON.parse(stdout || '[]') as { Level: string; Rule: { Id: string }; Message: string }[]
      )
        .filter((match) => match.Level === 'Error')
        .map((match) => `${match.Rule.Id} ${match.Message}`)
      expect(errors, stage).toEqual([])
    }
  })
})
