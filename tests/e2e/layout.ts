import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// Checks of what a user in sunlight, with gloves or with big text would run into, shared by
// the lineman's (field.test.ts) and the counter's and chief's (field-desk.test.ts) screens.

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Contrast violations (AA and AAA) that axe finds on the page as it is. */
export async function contrastViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast', 'color-contrast-enhanced'] }, resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}: ${(n.failureSummary ?? '').split('\n').slice(1).join(' ')}`));
  });
}

/** Interactive controls cut off, overlapping, or too small; and horizontal overflow. */
export async function layoutProblems(page: Page, opts: { minTarget?: number } = {}): Promise<string[]> {
  return page.evaluate(({ minTarget }) => {
    const out: string[] = [];
    const root = document.documentElement;
    const vw = root.clientWidth;
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}"${(el.textContent ?? '').trim().slice(0, 30)}"`;
    if (root.scrollWidth > root.clientWidth) {
      // Name the innermost elements that stick out, to say what to fix.
      const wide = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > vw + 0.5 && ![...el.children].some((c) => c.getBoundingClientRect().right > vw + 0.5));
      out.push(`page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth} (${wide.slice(0, 3).map(name).join(', ')})`);
    }
    const els = [...document.querySelectorAll('button, input, select, textarea, a[href]')].filter((el) => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width >= 2 && r.height >= 2 && cs.visibility !== 'hidden' && cs.display !== 'none';
    });
    // The sticky top bar floats over the page by design while scrolling: compare each layer with itself.
    const floating = (el: Element) => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const p = getComputedStyle(e).position;
        if (p === 'sticky' || p === 'fixed') return true;
      }
      return false;
    };
    const boxes = els.map((el) => ({ el, r: el.getBoundingClientRect(), floating: floating(el) }));
    for (const { el, r } of boxes) {
      if (r.left < -0.5 || r.right > vw + 0.5) out.push(`${name(el)} outside the screen: ${Math.round(r.left)}..${Math.round(r.right)} of ${vw}`);
      const checkbox = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
      if (minTarget && !checkbox && (r.height < minTarget - 0.5 || r.width < minTarget - 0.5)) out.push(`${name(el)} target ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a.el.contains(b.el) || b.el.contains(a.el) || a.floating !== b.floating) continue;
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 1 && h > 1) out.push(`${name(a.el)} overlaps ${name(b.el)}`);
      }
    }
    return out;
  }, { minTarget: opts.minTarget ?? 0 });
}

/** Checks the whole page from top to bottom, a screen at a time (rows of a windowed list come and go). */
export async function layoutProblemsAllTheWay(page: Page, opts: { minTarget?: number } = {}): Promise<string[]> {
  const found = new Set<string>();
  await page.evaluate(() => window.scrollTo(0, 0));
  for (let i = 0; i < 40; i++) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    for (const p of await layoutProblems(page, opts)) found.add(p);
    const more = await page.evaluate(() => {
      const before = window.scrollY;
      window.scrollBy(0, window.innerHeight * 0.8);
      return window.scrollY > before;
    });
    if (!more) break;
  }
  return [...found];
}
