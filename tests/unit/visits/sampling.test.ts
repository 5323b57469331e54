import { describe, expect, it } from 'vitest';
import { drawCardRound, drawMonthlySample, pick, seedOf, seededRandom } from '../../../src/domain/sampling';

const USAGES = ['residential', 'nonResidential', 'agricultural', 'industrial'] as const;
// 1000 residential, 150 non-residential, 40 agricultural, 7 industrial.
const SIZES = { residential: 1000, nonResidential: 150, agricultural: 40, industrial: 7 };
const customers = USAGES.flatMap((u) => Array.from({ length: SIZES[u] }, (_, i) => ({ id: `${u}-${String(i).padStart(4, '0')}`, usage: u })));
const countBy = (xs: { usage: string }[]) => Object.fromEntries(USAGES.map((u) => [u, xs.filter((x) => x.usage === u).length]));

describe('the monthly sample', () => {
  it('draws at least 10 % of every usage type, hence of all, with no customer twice', () => {
    const s = drawMonthlySample(customers, 42);
    expect(countBy(s)).toEqual({ residential: 100, nonResidential: 15, agricultural: 4, industrial: 1 });
    expect(s.length / customers.length).toBeGreaterThanOrEqual(0.1);
    expect(new Set(s.map((c) => c.id)).size).toBe(s.length);
  });

  it('leaves out customers visited anyway, and still covers each usage type', () => {
    const exclude = new Set(customers.filter((c) => c.usage === 'industrial').slice(0, 5).map((c) => c.id));
    const s = drawMonthlySample(customers, 42, { exclude });
    expect(s.some((c) => exclude.has(c.id))).toBe(false);
    expect(countBy(s).industrial).toBe(1);
  });

  it('is fixed by its seed whatever the input order, and different seeds draw differently', () => {
    const a = drawMonthlySample(customers, seedOf('S1:2026-06:monthly')).map((c) => c.id);
    const b = drawMonthlySample([...customers].reverse(), seedOf('S1:2026-06:monthly')).map((c) => c.id);
    const c = drawMonthlySample(customers, seedOf('S1:2026-07:monthly')).map((c) => c.id);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    const overlap = c.filter((id) => a.includes(id)).length;
    // Two independent 10 % draws share about 10 % of their members, not most of them.
    expect(overlap).toBeLessThan(a.length * 0.3);
  });

  it('gives every customer the same chance: over 2000 seeded draws each residential customer is picked about 10 % of the time', () => {
    const res = customers.filter((c) => c.usage === 'residential').slice(0, 200);
    const hits = new Map(res.map((c) => [c.id, 0]));
    const draws = 2000;
    for (let seed = 1; seed <= draws; seed++) for (const c of drawMonthlySample(res, seed)) hits.set(c.id, hits.get(c.id)! + 1);
    const freq = [...hits.values()].map((h) => h / draws);
    // Expected 0.1 each; the binomial sd for 2000 draws is 0.0067, so 0.06–0.14 is > 5 sd.
    expect(Math.min(...freq)).toBeGreaterThan(0.06);
    expect(Math.max(...freq)).toBeLessThan(0.14);
    // Chi-square over the 200 customers: mean should be near the degrees of freedom (199).
    const expected = draws * 0.1;
    const chi = [...hits.values()].reduce((s, h) => s + (h - expected) ** 2 / expected, 0);
    expect(chi).toBeLessThan(300);
    expect(chi).toBeGreaterThan(110);
  });

  it('the generator is uniform on [0, 1)', () => {
    const r = seededRandom(7);
    const bins = new Array(10).fill(0);
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = r();
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      bins[Math.floor(x * 10)] += 1;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
    expect(pick([1, 2, 3], 5, r)).toHaveLength(3);
  });
});

describe('the 连心卡 round', () => {
  it('draws 10 % of non-residential and 1 % of residential customers', () => {
    const s = drawCardRound(customers, 9);
    expect(countBy(s)).toEqual({ residential: 10, nonResidential: 15, agricultural: 4, industrial: 1 });
    expect(drawCardRound(customers, 9).map((c) => c.id)).toEqual(s.map((c) => c.id));
  });
});
