import { describe, expect, it } from 'vitest'
import { analyzeSubnet } from '../../../lib/domain/subnet-analysis.ts'
import type { SubnetAssessment } from '../../../lib/schemas/plan.ts'
import { planRecommendations } from '../../../lib/services/plan-recommendations.ts'
import { eni, reservation, subnet } from '../../builders/subnets.ts'

// A new prefix reservation can only go where no reservation is: the recommendation must look there,
// never at free blocks inside an explicit reservation (prefix delegation cannot use them).

/**
 * A /24 with a reservation over 10.0.0.128/26 (blocks 8–11, all free) and one secondary IP in each of
 * blocks 1, 3 and 12–14, and in blocks 4–7 unless `freeSecondQuarter`: block 2 (10.0.0.32/28) is then the
 * only free block outside the reservation.
 */
function subnetWithReservation(type: 'explicit' | 'prefix', freeSecondQuarter = false) {
  const blocks = [1, 3, 12, 13, 14, ...(freeSecondQuarter ? [] : [4, 5, 6, 7])]
  const ips = blocks.map((block) => `10.0.0.${block * 16 + 4}`)
  return analyzeSubnet(
    subnet(),
    [eni({ privateIps: ['10.0.0.4', ...ips] })],
    [reservation('10.0.0.128/26', type)],
  )
}

/**
 * So many /28s wanted at max nodes that they do not fit. Only what the recommendation reads; the rest of
 * an assessment is the plan's own business.
 */
function needing(blocks: number, analysis: ReturnType<typeof analyzeSubnet>): SubnetAssessment {
  return { subnetId: analysis.subnetId, verdict: 'does-not-fit', demand: { blocks } } as SubnetAssessment
}

describe('the prefix-reservation recommendation', () => {
  it.each([
    [
      'does not fit now when the only free /26 is inside an explicit reservation: it names the largest range outside it',
      subnetWithReservation('explicit'),
      4,
      { prefixLength: 26, blocksReserved: 4, fitsNow: false },
      'the largest free aligned range is 10.0.0.32/28',
    ],
    [
      'fits now in a free /26 outside the explicit reservation',
      subnetWithReservation('explicit', true),
      4,
      { prefixLength: 26, blocksReserved: 4, fitsNow: true },
      'reserve a /26 for prefixes (type prefix) inside 10.0.0.64/26',
    ],
    [
      'two /28s beyond a full prefix /26 need a new /27, which cannot overlap the existing reservation: does not fit now',
      subnetWithReservation('prefix'),
      6,
      { prefixLength: 27, blocksReserved: 2, fitsNow: false },
      'the largest free aligned range is 10.0.0.32/28',
    ],
  ])('%s', (_why, analysis, blocks, effect, says) => {
    const [recommendation] = planRecommendations([], [needing(blocks, analysis)], [analysis], []).filter(
      (item) => item.kind === 'prefix-reservation',
    )
    expect(recommendation?.effect).toEqual(effect)
    expect(recommendation?.summary).toContain(says)
    expect(recommendation?.summary).not.toContain('10.0.0.128')
  })
})
