/**
 * The few known names nearest to a mistyped one, nearest first; none when nothing is close. Case does not
 * count against a name (al2 → AL2).
 */
export function closestNames(wanted: string, known: Iterable<string>, limit = 3): string[] {
  const [family] = wanted.split('.', 1)
  const scored: { name: string; distance: number }[] = []
  for (const name of known) {
    // Same family, wrong size (m5.huge): every size of the family is a fair suggestion.
    const sameFamily = family !== undefined && name.startsWith(`${family}.`)
    const distance = editDistance(wanted.toLowerCase(), name.toLowerCase())
    if (sameFamily || distance <= Math.max(2, Math.floor(wanted.length / 3))) scored.push({ name, distance })
  }
  scored.sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : 1))
  return scored.slice(0, limit).map((entry) => entry.name)
}

/**
 * Only the closest of the close names: for words of a fixed vocabulary (commands, flags, enum values), where
 * a second, further guess is noise (--warm-ip-targt is --warm-ip-target, not also --warm-eni-target).
 */
export function nearestNames(wanted: string, known: Iterable<string>): string[] {
  const close = closestNames(wanted, known, Number.POSITIVE_INFINITY)
  const best = close[0] === undefined ? 0 : editDistance(wanted.toLowerCase(), close[0].toLowerCase())
  return close.filter((name) => editDistance(wanted.toLowerCase(), name.toLowerCase()) === best)
}

/** Levenshtein distance with adjacent transpositions (m5.lagre → m5.large is 1). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[] = new Array(rows * cols).fill(0)
  for (let i = 0; i < rows; i++) d[i * cols] = i
  for (let j = 0; j < cols; j++) d[j] = j
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(
        (d[(i - 1) * cols + j] as number) + 1,
        (d[i * cols + j - 1] as number) + 1,
        (d[(i - 1) * cols + j - 1] as number) + cost,
      )
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (d[(i - 2) * cols + j - 2] as number) + 1)
      }
      d[i * cols + j] = best
    }
  }
  return d[rows * cols - 1] as number
}
