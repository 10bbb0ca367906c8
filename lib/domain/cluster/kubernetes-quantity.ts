// Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity): a decimal number with an optional
// binary suffix (Ki … Ei), decimal suffix (n, u, m, k, M, G, T, P, E) or decimal exponent (e3, E-2).

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
}
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
}

/** The quantity's value in base units (CPUs, bytes, nodes), or null when it is not a quantity. */
export function parseQuantity(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null
  if (typeof value !== 'string') return null
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE])?$/.exec(value.trim())
  if (!match) return null
  const number = Number(match[1])
  const suffix = match[2] ?? ''
  const scale =
    BINARY[suffix] ?? DECIMAL[suffix] ?? (/^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : null)
  if (scale === null || number < 0) return null
  return number * scale
}
