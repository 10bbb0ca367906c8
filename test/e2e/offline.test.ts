import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLocal } from '../../scripts/local/start-local.ts'
import { startOffline } from '../../scripts/local/start-offline.ts'
import { freePort } from '../support/free-port.ts'

// `npm run offline` keeps serverless-offline working: it answers as `npm start`'s in-process server does.

type Service = Awaited<ReturnType<typeof startLocal>>
let offline: Service
let local: Service

beforeAll(async () => {
  ;[offline, local] = await Promise.all([
    startOffline({ port: await freePort(), lambdaPort: await freePort(), log: () => {} }),
    startLocal({ port: 0, log: () => {} }),
  ])
}, 180_000)
afterAll(async () => {
  await Promise.all([offline?.stop(), local?.stop()])
})

async function answer(service: Service, path: string) {
  const response = await fetch(`${service.url}${path}`)
  return {
    status: response.status,
    // serverless-offline appends `; charset=utf-8` to the functions' own content type; AWS does not.
    mediaType: response.headers.get('content-type')?.split(';')[0],
    securityPolicy: response.headers.get('content-security-policy'),
    body: await response.json(),
  }
}

/** Each server filled its own database: the catalog's refresh times differ, and nothing else may. */
function withoutRefreshTimes(reply: Awaited<ReturnType<typeof answer>>) {
  return JSON.parse(JSON.stringify(reply, (key, value) => (key === 'refreshedAt' ? undefined : value)))
}

describe('npm run offline', () => {
  it('is healthy, with the catalog in DynamoDB', async () => {
    const [fromOffline, fromLocal] = await Promise.all([
      answer(offline, '/v1/health'),
      answer(local, '/v1/health'),
    ])

    expect(fromOffline.status).toBe(200)
    expect(withoutRefreshTimes(fromOffline)).toEqual(withoutRefreshTimes(fromLocal))
  })

  it('answers a capacity route as npm start does', async () => {
    const path = '/v1/instance-types/m5.large/max-pods?prefixDelegation=true'
    const [fromOffline, fromLocal] = await Promise.all([answer(offline, path), answer(local, path)])

    expect(fromOffline.status).toBe(200)
    expect(withoutRefreshTimes(fromOffline)).toEqual(withoutRefreshTimes(fromLocal))
  })
})
