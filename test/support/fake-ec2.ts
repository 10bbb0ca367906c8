import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Ec2InstanceType } from '../../lib/adapters/ec2/describe-instance-types-page.ts'
import { ec2ErrorXml, toEc2Xml } from './ec2-query-xml.ts'

export interface Ec2Call {
  action: string
  region: string
  /** The account the caller's credentials belong to: `self`, or the one whose role it assumed. */
  account: string
  params: Record<string, string>
}

type Failure = { status: number; code: string; message: string }
type Item = Record<string, unknown>

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

interface RegionData {
  instanceTypes: Ec2InstanceType[]
  subnets: Item[]
  networkInterfaces: Item[]
  reservations: Item[]
}

/** Page-size bounds per action, as EC2 enforces them. */
const PAGE_LIMITS: Record<string, { min: number; max: number }> = {
  DescribeInstanceTypes: { min: 5, max: 100 },
  DescribeSubnets: { min: 5, max: 1000 },
  DescribeNetworkInterfaces: { min: 5, max: 1000 },
  GetSubnetCidrReservations: { min: 5, max: 1000 },
}

/**
 * An EC2 endpoint on 127.0.0.1 speaking the Query protocol (form-encoded Action, XML answers) with real
 * NextToken paging and filters, for the real @aws-sdk/client-ec2 to call. It records every call and can
 * throttle, fail and delay on demand; reset() between tests.
 */
