import type { ComponentChildren } from 'preact';

/**
 * A wide table scrolls inside its own box, so at 200 % text on a phone the page itself never
 * scrolls sideways (WCAG reflow allows this for data tables). Focusable and named, so a
 * keyboard user can scroll it too.
 */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
