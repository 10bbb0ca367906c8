import type { SlackMessage } from '../slack/block-kit.ts'

/** Slack's signing secret: SSM Parameter Store in AWS, an environment variable locally. */
export interface SigningSecretSource {
  signingSecret(): Promise<string>
}

/** A slow slash command handed to the worker, with where its answer goes. */
export interface SlackJob {
  text: string
  responseUrl: string
}

/** Hands slow commands to the worker without waiting for them (Lambda's asynchronous invoke). */
export interface SlackJobQueue {
  enqueue(job: SlackJob): Promise<void>
}

/** Posts a delayed answer to a command's response_url. */
export interface SlackResponder {
  respond(responseUrl: string, message: SlackMessage): Promise<void>
}
