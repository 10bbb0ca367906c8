import type { APIGatewayProxyEventV2, Context } from 'aws-lambda'

/** An API Gateway HTTP API (payload 2.0) event, as the real service sends it to a function. */
export function httpEvent(request: {
  method: string
  path: string
  query?: Record<string, string>
  body?: string
  headers?: Record<string, string>
}): APIGatewayProxyEventV2 {
  const query = request.query ?? {}
  return {
    version: '2.0',
    routeKey: `${request.method} ${request.path}`,
    rawPath: request.path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: request.headers ?? {},
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(request.body === undefined ? {} : { body: request.body }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method,
        path: request.path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'test',
      },
      requestId: 'request-1',
      routeKey: `${request.method} ${request.path}`,
      stage: '$default',
      time: '22/Nov/2026:00:00:00 +0000',
      timeEpoch: 1_795_305_600_000,
    },
  }
}

export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'capacity',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:capacity',
    memoryLimitInMB: '512',
    awsRequestId: 'request-1',
    logGroupName: '/aws/lambda/capacity',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 10_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  }
}
