import type { InstanceTypeSource } from '../../ports/instance-catalog.ts'
import type { BundledCatalog } from './bundled-catalog.ts'

/** The bundled snapshot posing as EC2, so a local run fills its catalog through the refresher's own path. */
export class SnapshotInstanceTypeSource implements InstanceTypeSource {
  constructor(private readonly snapshot: BundledCatalog) {}

  async listInstanceTypes() {
    return { records: [...(await this.snapshot.list())], calls: 0, retries: 0 }
  }
}
