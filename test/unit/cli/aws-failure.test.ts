import { Readable } from 'node:stream'
import { DescribeSubnetsCommand, EC2Client, EC2ServiceException } from '@aws-sdk/client-ec2'
import { fromEnv } from '@aws-sdk/credential-providers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { awsMistake, describeAwsFailure } from '../../../cli/aws-failure.ts'
import { UnknownAwsProfileError } from '../../../cli/aws-profiles.ts'
import { InvalidInputError } from '../../../lib/errors.ts'
import { ec2ErrorXml } from '../../support/ec2-query-xml.ts'

/** An AWS service error as the SDK deserialises it: the error code is its name. */
const serviceError = (code: string, message: string, attempts = 1) =>
  new EC2ServiceException({ name: code, $fault: 'client', $metadata: { attempts }, message })

/** A Node socket error, as the SDK passes it on (with its own $metadata). */
const networkError = (code: string, message: string, fields: Record<string, unknown>) =>
  Object.assign(new Error(message), { code, ...fields, $metadata: { attempts: 3 } })

/** What the SDK's credential chain throws when it finds nothing: provoked, not imitated. */
async function credentialsProviderError(): Promise<Error> {
  vi.stubEnv('AWS_ACCESS_KEY_ID', '')
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', '')
  return fromEnv()().then(
    () => {
      throw new Error('fromEnv found credentials with none set')
    },
    (error: Error) => error,
  )
}

/**
 * What the SDK throws when the endpoint answers `status` with `body`: provoked through the EC2 client's
 * own deserialisation, not imitated, so a change in the SDK's error shapes shows here.
 */
async function answeredWith(status: number, contentType: string, body: string): Promise<unknown> {
  const client = new EC2Client({
    region: 'eu-west-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: status,
          headers: { 'content-type': contentType },
          body: Readable.from([body]),
        },
      }),
    },
  })
  try {
    await client.send(new DescribeSubnetsCommand({}))
    throw new Error(`the SDK accepted an answer of ${status}`)
  } catch (error) {
    return error
  } finally {
    client.destroy()
  }
}
const XML = 'text/xml;charset=UTF-8'
const HTML = 'text/html'
const PROXY_PAGE =
  '<html><head><title>Proxy</title></head><body>Access to this site is blocked</title></body></html>'

afterEach(() => vi.unstubAllEnvs())

