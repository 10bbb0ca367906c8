import { describe, expect, it } from 'vitest'
import { cniSettingsFromEnv, parseGoBool, parseGoInt } from '../../../../lib/domain/cluster/vpc-cni-env.ts'
import { WarmPoolSettings } from '../../../../lib/schemas/ip-usage.ts'
import { MaxPodsSettingsPatch } from '../../../../lib/schemas/max-pods.ts'

describe('parseGoBool (strconv.ParseBool)', () => {
  it.each([
    ['1', true],
    ['t', true],
    ['TRUE', true],
    ['True', true],
    ['0', false],
    ['F', false],
    ['False', false],
    ['yes', null],
    ['tRUE', null],
    [' true', null],
    ['', null],
  ] as const)('%j is %s (only Go’s twelve spellings parse)', (text, expected) => {
    expect(parseGoBool(text)).toBe(expected)
  })
})

describe('parseGoInt (strconv.Atoi)', () => {
  it.each([
    ['5', 5],
    ['+5', 5],
    ['-1', -1],
    ['007', 7],
    [' 5', null],
    ['5.0', null],
    ['1_000', null],
    ['0x10', null],
    ['9223372036854775808', null],
    ['9223372036854775807', Number.MAX_SAFE_INTEGER],
  ] as const)('%j is %s (sign and decimal digits within int64 only)', (text, expected) => {
    expect(parseGoInt(text)).toBe(expected)
  })
})

