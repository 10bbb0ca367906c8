import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { maxPods } from '../../lib/domain/max-pods.ts'
import { type LocalService, startLocal } from '../../scripts/local/start-local.ts'
import { catalogType, settings } from '../builders/catalog.ts'
import {
  type Answer,
  answerFaults,
  everyRouteRequests,
  faultsAgainst,
  type RouteRequest,
  send,
  sendAtOnce,
} from '../support/every-route.ts'
import { freePort } from '../support/free-port.ts'
import { REPO_ROOT } from '../support/reference.ts'

// `npm start` holding a crowd: 200 requests at once over every route, each answered exactly as it is
// when sent alone, with the security headers, and never with the runner's own error (a Lambda timeout).

const PARALLEL = 200

let service: LocalService
let requests: RouteRequest[]
/** Each request's answer when it is the only one in flight: the reference for the crowd's answers. */
let alone: Answer[]

beforeAll(async () => {
  service = await startLocal({ port: await freePort(), lambdaPort: await freePort(), log: () => {} })
  requests = await everyRouteRequests(service.url)
  alone = []
  for (const each of requests) alone.push(await send(service.url, each))
})
afterAll(async () => {
  await service?.stop()
})

describe(`the local server under ${PARALLEL} parallel requests of every route`, () => {
  it('sends a request to every HTTP route of serverless.yml', () => {
    const serverless = parse(readFileSync(join(REPO_ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'silent' })
    const routes = Object.values(serverless.functions as Record<string, { events?: unknown[] }>)
      .flatMap((fn) => fn.events ?? [])
      .flatMap((event) => {
        const route = (event as { httpApi?: { method: string; path: string } }).httpApi
        return route ? [`${route.method} ${route.path}`] : []
      })
    expect(requests.map((each) => `${each.method} ${each.route}`).sort()).toEqual(routes.sort())
  })

  it('answers each request alone with a 200 and no fault (the mix holds only valid requests)', () => {
    const wrong = requests
      .map((each, index) => ({ route: each.route, answer: alone[index] as Answer }))
      .filter(({ answer }) => answer.status !== 200 || answerFaults(answer).length > 0)
      .map(({ route, answer }) => `${route}: ${answer.status} ${answerFaults(answer).join(', ')}`)
    expect(wrong).toEqual([])
  })

  it('answers max-pods alone with the calculator’s figure', async () => {
    const index = requests.findIndex((each) => each.route === '/v1/instance-types/{instanceType}/max-pods')
    const expected = maxPods(await catalogType('m5.large'), settings({ prefixDelegation: true })).maxPods
    expect(JSON.parse((alone[index] as Answer).text).maxPods).toBe(expected)
  })

  it(`answers all ${PARALLEL} at once as it answers each alone`, async () => {
    // Prepare: the routes in turn, so each runs about PARALLEL / routes times at once.
    const crowd = Array.from({ length: PARALLEL }, (_, n) => n % requests.length)

    // Act
    const started = Date.now()
    const answers = await sendAtOnce(
      service.url,
      crowd.map((index) => requests[index] as RouteRequest),
    )
    const seconds = (Date.now() - started) / 1000

    // Assess
    const faults = answers.map((answer, n) => faultsAgainst(alone[crowd[n] as number] as Answer, answer))
    const failed = faults.filter((found) => found.length > 0).length
    const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024)
    console.log(
      `${PARALLEL} parallel requests over ${requests.length} routes: ${failed} failed, in ${seconds.toFixed(1)} s; peak RSS of this process ${peakRssMiB} MiB`,
    )
    // How many answers show each fault: one line per kind of fault, not per answer.
    const tally: Record<string, number> = {}
    for (const fault of faults.flat()) tally[fault] = (tally[fault] ?? 0) + 1
    expect(tally).toEqual({})
  }, 60_000)
})
