import { describe, expect, it } from 'vitest'
import { MemoryReportStore } from '../../../lib/adapters/memory/memory-report-store.ts'
import type { TargetResult } from '../../../lib/schemas/report.ts'
import { readSubnetHistory, spreadEvenly } from '../../../lib/services/subnet-history.ts'

const SCOPE = 'default'
const HOUR_MS = 3_600_000
const START = Date.parse('2026-08-01T00:00:00.000Z')
const windowOf = (index: number) => new Date(START + index * 6 * HOUR_MS).toISOString()

type Entry = TargetResult['subnets'][number]

function entry(account: string, region: string, subnetId: string, assignableBlocks: number): Entry {
  return {
    account,
    region,
    subnetId,
    vpcId: 'vpc-1',
    cidr: `10.${assignableBlocks % 256}.0.0/24`,
    assignableBlocks,
    freeBlocks: assignableBlocks,
    fragmentedBlocks: 0,
    fragmentationScore: assignableBlocks === 0 ? null : 10,
    freeIps: assignableBlocks * 16,
    unaccountedAddresses: 0,
    worstOwners: [],
    atRisk: false,
  }
}

/** `count` reports six hours apart; report i sees each subnet with i assignable blocks. */
async function storeWith(count: number, targets: { account: string; region: string; subnetIds: string[] }[]) {
  const store = new MemoryReportStore()
  for (let index = 0; index < count; index++) {
    const window = windowOf(index)
    await store.startReport({ scope: SCOPE, window, expectedTargets: targets.length, createdAt: window })
    for (const target of targets) {
      await store.putTarget(SCOPE, window, {
        account: target.account,
        region: target.region,
        status: 'ok',
        error: null,
        scannedAt: window,
        subnets: target.subnetIds.map((id) => entry(target.account, target.region, id, index)),
      })
    }
  }
  return store
}

const ONE_TARGET = [{ account: 'self', region: 'us-east-1', subnetIds: ['subnet-a', 'subnet-b'] }]
const TWO_ACCOUNTS = [
  { account: '111111111111', region: 'us-east-1', subnetIds: ['subnet-a'] },
  { account: '222222222222', region: 'eu-west-1', subnetIds: ['subnet-a'] },
]

describe('readSubnetHistory', () => {
  it.each([
    ['every report of the window, oldest first', 5, ONE_TARGET, {}, 0, 5, 'self'],
    ['only the reports since the start of the window', 5, ONE_TARGET, {}, 3, 2, 'self'],
    ['more reports than one listing holds are all read', 250, ONE_TARGET, {}, 0, 250, 'self'],
    [
      'an id in two accounts without a filter: the newest report’s first match',
      3,
      TWO_ACCOUNTS,
      {},
      0,
      3,
      '111111111111',
    ],
    ['narrowed by account', 3, TWO_ACCOUNTS, { account: '222222222222' }, 0, 3, '222222222222'],
    ['narrowed by region', 3, TWO_ACCOUNTS, { region: 'eu-west-1' }, 0, 3, '222222222222'],
  ] as const)('%s', async (_why, count, targets, filter, sinceIndex, expectedCount, expectedAccount) => {
    // Prepare
    const store = await storeWith(
      count,
      [...targets].map((t) => ({ ...t, subnetIds: [...t.subnetIds] })),
    )

    // Act
    const history = await readSubnetHistory(store, SCOPE, {
      subnetId: 'subnet-a',
      since: windowOf(sinceIndex),
      ...filter,
    })

    // Assess
    const indexes = Array.from({ length: expectedCount }, (_, i) => sinceIndex + i)
    expect(history?.account).toBe(expectedAccount)
    expect(history?.observations.map((o) => o.at)).toEqual(indexes.map(windowOf))
    expect(history?.observations.map((o) => o.assignableBlocks)).toEqual(indexes)
    expect(history?.cidr).toBe(entry('x', 'x', 'subnet-a', count - 1).cidr)
  })

  it.each([
    ['a subnet no report has', 'subnet-nope', {}],
    ['a region none of its reports is in', 'subnet-a', { region: 'ap-south-1' }],
  ])('%s is undefined, not an empty history', async (_why, subnetId, filter) => {
    // Prepare
    const store = await storeWith(2, TWO_ACCOUNTS)

    // Act
    const history = await readSubnetHistory(store, SCOPE, { subnetId, since: windowOf(0), ...filter })

    // Assess
    expect(history).toBeUndefined()
  })
})

describe('spreading a long history over a few reports', () => {
  it.each([
    ['fewer items than asked: all of them', 5, 10, [0, 1, 2, 3, 4]],
    ['the newest and the oldest always kept', 10, 2, [0, 9]],
    ['evenly spaced in between', 9, 5, [0, 2, 4, 6, 8]],
    ['a season of 6-hourly reports to 60', 360, 60, null],
  ] as const)('%s', (_why, length, count, expected) => {
    const items = Array.from({ length }, (_, index) => index)
    const spread = spreadEvenly(items, count)
    if (expected) expect(spread).toEqual(expected)
    expect(spread).toHaveLength(Math.min(length, count))
    expect(spread[0]).toBe(0)
    expect(spread.at(-1)).toBe(length - 1)
    // In order, without repeats, and no gap more than twice the even one.
    const gaps = spread.slice(1).map((value, index) => value - (spread[index] as number))
    expect(gaps.every((gap) => gap > 0 && gap <= 2 * Math.ceil((length - 1) / Math.max(count - 1, 1)))).toBe(
      true,
    )
  })
})
