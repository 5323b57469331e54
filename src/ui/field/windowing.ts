// Window math for VirtualList, kept pure so it is tested without a browser.
// Rows have their own heights (text wraps at large sizes): measured where seen, estimated
// elsewhere. offsets[i] is where row i starts; offsets[count] is the list's full height.

export function layoutOffsets(count: number, sizeOf: (index: number) => number): number[] {
  const offsets = new Array<number>(count + 1);
  offsets[0] = 0;
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + Math.max(0, sizeOf(i));
  return offsets;
}

/** The first row whose bottom edge is below `y` (the row that holds y); count when y is past the end. */
export function rowAt(offsets: readonly number[], y: number): number {
  const count = offsets.length - 1;
  if (count <= 0) return 0;
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid + 1]! > y) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface RowRange {
  /** First row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
}

/**
 * Rows that meet the visible band [viewTop, viewBottom) in list coordinates, widened by
 * `overscan` rows each side so a quick flick does not show blank space.
 */
export function visibleRange(offsets: readonly number[], viewTop: number, viewBottom: number, overscan: number): RowRange {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, viewTop);
  const bottom = Math.max(top, viewBottom);
  if (top >= offsets[count]!) {
    // Scrolled past the list (or the list is above the screen): keep its tail ready.
    return { start: Math.max(0, count - 1 - overscan), end: count };
  }
  const first = Math.min(rowAt(offsets, top), count - 1);
  let last = first;
  while (last < count && offsets[last]! < bottom) last++;
  if (last === first) last = first + 1;
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + overscan) };
}

/** The mean of the measured heights, or the fallback when nothing is measured yet. */
export function estimateSize(measured: Iterable<number>, fallback: number): number {
  let n = 0;
  let sum = 0;
  for (const h of measured) {
    n++;
    sum += h;
  }
  return n > 0 ? sum / n : fallback;
}
