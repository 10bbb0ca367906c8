import { describe, expect, it } from 'vitest'
import { emitConfiguration } from '../../../../lib/domain/emit/emit-configuration.ts'
import { EMIT_INPUTS, oneGroupKnownCluster, oneLine } from './configuration-inputs.ts'

describe('vpc-cni-addon: the add-on’s configurationValues JSON', () => {
  it.each(EMIT_INPUTS)(
    'parses back to exactly {env} with string values, sources beside it: %s',
    (_why, input) => {
      // Act
      const emitted = emitConfiguration('vpc-cni-addon', input)
      const values = JSON.parse(emitted.files[0]?.content ?? '') as { env: Record<string, unknown> }

      // Assess
      expect(emitted.mediaType).toBe('application/json')
      expect(Object.keys(values)).toEqual(['env'])
      expect(values.env).toEqual(input.cni.env)
      for (const value of Object.values(values.env)) expect(typeof value).toBe('string')
      expect(emitted.sources).toEqual(input.cni.sources.map((source) => `VPC CNI: ${oneLine(source)}`))
    },
  )

  it('an answer that needs no CNI setting gives {"env": {}} and a note saying so', () => {
    // Act
    const emitted = emitConfiguration('vpc-cni-addon', oneGroupKnownCluster)

    // Assess
    expect(JSON.parse(emitted.files[0]?.content ?? '')).toEqual({ env: {} })
    expect(emitted.notes.join('\n')).toMatch(/needs no VPC CNI setting/)
  })
})
