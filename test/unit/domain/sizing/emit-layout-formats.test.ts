import { describe, expect, it } from 'vitest'
import { emitLayout } from '../../../../lib/domain/sizing/emit-layout.ts'
import { LAYOUT_FORMATS } from '../../../../lib/domain/sizing/sizing-terms.ts'
import { newVpcCustomNetworkingWithReservations } from './layout-inputs.ts'

const MEDIA_TYPES = {
  terraform: 'text/plain',
  cloudformation: 'application/yaml',
  eksctl: 'application/yaml',
}

describe('emitLayout: one emitter per layout format', () => {
  it.each(LAYOUT_FORMATS)('%s answers in its own format, with one file and the sources', (format) => {
    // Act
    const result = emitLayout(format, newVpcCustomNetworkingWithReservations)

    // Assess
    expect(result.format).toBe(format)
    expect(result.mediaType).toBe(MEDIA_TYPES[format])
    expect(result.files).toHaveLength(1)
    expect(result.files[0]?.content).toContain(newVpcCustomNetworkingWithReservations.subnets[0]?.cidr)
    expect(result.sources).toEqual(newVpcCustomNetworkingWithReservations.sources)
  })
})
