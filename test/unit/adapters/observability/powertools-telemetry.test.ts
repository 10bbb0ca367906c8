import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { powertoolsTelemetry } from '../../../../lib/adapters/observability/powertools-telemetry.ts'
import { lambdaInvocation } from '../../../../lib/lambda-invocation.ts'
import { lambdaContext } from '../../../builders/http-event.ts'
import { capturedOutput } from '../../../support/captured-output.ts'

// The Lambda functions' telemetry as CloudWatch reads it: JSON log lines and EMF metric lines.

const invocation = (awsRequestId: string) => ({ ...lambdaContext(), awsRequestId })

describe('Lambda telemetry through Powertools', () => {
  beforeEach(() => {
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', undefined)
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', undefined)
    vi.stubEnv('LOG_LEVEL', undefined)
    vi.stubEnv('POWERTOOLS_DEV', undefined)
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', undefined)
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllEnvs()
  })

  it('writes each log line as JSON with its level, the request id and whether the container was cold', async () => {
    // Prepare: Lambda sets this for containers started by a request (not by provisioned concurrency).
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand')
    const output = capturedOutput()
    const telemetry = powertoolsTelemetry()
    const handler = lambdaInvocation(telemetry, 'test', async (event: { n: number }) => {
      telemetry.info('working', { n: event.n })
    })
    // Act
    await handler({ n: 1 }, invocation('request-a'))
    await handler({ n: 2 }, invocation('request-b'))
    // Assess
    expect(output.logs()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'working',
        n: 1,
        service: 'eks-ip-capacity',
        function_request_id: 'request-a',
        cold_start: true,
        timestamp: expect.any(String),
      }),
      expect.objectContaining({ function_request_id: 'request-b', cold_start: false, n: 2 }),
    ])
  })

  it('writes each line at its own level: info to stdout, warnings and errors to stderr', () => {
    const output = capturedOutput()
    const telemetry = powertoolsTelemetry()
    telemetry.info('routine')
    telemetry.warn('slow', { ms: 900 })
    telemetry.error('broken', { region: 'us-east-1' })
    expect(output.lines.map((line) => [line.stream, line.json.level, line.json.message])).toEqual([
      ['stdout', 'INFO', 'routine'],
      ['stderr', 'WARN', 'slow'],
      ['stderr', 'ERROR', 'broken'],
    ])
  })

  it('keeps only the lines at or above Lambda’s log level (AWS_LAMBDA_LOG_LEVEL)', () => {
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'ERROR')
    const output = capturedOutput()
    const telemetry = powertoolsTelemetry()
    telemetry.info('routine')
    telemetry.warn('odd')
    telemetry.error('broken')
    expect(output.logs().map((log) => log.message)).toEqual(['broken'])
  })

  it('logs a failed invocation at error level with its request id, and still fails it', async () => {
    const output = capturedOutput()
    const telemetry = powertoolsTelemetry()
    const handler = lambdaInvocation(telemetry, 'catalog refresh', async () => {
      throw new Error('EC2 said no')
    })
    await expect(handler({}, invocation('request-c'))).rejects.toThrow('EC2 said no')
    expect(output.logs()).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'catalog refresh failed',
        error: 'EC2 said no',
        function_request_id: 'request-c',
      }),
    ])
  })

  it('emits metrics as EMF in the EksIpCapacity namespace with exactly the dimensions named', () => {
    const output = capturedOutput()
    const telemetry = powertoolsTelemetry()
    telemetry.metrics({ Scope: 'prod' }, { SubnetsAtRisk: 3 })
    telemetry.metrics({ Region: 'us-east-1' }, { TypesSeen: 900, DurationMs: 1234 })
    const [atRisk, refresh] = output.emf()
    // An alarm matches a metric's dimension set exactly: no `service` dimension may ride along.
    expect(atRisk?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'EksIpCapacity',
        Dimensions: [['Scope']],
        Metrics: [{ Name: 'SubnetsAtRisk', Unit: 'Count' }],
      },
    ])
    expect(atRisk).toMatchObject({ Scope: 'prod', SubnetsAtRisk: 3 })
    expect(atRisk).not.toHaveProperty('service')
    expect(refresh?._aws.CloudWatchMetrics[0].Metrics).toEqual([
      { Name: 'TypesSeen', Unit: 'Count' },
      { Name: 'DurationMs', Unit: 'Milliseconds' },
    ])
    expect(refresh).toMatchObject({ Region: 'us-east-1', TypesSeen: 900, DurationMs: 1234 })
  })

  it('still emits metrics when the log level keeps only errors', () => {
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'ERROR')
    const output = capturedOutput()
    powertoolsTelemetry().metrics({ Service: 'eks-ip-capacity' }, { CatalogAgeHours: 7 })
    expect(output.emf()).toEqual([
      expect.objectContaining({ Service: 'eks-ip-capacity', CatalogAgeHours: 7 }),
    ])
  })
})
