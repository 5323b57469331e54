import { describe, expect, it } from 'vitest';
import { estimateSize, layoutOffsets, rowAt, visibleRange } from '../../../src/ui/field/windowing';

describe('VirtualList window math', () => {
  it('offsets add up row heights; the last one is the full height', () => {
    expect(layoutOffsets(0, () => 10)).toEqual([0]);
    expect(layoutOffsets(4, (i) => [10, 20, 30, 40][i]!)).toEqual([0, 10, 30, 60, 100]);
    // A negative (broken) measurement never makes rows go backwards.
    expect(layoutOffsets(2, (i) => (i === 0 ? -5 : 7))).toEqual([0, 0, 7]);
  });

  it('rowAt finds the row that holds a y, edges belonging to the next row', () => {
    const o = layoutOffsets(4, (i) => [10, 20, 30, 40][i]!);
    expect(rowAt(o, 0)).toBe(0);
    expect(rowAt(o, 9.9)).toBe(0);
    expect(rowAt(o, 10)).toBe(1);
    expect(rowAt(o, 59)).toBe(2);
    expect(rowAt(o, 60)).toBe(3);
    expect(rowAt(o, 99)).toBe(3);
    expect(rowAt(o, 100)).toBe(4);
    expect(rowAt([0], 5)).toBe(0);
  });

  it('the visible band with overscan, clamped to the list', () => {
    const o = layoutOffsets(10_000, () => 100);
    expect(visibleRange(o, 0, 740, 0)).toEqual({ start: 0, end: 8 });
    expect(visibleRange(o, 0, 740, 5)).toEqual({ start: 0, end: 13 });
    expect(visibleRange(o, 150, 890, 0)).toEqual({ start: 1, end: 9 });
    expect(visibleRange(o, 500_000, 500_740, 3)).toEqual({ start: 4997, end: 5011 });
    // The end of the list: the last row is in the range and nothing runs past it.
    expect(visibleRange(o, 999_300, 1_000_040, 4)).toEqual({ start: 9989, end: 10_000 });
    // Scrolled above the list (negative top) behaves as the top.
    expect(visibleRange(o, -300, 440, 0)).toEqual({ start: 0, end: 5 });
    // Past the list: its tail stays rendered.
    expect(visibleRange(o, 2_000_000, 2_000_740, 2)).toEqual({ start: 9997, end: 10_000 });
    expect(visibleRange([0], 0, 740, 5)).toEqual({ start: 0, end: 0 });
  });

  it('keeps a few dozen rows for any scroll position of ten thousand rows of mixed heights', () => {
    const heights = Array.from({ length: 10_000 }, (_, i) => 60 + ((i * 37) % 140));
    const o = layoutOffsets(heights.length, (i) => heights[i]!);
    const total = o[o.length - 1]!;
    for (let top = 0; top < total; top += 7919) {
      const r = visibleRange(o, top, top + 740, 8);
      expect(r.end - r.start).toBeLessThan(100);
      // Every row that meets the screen is inside the range.
      for (let i = 0; i < heights.length; i++) {
        if (o[i]! < top + 740 && o[i + 1]! > top) {
          expect(i).toBeGreaterThanOrEqual(r.start);
          expect(i).toBeLessThan(r.end);
        }
      }
    }
  });

  it('unmeasured rows are guessed from the measured ones', () => {
    expect(estimateSize([], 96)).toBe(96);
    expect(estimateSize([100, 200], 96)).toBe(150);
    expect(estimateSize(new Map([['a', 80]]).values(), 96)).toBe(80);
  });
});
