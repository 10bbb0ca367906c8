import { expect } from 'vitest'
import { parseSlackText } from '../../lib/commands/slack-grammar.ts'
import { slackSignature } from '../../lib/domain/slack-signature.ts'
import { InvalidInputError } from '../../lib/errors.ts'
import type { SlackJob } from '../../lib/ports/slack.ts'
import { createCatalogReader } from '../../lib/services/catalog-reader.ts'
import { createInstanceTypesService } from '../../lib/services/instance-types.ts'
import { createMaxPodsService } from '../../lib/services/max-pods.ts'
import { createSlackCommandService } from '../../lib/slack/slack-service.ts'
import { bundledCatalog } from '../builders/catalog.ts'
import { recordingTelemetry } from './recording-telemetry.ts'

// The slash command's front door as the Slack tests drive it: a signing secret, a fixed clock, the bundled
// catalog, a queue that keeps the jobs, and requests signed the way Slack signs them.

export const SLACK_TEST_SECRET = 'test-secret'
export const SLACK_TEST_NOW = 1_795_305_600
export const slackTestClock = { now: () => new Date(SLACK_TEST_NOW * 1000) }
export const slackTestReader = createCatalogReader({
  snapshot: bundledCatalog,
  clock: slackTestClock,
  staleAfterMs: 0,
})
export const slackTestInstanceTypes = createInstanceTypesService(slackTestReader, 'us-east-1')

export function commandService() {
  const jobs: SlackJob[] = []
  const service = createSlackCommandService({
    secret: { signingSecret: async () => SLACK_TEST_SECRET },
    queue: { enqueue: async (job) => void jobs.push(job) },
    clock: slackTestClock,
    telemetry: recordingTelemetry().telemetry,
    instanceTypes: slackTestInstanceTypes,
    maxPods: createMaxPodsService(slackTestInstanceTypes),
    reader: slackTestReader,
  })
  return { service, jobs }
}

export function signed(text: string) {
  const rawBody = new URLSearchParams({
    command: '/capacity',
    text,
    response_url: 'http://127.0.0.1:9/r',
  }).toString()
  const timestamp = String(SLACK_TEST_NOW)
  return { rawBody, timestamp, signature: slackSignature(SLACK_TEST_SECRET, timestamp, rawBody) }
}

/** The fields a Slack text is refused for. */
export function refusedFields(text: string): string[] {
  try {
    parseSlackText(text)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError)
    return (error as InvalidInputError).issues.map((issue) => issue.field)
  }
  throw new Error(`'${text}' was accepted`)
}
