import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { DEMO_VPC_ID } from '../../lib/adapters/demo/demo-vpc.ts'
import {
  type Answer,
  everyRouteRequests,
  faultsAgainst,
  type RouteRequest,
  send,
  sendAtOnce,
} from '../../test/support/every-route.ts'
import { freePort } from '../../test/support/free-port.ts'
import { type BenchSection, fixed, quantile, sortedNumbers, thousands } from './measure.ts'
import { descendantsAndSelf, watchProcessTreeMemory } from './process-tree-memory.ts'

/** serverless-offline takes 15–75 s to start: few runs, the median. */
const STARTS = 3
const READY_TIMEOUT_MS = 180_000
const DURATION_SECONDS = 10
const CONNECTIONS = [10, 200] as const
const PARALLEL = 200
const ROUTES = {
  cheap: '/v1/instance-types/m5.large/max-pods?prefixDelegation=true',
  heavier: `/v1/subnets?vpcId=${DEMO_VPC_ID}`,
} as const
/** Issue 8's figures for serverless-offline, 10 connections on the cheap route, kept as this section's history. */
const ISSUE_8 = { requestsPerSecond: 841, p50: 8.0, p99: 31.0 }

type Runner = 'offline' | 'local'
const RUNNERS: Record<Runner, string> = {
  offline: 'before: serverless-offline (`startOffline`)',
  local: 'after: in-process adapter (`startLocal`)',
}

interface RunnerFigures {
  firstAnswerMs: number[]
  startMs: number[]
  load: { route: keyof typeof ROUTES; connections: number; result: autocannon.Result }[]
  crowdFailed: number
  crowdTimeouts: number
  peakMiB: number
  processes: number
}

/**
 * `npm start`'s runner before and after issue 14, each in a child process of its own (the serving
 * process tree is what is measured, apart from the load generator): time to first answer, load, a crowd
 * of every route, peak memory.
 */
export async function benchLocalServer(root: string): Promise<BenchSection> {
  const before = await measureRunner(root, 'offline')
  const after = await measureRunner(root, 'local')
  const both = [before, after]
  const row = (measure: string, figure: (runner: RunnerFigures) => string) => [measure, ...both.map(figure)]
  const loadRows = Object.keys(ROUTES).flatMap((route) =>
    CONNECTIONS.flatMap((connections) => {
      const result = (runner: RunnerFigures) =>
        runner.load.find((entry) => entry.route === route && entry.connections === connections)
          ?.result as autocannon.Result
      const label = `GET ${ROUTES[route as keyof typeof ROUTES]}, ${connections} connections`
      return [
        row(
          `${label}: requests/s (answers in ${DURATION_SECONDS} s)`,
          (runner) =>
            `${thousands(result(runner).requests.average)} (${thousands(result(runner).requests.total)})`,
        ),
        row(`${label}: latency p50 / p99, ms`, (runner) =>
          result(runner).requests.total === 0
            ? 'no answer'
            : `${milliseconds(result(runner).latency.p50)} / ${milliseconds(result(runner).latency.p99)}`,
        ),
        row(`${label}: non-2xx / errors / timeouts`, (runner) =>
          [result(runner).non2xx, result(runner).errors, result(runner).timeouts].join(' / '),
        ),
      ]
    }),
  )
  return {
    title: 'Local server: start, concurrency, memory (issue 14)',
    method: [
      `Each runner started ${STARTS} times in a fresh child process (\`node --import tsx\`, as \`npm start\` runs); time to first answer is from spawning it to the first 200 of GET /v1/health, the median (all runs in brackets).`,
      `Then, on the last start: each route once alone, then ${PARALLEL} requests at once over every route (test/support/every-route.ts, as test/e2e/local-concurrency.test.ts sends them), each compared with its answer alone: a failure is another status, another body (a Lambda timeout, a stack trace) or a missing security header; then autocannon for ${DURATION_SECONDS} s on a cheap route and on a heavier one (a scan of the demo VPC), at ${CONNECTIONS.join(' then at ')} connections, in that order on the same server (an autocannon timeout is a request left without an answer for 10 s).`,
      `Peak RSS is the sum of each serving process's high-water mark (VmHWM), sampled over the whole run, start included (serverless-offline's tree holds its esbuild and Lambda workers; dynalite runs inside the runner's process in both).`,
      `Issue 8 measured serverless-offline at 10 connections on the cheap route: ${ISSUE_8.requestsPerSecond} requests/s, p50 ${fixed(ISSUE_8.p50)} ms, p99 ${fixed(ISSUE_8.p99)} ms. In-process, every function shares one Node process and so one core: at 200 connections on the scan route (each request analyses the demo VPC afresh, about 0.5 ms) the process is CPU-bound, connections it has not yet accepted wait in the kernel's accept queue, and a few of them can wait past autocannon's 10 s (the timeouts in that row; the handlers' own times stay in milliseconds). In AWS, Lambda scales out instead, and the stage throttle (25 requests/s, burst 50) answers 429 long before. Reproduce this section alone: \`npm run bench -- local-server\`.`,
    ].join(' '),
    headers: ['measure', RUNNERS.offline, RUNNERS.local],
    rows: [
      row(
        'time to first answer, s (median of runs)',
        (runner) =>
          `${seconds(quantile(runner.firstAnswerMs, 0.5))} (${runner.firstAnswerMs.map(seconds).join(', ')})`,
      ),
      row('of which the start function, s (median)', (runner) => seconds(quantile(runner.startMs, 0.5))),
      row(`${PARALLEL} parallel requests of every route: failed answers`, (runner) =>
        runner.crowdTimeouts > 0
          ? `${runner.crowdFailed} (${runner.crowdTimeouts} Lambda timeouts)`
          : String(runner.crowdFailed),
      ),
      row(
        'peak RSS of the serving processes, MiB',
        (runner) =>
          `${thousands(runner.peakMiB)} (${runner.processes} process${runner.processes === 1 ? '' : 'es'})`,
      ),
      ...loadRows,
    ],
  }
}

