/** One instance per key (per region, usually), made on first use and kept for the container's life. */
export function perKey<T>(create: (key: string) => T): (key: string) => T {
  const made = new Map<string, T>()
  return (key) => {
    let value = made.get(key)
    if (value === undefined) {
      value = create(key)
      made.set(key, value)
    }
    return value
  }
}