describe('cniSettingsFromEnv', () => {
  it('reads a prefix-delegation aws-node environment into plan settings', () => {
    // Prepare
    const env = {
      ENABLE_PREFIX_DELEGATION: 'true',
      WARM_PREFIX_TARGET: '1',
      WARM_ENI_TARGET: '1',
      AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'false',
      ENABLE_POD_ENI: 'false',
      ENABLE_IPv6: 'false',
      AWS_VPC_K8S_CNI_LOGLEVEL: 'DEBUG',
    }

    // Act
    const reading = cniSettingsFromEnv(env)

    // Assess
    expect(reading.settings).toEqual({
      prefixDelegation: true,
      customNetworking: false,
      securityGroupsForPods: false,
      ipFamily: 'ipv4',
      warmEniTarget: 1,
      warmPrefixTarget: 1,
    })
    expect(Object.keys(reading.read).sort()).toEqual(
      Object.keys(env)
        .filter((name) => name !== 'AWS_VPC_K8S_CNI_LOGLEVEL')
        .sort(),
    )
    expect(reading.notes).toEqual([])
  })

  it('leaves every setting unset for an empty environment (the planner’s defaults apply)', () => {
    expect(cniSettingsFromEnv({})).toEqual({ settings: {}, read: {}, notes: [] })
  })

  it.each([
    ['WARM_ENI_TARGET', 'abc', 'warmEniTarget', 1, 'unparsable: back to its default 1'],
    ['WARM_ENI_TARGET', '-2', 'warmEniTarget', 1, 'negative: back to its default 1'],
    ['WARM_ENI_TARGET', '0', 'warmEniTarget', 0, 'zero is a valid target'],
    ['WARM_IP_TARGET', '5', 'warmIpTarget', 5, 'a plain integer'],
    ['WARM_IP_TARGET', '-1', 'warmIpTarget', 0, 'negative means no target'],
    ['MINIMUM_IP_TARGET', '10 ', 'minimumIpTarget', 0, 'trailing space fails Atoi: no target'],
    ['WARM_PREFIX_TARGET', 'x', 'warmPrefixTarget', 0, 'ipamd’s own default is 0, not the manifest’s 1'],
    ['WARM_PREFIX_TARGET', '+2', 'warmPrefixTarget', 2, 'Atoi accepts a plus sign'],
    ['MAX_ENI', '2', 'maxEni', 2, 'a limit of 2 ENIs'],
    ['MAX_ENI', '-1', 'maxEni', undefined, '-1 is ipamd’s “no limit”'],
    ['MAX_ENI', '0', 'maxEni', undefined, 'below 1 is ignored'],
    ['MAX_ENI', 'two', 'maxEni', undefined, 'unparsable is ignored'],
    ['ENABLE_PREFIX_DELEGATION', 'yes', 'prefixDelegation', false, 'yes is not a Go boolean'],
    ['ENABLE_POD_ENI', 'T', 'securityGroupsForPods', true, 'T is a Go boolean'],
    ['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', '1', 'customNetworking', true, '1 is a Go boolean'],
    ['ENABLE_IPv6', 'true', 'ipFamily', 'ipv6', 'IPv6 pods'],
    ['ENABLE_IPv6', 'on', 'ipFamily', 'ipv4', 'on is not a Go boolean: IPv4'],
  ] as const)('%s=%j gives %s %j (%s)', (name, value, field, expected, _reason) => {
    // Act
    const reading = cniSettingsFromEnv({ [name]: value })

    // Assess
    expect(reading.settings[field]).toBe(expected)
    expect(reading.read).toEqual({ [name]: value })
  })

  it.each([
    ['WARM_ENI_TARGET', 'abc', /not an integer: ipamd uses 1/],
    ['WARM_IP_TARGET', '-3', /is negative: ipamd uses 0/],
    ['MAX_ENI', '-1', /sets no limit/],
    ['MAX_ENI', 'many', /not an integer: ipamd ignores it/],
    ['ENABLE_POD_ENI', 'enabled', /not a Go boolean: ipamd uses its default, false/],
  ] as const)('says why %s=%j is not taken as written', (name, value, note) => {
    expect(cniSettingsFromEnv({ [name]: value }).notes.join('\n')).toMatch(note)
  })

  it.each([
    [{ ENABLE_PREFIX_DELEGATION: 'true' }, true, 'no target at all (a DaemonSet without WARM_PREFIX_TARGET)'],
    [{ ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '0' }, true, 'every target 0'],
    [{ ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '-1' }, true, '"-1" sorts below "0"'],
    [{ ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' }, false, 'a warm prefix'],
    [{ ENABLE_PREFIX_DELEGATION: 'true', WARM_IP_TARGET: '5' }, false, 'a warm IP target'],
    [{ ENABLE_PREFIX_DELEGATION: 'true', MINIMUM_IP_TARGET: '00' }, false, '"00" passes the string check'],
    [{ ENABLE_PREFIX_DELEGATION: 'false' }, false, 'no prefix delegation'],
  ])(
    'warns that aws-node will not start: %j → %s (%s)',
    (env: Record<string, string>, refuses: boolean, _reason: string) => {
      const notes = cniSettingsFromEnv(env).notes.join('\n')
      expect(/aws-node does not start/.test(notes)).toBe(refuses)
    },
  )

  it('gives settings the plan schemas accept, whatever the values', () => {
    // Prepare
    const values = [
      '1',
      '0',
      '-1',
      'true',
      'false',
      'x',
      '',
      '99999999999999999999',
      '9223372036854775807',
      '+3',
    ]
    const names = [
      'ENABLE_PREFIX_DELEGATION',
      'WARM_ENI_TARGET',
      'WARM_IP_TARGET',
      'MINIMUM_IP_TARGET',
      'WARM_PREFIX_TARGET',
      'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG',
      'MAX_ENI',
      'ENABLE_POD_ENI',
      'ENABLE_IPv6',
    ]
    const schema = MaxPodsSettingsPatch.extend(WarmPoolSettings.shape)

    for (const [offset, value] of values.entries()) {
      // Act: each variable gets a different value of the list in each round
      const env = Object.fromEntries(
        names.map((name, index) => [name, values[(index + offset) % values.length] ?? value]),
      )
      const { settings } = cniSettingsFromEnv(env)

      // Assess
      expect(schema.safeParse(settings).success, JSON.stringify(env)).toBe(true)
    }
  })
})