async function measureRunner(root: string, runner: Runner): Promise<RunnerFigures> {
  const firstAnswerMs: number[] = []
  const startMs: number[] = []
  for (let run = 1; run <= STARTS; run++) {
    const server = await serve(root, runner)
    firstAnswerMs.push(server.firstAnswerMs)
    startMs.push(server.startMs)
    if (run < STARTS) {
      server.memory.stop()
      await stopChild(server.child)
      continue
    }
    try {
      // The crowd first, on a server that has only answered each route once, as in the test.
      const crowd = await crowdFaults(server.url)
      const load: RunnerFigures['load'] = []
      // The lighter loads first: a runner that a crowd wedges would otherwise show nothing for them.
      for (const connections of CONNECTIONS) {
        for (const route of Object.keys(ROUTES) as (keyof typeof ROUTES)[]) {
          console.error(`local-server: ${runner}, GET ${ROUTES[route]}, ${connections} connections…`)
          const result = await autocannon({
            url: `${server.url}${ROUTES[route]}`,
            connections,
            duration: DURATION_SECONDS,
          })
          load.push({ route, connections, result })
        }
      }
      const memory = server.memory.stop()
      return {
        firstAnswerMs: sortedNumbers(firstAnswerMs),
        startMs: sortedNumbers(startMs),
        load,
        ...crowd,
        ...memory,
      }
    } finally {
      server.memory.stop()
      await stopChild(server.child)
    }
  }
  throw new Error('unreachable: the last start returns')
}

/** Spawns the runner and waits for its first answer to GET /v1/health. */
async function serve(root: string, runner: Runner) {
  const port = await freePort()
  const spawned = performance.now()
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'scripts/bench/serve-local.ts'),
      runner,
      String(port),
      String(await freePort()),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const memory = watchProcessTreeMemory(child.pid as number)
  let printed = ''
  child.stdout?.on('data', (chunk) => {
    printed += String(chunk)
  })
  const url = `http://127.0.0.1:${port}`
  try {
    const firstAnswerMs = (await firstHealthyAnswer(url, child)) - spawned
    while (!printed.includes('\n')) await once(child.stdout as NonNullable<typeof child.stdout>, 'data')
    const ready = JSON.parse(printed.split('\n')[0] as string) as { startMs: number }
    console.error(`local-server: ${runner} answered in ${seconds(firstAnswerMs)} s`)
    return { child, url, memory, firstAnswerMs, startMs: ready.startMs }
  } catch (error) {
    memory.stop()
    await stopChild(child)
    throw error
  }
}

/** When GET /v1/health first answered 200 (performance.now() time). */
async function firstHealthyAnswer(url: string, child: ChildProcess): Promise<number> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the runner exited with status ${child.exitCode}`)
    try {
      const response = await fetch(`${url}/v1/health`)
      await response.arrayBuffer()
      if (response.status === 200) return performance.now()
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 50))
  }
  throw new Error(`no answer from ${url}/v1/health within ${READY_TIMEOUT_MS / 1000} s`)
}

/** PARALLEL requests at once over every route, each compared with its answer when sent alone. */
async function crowdFaults(url: string) {
  const requests = await everyRouteRequests(url)
  const alone: Answer[] = []
  for (const each of requests) alone.push(await send(url, each))
  const crowd = Array.from({ length: PARALLEL }, (_, n) => n % requests.length)
  const answers = await sendAtOnce(
    url,
    crowd.map((index) => requests[index] as RouteRequest),
  )
  const faults = answers.map((answer, n) => faultsAgainst(alone[crowd[n] as number] as Answer, answer))
  return {
    crowdFailed: faults.filter((found) => found.length > 0).length,
    crowdTimeouts: answers.filter((answer) => answer.text.includes('Lambda timeout')).length,
  }
}

/**
 * Stops the runner, then kills whatever it leaves behind: serverless-offline, told to stop while it still
 * bundles, has been seen to outlive its parent and keep a CPU busy through the next measurements.
 */
async function stopChild(child: ChildProcess): Promise<void> {
  const tree = descendantsAndSelf(child.pid as number).map((pid) => ({ pid, command: commandLine(pid) }))
  if (child.exitCode === null && child.signalCode === null) {
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    await exited
    clearTimeout(timer)
  }
  for (const { pid, command } of tree) {
    // The same command line: the pid was not reused by another process meanwhile.
    if (command === undefined || commandLine(pid) !== command) continue
    console.error(`local-server: process ${pid} outlived the runner; killing it`)
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // It ended meanwhile.
    }
  }
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return undefined
  }
}

/** autocannon counts latency in whole milliseconds: 0 is under one. */
function milliseconds(ms: number): string {
  return ms === 0 ? '< 1' : String(ms)
}

function seconds(ms: number): string {
  return fixed(ms / 1000)
}
