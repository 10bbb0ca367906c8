import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs'
import type { SQSEvent } from 'aws-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { DynamoDbReportStore } from '../../lib/adapters/dynamodb/dynamodb-report-store.ts'
import { lambdaContext } from '../builders/http-event.ts'
import { capturedOutput } from '../support/captured-output.ts'
import { startDynamoDb } from '../support/dynalite.ts'
import { stubLambdaEnvironment } from '../support/lambda-environment.ts'

// The scheduled report's two functions in-process: the scheduler queues jobs (SQS mocked: the queue is
// not the point), the worker scans each against the demo VPC into dynalite.

const sqs = mockClient(SQSClient)
let dynamo: Awaited<ReturnType<typeof startDynamoDb>>

beforeAll(async () => {
  dynamo = await startDynamoDb('report-functions')
  stubLambdaEnvironment({
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    TABLE_NAME: 'report-functions',
    SUBNET_INVENTORY: 'demo',
    REPORT_SCOPE: JSON.stringify({ name: 'fleet', regions: ['us-east-1', 'eu-west-1'] }),
    REPORT_QUEUE_URL: 'https://sqs.example.internal/123456789012/reports',
  })
  vi.spyOn(console, 'log').mockImplementation(() => {})
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] })
})
afterAll(async () => {
  sqs.restore()
  await dynamo.stop()
})

let output: ReturnType<typeof capturedOutput> | undefined
afterEach(() => output?.restore())

const context = (awsRequestId: string) => ({ ...lambdaContext(), awsRequestId })
const sqsEvent = (bodies: (string | undefined)[]) =>
  ({ Records: bodies.map((body, index) => ({ messageId: `m${index}`, body })) }) as unknown as SQSEvent

describe('the report functions', () => {
  it('the scheduler names the window by the scheduled time and queues one job per region', async () => {
    const { handler } = await import('../../functions/scheduled/fragmentation-report.ts')
    const result = await handler({ time: '2026-11-22T06:00:41Z' }, context('schedule-1'))
    expect(result).toEqual({ window: '2026-11-22T06:00:00.000Z', targets: 2 })
    const sent = sqs.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries ?? [])
    expect(sent.map((entry) => JSON.parse(entry.MessageBody ?? '{}').target.region).sort()).toEqual([
      'eu-west-1',
      'us-east-1',
    ])
  })

  it('the worker scans each job into the report, hands a bad message back to the queue and logs it as an error', async () => {
    const { handler } = await import('../../functions/queue/report-worker.ts')
    const bodies = sqs
      .commandCalls(SendMessageBatchCommand)
      .flatMap((call) => call.args[0].input.Entries ?? [])
      .map((entry) => entry.MessageBody)
    output = capturedOutput()
    const result = await handler(sqsEvent([...bodies, 'not json']), context('worker-1'))
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }])
    expect(output.logs().filter((log) => log.level === 'ERROR')).toEqual([
      expect.objectContaining({
        message: 'report job failed; returned to the queue',
        messageId: 'm2',
        error: expect.stringMatching(/JSON/),
        function_request_id: 'worker-1',
      }),
    ])
    const stored = await new DynamoDbReportStore(dynamo.client, 'report-functions').read(
      'fleet',
      '2026-11-22T06:00:00.000Z',
    )
    expect(stored?.targets.map((target) => target.status)).toEqual(['ok', 'ok'])
    expect(stored?.header.finalizedAt).not.toBeNull()
  })

  it('the worker answers a batch whose every message failed with each of them, and logs each', async () => {
    const { handler } = await import('../../functions/queue/report-worker.ts')
    output = capturedOutput()
    // Powertools would throw on a fully failed batch; listing every message keeps one answer for both cases.
    const result = await handler(sqsEvent(['{', 'nope']), context('worker-2'))
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }])
    expect(
      output
        .logs()
        .filter((log) => log.level === 'ERROR')
        .map((log) => log.messageId),
    ).toEqual(['m0', 'm1'])
  })
})
