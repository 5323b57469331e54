// Sampling customers for return visits (001 第四条, 第十一条; domain.md §3): at least 10 % of
// the month's other customers, covering every usage type, and the 连心卡 card round of 10 %
// of non-residential and 1 % of residential customers. Pure and seeded, so a draw can be
// repeated and checked.

/** mulberry32: small, fast, good enough for fair draws; the same seed gives the same draw. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed from text (e.g. station + month), so each month's draw is fixed but different. */
export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** k items chosen uniformly without replacement (partial Fisher–Yates), in draw order. */
export function pick<T>(items: readonly T[], k: number, rand: () => number): T[] {
  const a = [...items];
  const n = Math.min(k, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}

export interface Sampleable {
  id: string;
  usage?: string | null;
}

export const OTHER_USAGE = 'other';

function groups<T extends Sampleable>(customers: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  // Sorted first: the draw must not depend on the order rows came out of the database.
  for (const c of [...customers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const k = c.usage || OTHER_USAGE;
    const list = m.get(k) ?? [];
    list.push(c);
    m.set(k, list);
  }
  return new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The monthly sample: within every usage type, ceil(fraction × size) customers, so the
 * whole draw is at least `fraction` of the pool and no usage type is left out.
 * `exclude`: customers visited anyway (complainants, repair customers, key customers).
 */
export function drawMonthlySample<T extends Sampleable>(customers: readonly T[], seed: number, opts: { fraction?: number; exclude?: ReadonlySet<string> } = {}): T[] {
  const fraction = opts.fraction ?? 0.1;
  const pool = opts.exclude ? customers.filter((c) => !opts.exclude!.has(c.id)) : customers;
  const rand = seededRandom(seed);
  const out: T[] = [];
  for (const list of groups(pool).values()) out.push(...pick(list, Math.ceil(list.length * fraction), rand));
  return out;
}

/** The 连心卡 round: 10 % of non-residential and 1 % of residential customers (rounded up). */
export function drawCardRound<T extends Sampleable>(customers: readonly T[], seed: number, opts: { nonResidential?: number; residential?: number } = {}): T[] {
  const rand = seededRandom(seed);
  const out: T[] = [];
  for (const [usage, list] of groups(customers)) {
    const f = usage === 'residential' ? opts.residential ?? 0.01 : opts.nonResidential ?? 0.1;
    out.push(...pick(list, Math.ceil(list.length * f), rand));
  }
  return out;
}