describe('AWS access problems: one line with the code and a hint (exit 3)', () => {
  it.each([
    [
      'expired session token (STS/EC2 ExpiredToken): log in again',
      serviceError('ExpiredToken', 'The security token included in the request is expired'),
      /^ExpiredToken: .*expired; run aws sso login/,
    ],
    [
      'expired token in the JSON protocols (ExpiredTokenException)',
      serviceError('ExpiredTokenException', 'The security token included in the request is expired'),
      /^ExpiredTokenException: .*aws sso login/,
    ],
    [
      'EC2 UnauthorizedOperation naming the action: the action is named',
      serviceError(
        'UnauthorizedOperation',
        'You are not authorized to perform this operation. User: arn:aws:iam::111122223333:user/ops is not authorized to perform: ec2:DescribeNetworkInterfaces because no identity-based policy allows it',
      ),
      /^UnauthorizedOperation: access denied to ec2:DescribeNetworkInterfaces; /,
    ],
    [
      'EC2 UnauthorizedOperation without the action: the permissions a scan needs are listed',
      serviceError('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      /^UnauthorizedOperation: access denied \(You are not authorized to perform this operation\.\); a scan needs ec2:DescribeSubnets/,
    ],
    [
      'STS AccessDenied (assuming a report role)',
      serviceError(
        'AccessDenied',
        'User: arn:aws:iam::111122223333:user/ops is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/report',
      ),
      /^AccessDenied: access denied to sts:AssumeRole; /,
    ],
    [
      'AccessDeniedException of the JSON protocols',
      serviceError('AccessDeniedException', 'not allowed'),
      /^AccessDeniedException: access denied \(not allowed\)/,
    ],
    [
      'AuthFailure: keys AWS does not accept',
      serviceError('AuthFailure', 'AWS was not able to validate the provided access credentials'),
      /^AuthFailure: AWS rejected the credentials .*aws sts get-caller-identity/,
    ],
    [
      'throttled past retries: the attempts are said, and a narrower scan suggested',
      serviceError('RequestLimitExceeded', 'Request limit exceeded.', 8),
      /^RequestLimitExceeded: AWS throttled the calls and the retries were used up after 8 attempts; scan fewer subnets/,
    ],
    [
      'Throttling (the Query protocols other than EC2)',
      serviceError('Throttling', 'Rate exceeded', 4),
      /^Throttling: .*after 4 attempts/,
    ],
    [
      'ThrottlingException (the JSON protocols)',
      serviceError('ThrottlingException', 'Rate exceeded', 4),
      /^ThrottlingException: .*retries were used up/,
    ],
    [
      'connection refused: the endpoint is named',
      networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:4566', {
        address: '127.0.0.1',
        port: 4566,
      }),
      /^ECONNREFUSED: cannot reach the AWS endpoint 127\.0\.0\.1:4566; /,
    ],
    [
      'unknown host: the host is named',
      networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND ec2.nowhere.example', {
        hostname: 'ec2.nowhere.example',
      }),
      /^ENOTFOUND: cannot reach the AWS endpoint ec2\.nowhere\.example;/,
    ],
    [
      'DNS failing for now (EAI_AGAIN)',
      networkError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN ec2.eu-west-1.amazonaws.com', {
        hostname: 'ec2.eu-west-1.amazonaws.com',
      }),
      /^EAI_AGAIN: cannot reach the AWS endpoint ec2\.eu-west-1\.amazonaws\.com;/,
    ],
    [
      'connect timeout (ETIMEDOUT)',
      networkError('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:443', { address: '10.0.0.1', port: 443 }),
      /^ETIMEDOUT: cannot reach the AWS endpoint 10\.0\.0\.1:443;/,
    ],
    [
      'the SDK’s own request timeout (throwOnRequestTimeout): named by the host the scan client recorded',
      Object.assign(new Error('a request has exceeded the configured 10000 ms requestTimeout.'), {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
        endpointHost: 'ec2.eu-west-1.amazonaws.com',
      }),
      /^TimeoutError: cannot reach the AWS endpoint ec2\.eu-west-1\.amazonaws\.com;/,
    ],
    [
      'a profile no shared file holds (checked before the SDK, which would only say "no credentials")',
      new UnknownAwsProfileError('prod', ['/h/.aws/config', '/h/.aws/credentials']),
      /^ProfileNotFound: the profile 'prod' is in neither \/h\/\.aws\/config nor \/h\/\.aws\/credentials; list the profiles/,
    ],
    [
      'the SSO token provider’s expired session',
      Object.assign(new Error('Token is expired. To refresh this SSO session run aws sso login.'), {
        name: 'TokenProviderError',
      }),
      /^TokenProviderError: the AWS SSO session has expired .*; run aws sso login$/,
    ],
    [
      'an SDK error wrapped by one of our services: found through cause',
      new Error('scan of vpc-1 failed', { cause: serviceError('UnauthorizedOperation', 'no') }),
      /^UnauthorizedOperation: access denied/,
    ],
    [
      'a connection refused inside an AggregateError (both address families tried)',
      new AggregateError(
        [networkError('ECONNREFUSED', 'connect ECONNREFUSED ::1:4566', { address: '::1', port: 4566 })],
        'connect failed',
      ),
      /^ECONNREFUSED: cannot reach the AWS endpoint ::1:4566;/,
    ],
  ])('%s', (_why, error, line) => {
    // Act
    const described = describeAwsFailure(error)
    // Assess
    expect(described).toMatch(line)
    expect(described).not.toContain('\n')
  })

  it('no credentials anywhere (the SDK’s CredentialsProviderError): aws configure, aws sso login or --profile', async () => {
    // Prepare
    const error = await credentialsProviderError()
    // Act
    const described = describeAwsFailure(error)
    // Assess
    expect(error.name).toBe('CredentialsProviderError')
    expect(described).toMatch(
      /^CredentialsProviderError: no AWS credentials found \(.+\); run aws configure or aws sso login, or pass --profile$/,
    )
  })

  it('keeps a long message (an encoded authorization failure) to one readable line', () => {
    const error = serviceError(
      'UnauthorizedOperation',
      `Encoded authorization failure message: ${'x'.repeat(2000)}`,
    )
    expect((describeAwsFailure(error) ?? '').length).toBeLessThan(500)
  })
})

