import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Ec2InstanceType } from '../../lib/adapters/ec2/describe-instance-types-page.ts'
import { ec2ErrorXml, toEc2Xml } from './ec2-query-xml.ts'

export interface Ec2Call {
  action: string
  region: string
  params: Record<string, string>
}

type Failure = { status: number; code: string; message: string }

/** RequestLimitExceeded is what EC2 answers when its token bucket is empty (HTTP 503). */
export const THROTTLED: Failure = {
  status: 503,
  code: 'RequestLimitExceeded',
  message: 'Request limit exceeded.',
}
export const INTERNAL_ERROR: Failure = {
  status: 500,
  code: 'InternalError',
  message: 'An internal error has occurred',
}
export const UNAUTHORIZED: Failure = {
  status: 403,
  code: 'UnauthorizedOperation',
  message: 'You are not authorized to perform this operation.',
}

/**
 * An EC2 endpoint on 127.0.0.1 speaking the Query protocol (form-encoded Action, XML answers) with
 * real NextToken paging, for the real @aws-sdk/client-ec2 to call. It records every call and can throttle,
 * fail and delay on demand; reset() between tests.
 */
export class FakeEc2 {
  readonly calls: Ec2Call[] = []
  private server: Server | undefined
  private instanceTypes = new Map<string, Ec2InstanceType[]>()
  private failWhen: (call: Ec2Call, index: number) => Failure | undefined = () => undefined
  private latencyMs = 0

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response))
    this.server.listen(0, '127.0.0.1')
    await once(this.server, 'listening')
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => this.server?.close(() => done()) ?? done())
  }

  reset(): void {
    this.calls.length = 0
    this.instanceTypes.clear()
    this.failWhen = () => undefined
    this.latencyMs = 0
  }

  setInstanceTypes(region: string, types: Ec2InstanceType[]): void {
    this.instanceTypes.set(region, types)
  }

  /** Decide per call (its 0-based index among all calls) whether it fails, and how. */
  failCalls(rule: (call: Ec2Call, index: number) => Failure | undefined): void {
    this.failWhen = rule
  }

  delay(ms: number): void {
    this.latencyMs = ms
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))
    // The region is in the SigV4 credential scope: Credential=AKID/date/region/ec2/aws4_request.
    const region =
      /Credential=[^/]+\/\d+\/([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? 'unknown'
    const call: Ec2Call = { action: params.Action ?? '', region, params }
    const index = this.calls.push(call) - 1
    if (this.latencyMs > 0) await new Promise((done) => setTimeout(done, this.latencyMs))

    const requestId = randomUUID()
    const failure = this.failWhen(call, index)
    if (failure)
      return this.send(response, failure.status, ec2ErrorXml(failure.code, failure.message, requestId))
    if (call.action !== 'DescribeInstanceTypes') {
      return this.send(
        response,
        400,
        ec2ErrorXml(
          'InvalidAction',
          `The action ${call.action} is not valid for this web service.`,
          requestId,
        ),
      )
    }
    const pageSize = Number(params.MaxResults ?? 100)
    if (!Number.isInteger(pageSize) || pageSize < 5 || pageSize > 100) {
      return this.send(
        response,
        400,
        ec2ErrorXml('InvalidParameterValue', 'MaxResults must be between 5 and 100', requestId),
      )
    }
    const all = this.instanceTypes.get(region) ?? []
    const start = params.NextToken ? Number(Buffer.from(params.NextToken, 'base64url').toString('utf8')) : 0
    const end = start + pageSize
    const nextToken = end < all.length ? Buffer.from(String(end), 'utf8').toString('base64url') : undefined
    this.send(
      response,
      200,
      toEc2Xml(
        'DescribeInstanceTypes',
        { InstanceTypes: all.slice(start, end), NextToken: nextToken },
        requestId,
      ),
    )
  }

  private send(response: ServerResponse, status: number, body: string): void {
    response.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' })
    response.end(body)
  }
}
