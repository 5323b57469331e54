import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { estimateSize, layoutOffsets, visibleRange, type RowRange } from './windowing';

// A list that renders only the rows near the screen, so a year of repair jobs (thousands
// of rows) scrolls on a phone with little memory. The page itself scrolls (no inner
// scroll box, which is awkward with gloves); the rows above and below the rendered ones
// are stood in for by the list's top and bottom padding. Row heights are measured once
// seen, so rows can wrap freely at large text sizes.

export interface VirtualListProps<T> {
  items: readonly T[];
  keyOf: (item: T) => string;
  /** One row, usually an <li> with key={keyOf(item)}. */
  renderRow: (item: T, index: number, count: number) => ComponentChildren;
  /** Height guessed for rows not yet seen, in px, until some are measured. */
  estimate?: number;
  /** Rows rendered beyond each edge of the screen. */
  overscan?: number;
  /** Lists this short render every row (find-in-page keeps working). */
  renderAllUpTo?: number;
  class?: string;
  testId?: string;
  label?: string;
}

function viewportHeight(): number {
  return typeof innerHeight === 'number' && innerHeight > 0 ? innerHeight : 800;
}

export function VirtualList<T>({ items, keyOf, renderRow, estimate = 96, overscan = 8, renderAllUpTo = 60, class: cls, testId, label }: VirtualListProps<T>): JSX.Element {
  const listRef = useRef<HTMLUListElement>(null);
  const sizes = useRef(new Map<string, number>());
  const [measured, setMeasured] = useState(0);
  const virtual = items.length > renderAllUpTo;

  const offsets = useMemo(() => {
    if (!virtual) return [0];
    const guess = estimateSize(sizes.current.values(), estimate);
    return layoutOffsets(items.length, (i) => sizes.current.get(keyOf(items[i]!)) ?? guess);
    // `measured` changes whenever a size does.
  }, [items, measured, estimate, virtual]);

  const [range, setRange] = useState<RowRange>(() => visibleRange(offsets, 0, viewportHeight(), overscan));
  const offsetsRef = useRef(offsets);
  offsetsRef.current = offsets;

  // Which rows the screen shows now: from where the list sits relative to the viewport.
  const update = () => {
    const el = listRef.current;
    if (!el || !virtual) return;
    const top = -el.getBoundingClientRect().top;
    const next = visibleRange(offsetsRef.current, top, top + viewportHeight(), overscan);
    setRange((r) => (r.start === next.start && r.end === next.end ? r : next));
  };

  useEffect(() => {
    if (!virtual) return;
    let frame: number | null = null;
    const schedule = () => {
      if (frame !== null) return;
      const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (fn: () => void) => setTimeout(fn, 16) as unknown as number;
      frame = raf(() => {
        frame = null;
        update();
      });
    };
    const onResize = () => {
      // Another width wraps every row differently: measure again.
      sizes.current.clear();
      setMeasured((n) => n + 1);
      schedule();
    };
    addEventListener('scroll', schedule, { passive: true });
    addEventListener('resize', onResize);
    update();
    return () => {
      removeEventListener('scroll', schedule);
      removeEventListener('resize', onResize);
      if (frame !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
    };
  }, [virtual, overscan]);

  // New offsets (items changed, or sizes measured): the rendered rows may need to move.
  useEffect(() => {
    update();
  }, [offsets]);

  const start = virtual ? Math.min(range.start, items.length) : 0;
  const end = virtual ? Math.min(Math.max(range.end, start), items.length) : items.length;

  // Measure the rows on screen; unmeasured (0 px, e.g. not laid out) rows keep the estimate.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el || !virtual) return;
    let changed = false;
    const rows = el.children;
    for (let i = 0; i < rows.length && start + i < end; i++) {
      const h = (rows[i] as HTMLElement).getBoundingClientRect().height;
      if (!(h > 0)) continue;
      const key = keyOf(items[start + i]!);
      const old = sizes.current.get(key);
      if (old === undefined || Math.abs(old - h) > 0.5) {
        sizes.current.set(key, h);
        changed = true;
      }
    }
    if (changed) setMeasured((n) => n + 1);
  });

  const total = offsets[offsets.length - 1] ?? 0;
  const style = virtual ? { paddingTop: `${offsets[start] ?? 0}px`, paddingBottom: `${Math.max(0, total - (offsets[end] ?? total))}px` } : undefined;
  const rows: ComponentChildren[] = [];
  for (let i = start; i < end; i++) rows.push(renderRow(items[i]!, i, items.length));
  return (
    <ul ref={listRef} class={`${cls ?? ''}${virtual ? ' virtual-list' : ''}`} style={style} data-testid={testId} data-count={items.length} aria-label={label}>
      {rows}
    </ul>
  );
}