export class FakeEc2 {
  readonly calls: Ec2Call[] = []
  private server: Server | undefined
  private readonly regions = new Map<string, RegionData>()
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
    this.regions.clear()
    this.roles.clear()
    this.failWhen = () => undefined
    this.latencyMs = 0
    this.truncateWhen = () => false
  }

  setInstanceTypes(region: string, types: Ec2InstanceType[]): void {
    this.data(region, 'self').instanceTypes = types
  }

  /** Subnets, ENIs and CIDR reservations in EC2's member names (see test/builders/ec2-shapes.ts). */
  setNetwork(
    region: string,
    network: { subnets: Item[]; networkInterfaces: Item[]; reservations: Item[] },
    account = 'self',
  ): void {
    Object.assign(this.data(region, account), network)
  }

  /** Roles that may be assumed, with the external ID each one demands (if any). */
  readonly roles = new Map<string, { externalId?: string }>()

  /** Decide per call (its 0-based index among all calls) whether it fails, and how. */
  failCalls(rule: (call: Ec2Call, index: number) => Failure | undefined): void {
    this.failWhen = rule
  }

  delay(ms: number): void {
    this.latencyMs = ms
  }

  /** Answer these calls with a page cut off half way, as a dropped connection leaves it. */
  truncateCalls(rule: (call: Ec2Call, index: number) => boolean): void {
    this.truncateWhen = rule
  }
  private truncateWhen: (call: Ec2Call, index: number) => boolean = () => false

  callsTo(action: string): Ec2Call[] {
    return this.calls.filter((call) => call.action === action)
  }

  private data(region: string, account: string): RegionData {
    const key = `${account}:${region}`
    let data = this.regions.get(key)
    if (!data) {
      data = { instanceTypes: [], subnets: [], networkInterfaces: [], reservations: [] }
      this.regions.set(key, data)
    }
    return data
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))
    // The region is in the SigV4 credential scope: Credential=AKID/date/region/ec2/aws4_request.
    const scope = /Credential=([^/]+)\/\d+\/([^/]+)\//.exec(request.headers.authorization ?? '')
    const region = scope?.[2] ?? 'unknown'
    // Credentials from AssumeRole carry their account in the access key ID this fake hands out.
    const account = /^ASIA(\d{12})$/.exec(scope?.[1] ?? '')?.[1] ?? 'self'
    const call: Ec2Call = { action: params.Action ?? '', region, account, params }
    const index = this.calls.push(call) - 1
    if (this.latencyMs > 0) await new Promise((done) => setTimeout(done, this.latencyMs))

    const requestId = randomUUID()
    const failure = this.failWhen(call, index)
    if (failure)
      return this.send(response, failure.status, ec2ErrorXml(failure.code, failure.message, requestId))
    if (call.action === 'AssumeRole') return this.assumeRole(call, response, requestId)
    const answer = this.answer(call)
    if ('error' in answer)
      return this.send(response, 400, ec2ErrorXml(answer.error, answer.message, requestId))
    const xml = toEc2Xml(call.action, answer.result, requestId)
    this.send(response, 200, this.truncateWhen(call, index) ? xml.slice(0, Math.floor(xml.length / 2)) : xml)
  }

  /** STS AssumeRole (Query protocol too): credentials whose key ID names the role's account. */
  private assumeRole(call: Ec2Call, response: ServerResponse, requestId: string): void {
    const roleArn = call.params.RoleArn ?? ''
    const role = this.roles.get(roleArn)
    if (!role || (role.externalId !== undefined && role.externalId !== call.params.ExternalId)) {
      const error = `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to assume ${roleArn}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
      this.send(response, 403, error)
      return
    }
    const account = roleArn.split(':')[4] ?? '000000000000'
    const expiration = new Date(Date.now() + 3_600_000).toISOString()
    this.send(
      response,
      200,
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIA${account}</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA:report</AssumedRoleId><Arn>${roleArn}/report</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    )
  }

  private answer(call: Ec2Call): { result: Record<string, unknown> } | { error: string; message: string } {
    const data = this.data(call.region, call.account)
    const { params } = call
    switch (call.action) {
      case 'DescribeInstanceTypes':
        return this.page(call, data.instanceTypes as Item[], 'InstanceTypes')
      case 'DescribeSubnets': {
        const ids = listParam(params, 'SubnetId')
        const subnets = data.subnets.filter(
          (subnet) =>
            (ids.length === 0 || ids.includes(String(subnet.SubnetId))) && matchesFilters(subnet, params),
        )
        return this.page(call, subnets, 'Subnets')
      }
      case 'DescribeNetworkInterfaces': {
        // Since 2026-04 EC2 hides ENIs managed by EKS, ECS or Lambda unless asked to include them.
        const includeManaged = params.IncludeManagedResources === 'true'
        const enis = data.networkInterfaces.filter(
          (eni) => (includeManaged || eni.RequesterManaged !== true) && matchesFilters(eni, params),
        )
        return this.page(call, enis, 'NetworkInterfaces')
      }
      case 'GetSubnetCidrReservations': {
        if (!params.SubnetId)
          return { error: 'MissingParameter', message: 'The request must contain the parameter SubnetId' }
        const reservations = data.reservations.filter(
          (reservation) => reservation.SubnetId === params.SubnetId,
        )
        return this.page(call, reservations, 'SubnetIpv4CidrReservations', { SubnetIpv6CidrReservations: [] })
      }
      default:
        return {
          error: 'InvalidAction',
          message: `The action ${call.action} is not valid for this web service.`,
        }
    }
  }

  private page(call: Ec2Call, items: Item[], listName: string, extra: Record<string, unknown> = {}) {
    const limits = PAGE_LIMITS[call.action] as { min: number; max: number }
    const asked = call.params.MaxResults
    const size = asked === undefined ? items.length || 1 : Number(asked)
    if (asked !== undefined && (!Number.isInteger(size) || size < limits.min || size > limits.max)) {
      return {
        error: 'InvalidParameterValue',
        message: `MaxResults must be between ${limits.min} and ${limits.max}`,
      }
    }
    const start = call.params.NextToken
      ? Number(Buffer.from(call.params.NextToken, 'base64url').toString('utf8'))
      : 0
    const end = start + size
    const nextToken = end < items.length ? Buffer.from(String(end), 'utf8').toString('base64url') : undefined
    return { result: { [listName]: items.slice(start, end), ...extra, NextToken: nextToken } }
  }

  private send(response: ServerResponse, status: number, body: string): void {
    response.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' })
    response.end(body)
  }
}

/** `Name.1`, `Name.2`, … of the Query protocol. */
function listParam(params: Record<string, string>, name: string): string[] {
  const values: string[] = []
  for (let index = 1; params[`${name}.${index}`] !== undefined; index++)
    values.push(params[`${name}.${index}`] as string)
  return values
}

/** EC2 filters: values within one filter are ORed, filters are ANDed. */
function matchesFilters(item: Item, params: Record<string, string>): boolean {
  for (let index = 1; params[`Filter.${index}.Name`] !== undefined; index++) {
    const name = params[`Filter.${index}.Name`] as string
    const values = listParam(params, `Filter.${index}.Value`)
    const tags = (item.Tags ?? item.TagSet ?? []) as { Key: string; Value: string }[]
    let actual: string[]
    if (name === 'vpc-id') actual = [String(item.VpcId)]
    else if (name === 'subnet-id') actual = [String(item.SubnetId)]
    else if (name === 'tag-key') actual = tags.map((tag) => tag.Key)
    else if (name.startsWith('tag:'))
      actual = tags.filter((tag) => tag.Key === name.slice(4)).map((tag) => tag.Value)
    else throw new Error(`the fake EC2 does not know the filter ${name}`)
    if (!actual.some((value) => values.includes(value))) return false
  }
  return true
}