describe('any other answer from AWS, or from what stands at its endpoint: one line with a hint (exit 3)', () => {
  it.each([
    [
      'EC2’s InternalError (a server fault): AWS’s error, not ours',
      () => answeredWith(500, XML, ec2ErrorXml('InternalError', 'An internal error has occurred', 'r-1')),
      /^InternalError: AWS answered with an error \(HTTP 500: An internal error has occurred\); try again later, or check AWS_ENDPOINT_URL\(_EC2, _EKS\)/,
    ],
    [
      'a client fault that is not about access nor a wrong ID (an unknown action)',
      () => answeredWith(400, XML, ec2ErrorXml('InvalidAction', 'The action Foo is not valid', 'r-2')),
      /^InvalidAction: AWS refused the call \(The action Foo is not valid\); check AWS_ENDPOINT_URL\(_EC2, _EKS\)/,
    ],
    [
      'not XML at all (a proxy’s HTML page, a server that is not EC2): the status and the endpoint to check',
      () => answeredWith(500, HTML, PROXY_PAGE),
      /^HTTP 500: the answer is not an AWS answer; check AWS_ENDPOINT_URL\(_EC2, _EKS\) and the proxy if set, and the region$/,
    ],
    [
      'an error page with no AWS error code in it (the SDK calls it Unknown)',
      () => answeredWith(502, HTML, '<html><body>Bad Gateway</body></html>'),
      /^HTTP 502: the answer is not an AWS answer; /,
    ],
    [
      'the endpoint the scan client recorded is named',
      async () =>
        Object.assign((await answeredWith(500, HTML, PROXY_PAGE)) as object, {
          endpointHost: 'proxy.corp:3128',
        }),
      /^HTTP 500: the answer from proxy\.corp:3128 is not an AWS answer;/,
    ],
  ])('%s', async (_why, provoke, line) => {
    // Prepare
    const error = await provoke()
    // Act
    const described = describeAwsFailure(error)
    // Assess
    expect(described).toMatch(line)
    expect(described).not.toContain('\n')
    expect(awsMistake(error, 'region eu-west-1')).toBeUndefined()
  })
})

describe('an ID or value AWS says is wrong: the caller’s mistake (exit 2), naming the ID and where it was looked for', () => {
  it.each([
    ['InvalidSubnetID.NotFound', "The subnet ID 'subnet-0123456789abcdef0' does not exist"],
    ['InvalidVpcID.NotFound', "The vpc ID 'vpc-0123456789abcdef0' does not exist"],
    ['InvalidSubnetID.Malformed', 'Invalid id: "subnet-zz" (expecting "subnet-...")'],
    ['InvalidVpcID.Malformed', 'Invalid id: "vpc-zz"'],
    ['InvalidParameterValue', 'Value ( subnet-1 ) for parameter subnetId is invalid'],
  ])('%s', async (code, message) => {
    // Prepare
    const error = await answeredWith(400, XML, ec2ErrorXml(code, message, 'r-3'))
    // Act
    const mistake = awsMistake(error, 'region eu-west-1, profile prod')
    // Assess
    expect(mistake).toBeInstanceOf(InvalidInputError)
    expect(mistake?.message).toBe(
      `${code}: ${message} (region eu-west-1, profile prod); check the ID, the region and the profile`,
    )
  })

  it('found through the cause of an error our services wrap', () => {
    const wrapped = new Error('scan failed', {
      cause: serviceError('InvalidSubnetID.NotFound', "The subnet ID 'subnet-1' does not exist"),
    })
    expect(awsMistake(wrapped, 'region eu-west-1')?.message).toMatch(/^InvalidSubnetID\.NotFound: /)
  })

  it('an endpoint_url in the shared config that is no URL: what Node’s parser refused, and where to fix it', () => {
    // Prepare: what the SDK throws when it parses the configured endpoint.
    const refused = (() => {
      try {
        return new URL('notaurl')
      } catch (error) {
        return error
      }
    })()
    // Act
    const mistake = awsMistake(new Error('scan failed', { cause: refused }), 'region eu-west-1')
    // Assess
    expect(mistake).toBeInstanceOf(InvalidInputError)
    expect(mistake?.message).toMatch(/^'notaurl' is not a URL: check endpoint_url in the profile/)
  })

  it.each([
    ['an access problem', serviceError('UnauthorizedOperation', 'no')],
    [
      'a server fault that happens to say NotFound',
      new EC2ServiceException({ name: 'Thing.NotFound', $fault: 'server', $metadata: {}, message: 'x' }),
    ],
    ['a bug', new TypeError('x')],
  ])('not for %s', (_why, error) => {
    expect(awsMistake(error, 'region eu-west-1')).toBeUndefined()
  })
})

describe('everything else stays a bug (exit 1)', () => {
  it.each([
    ['a plain programming error', new TypeError("Cannot read properties of undefined (reading 'x')")],
    [
      'a usage error (main.ts answers those with exit 2 before asking)',
      new InvalidInputError([{ field: 'x', message: 'y' }]),
    ],
    ['not an error at all', 'a string thrown'],
    [
      'a cause chain that loops on itself',
      (() => {
        const looping = new Error('outer')
        Object.assign(looping, { cause: looping })
        return looping
      })(),
    ],
  ])('%s', (_why, error) => {
    expect(describeAwsFailure(error)).toBeUndefined()
  })
})
