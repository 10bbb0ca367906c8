import type { Clock } from '../ports/clock.ts'

/** A per-container memo whose entries expire; concurrent misses for one key share one load. */
export class TtlMemo<T> {
  private readonly entries = new Map<string, { value: Promise<T>; expiresAt: number }>()

  constructor(private readonly clock: Clock) {}

  async get(key: string, ttlMs: (value: T) => number, load: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime()
    const hit = this.entries.get(key)
    if (hit && hit.expiresAt > now) return hit.value
    const value = load()
    // Until the load settles the entry lives; a failed load is forgotten at once.
    this.entries.set(key, { value, expiresAt: Number.POSITIVE_INFINITY })
    try {
      const settled = await value
      this.entries.set(key, { value, expiresAt: now + ttlMs(settled) })
      return settled
    } catch (error) {
      this.entries.delete(key)
      throw error
    }
  }

  clear(): void {
    this.entries.clear()
  }
}
