import { describe, expect, it } from 'vitest'
import {
  SLACK_MAX_SKEW_SECONDS,
  slackSignature,
  verifySlackSignature,
} from '../../../lib/domain/slack-signature.ts'

// Slack's published test vector.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5'
const TIMESTAMP = '1531420618'
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c'
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503'
const NOW = Number(TIMESTAMP) + 30

const check = (overrides: Partial<Parameters<typeof verifySlackSignature>[0]> = {}) =>
  verifySlackSignature({
    secret: SECRET,
    timestamp: TIMESTAMP,
    signature: SIGNATURE,
    rawBody: BODY,
    nowSeconds: NOW,
    ...overrides,
  })

describe('Slack request signatures', () => {
  it('computes Slack’s official test vector', () => {
    expect(slackSignature(SECRET, TIMESTAMP, BODY)).toBe(SIGNATURE)
  })

  it('accepts the official request', () => {
    expect(check()).toEqual({ ok: true })
  })

  it.each([
    ['a changed body', { rawBody: `${BODY}&x=1` }, 'bad signature'],
    ['a changed timestamp', { timestamp: String(Number(TIMESTAMP) + 1) }, 'bad signature'],
    [
      'a stale timestamp',
      { nowSeconds: Number(TIMESTAMP) + SLACK_MAX_SKEW_SECONDS + 1 },
      'outside the five-minute window',
    ],
    [
      'a timestamp from the future',
      { nowSeconds: Number(TIMESTAMP) - SLACK_MAX_SKEW_SECONDS - 1 },
      'outside the five-minute window',
    ],
    ['a replay after the window', { nowSeconds: NOW + 3600 }, 'outside the five-minute window'],
    ['a missing signature header', { signature: undefined }, 'missing'],
    ['a missing timestamp header', { timestamp: undefined }, 'missing'],
    ['another secret', { secret: 'not-the-secret' }, 'bad signature'],
    ['a truncated signature', { signature: SIGNATURE.slice(0, -2) }, 'bad signature'],
    ['a timestamp that is not a number', { timestamp: '15314x0618' }, 'malformed timestamp'],
  ])('refuses %s', (_why, overrides, reason) => {
    const result = check(overrides)
    expect(result.ok).toBe(false)
    expect(result.ok ? '' : result.reason).toMatch(reason)
  })

  it('accepts the edge of the window', () => {
    expect(check({ nowSeconds: Number(TIMESTAMP) + SLACK_MAX_SKEW_SECONDS })).toEqual({ ok: true })
  })
})
