/**
 * What a person 5 m from the wall would notice, measured from the page's own boxes and computed
 * styles (issue 14): text smaller than 2 % of the viewport height (labels) or 5 % (key figures,
 * marked `data-fig="key"`), status shapes on rows smaller than 3 %, text cut off by its box or
 * the screen, and text overlapping other text. Canvas drawings (the chart) are not text here.
 */
import type { Page } from 'playwright-core';

export interface TextProblem {
  kind: 'small' | 'small-key' | 'small-mark' | 'clipped' | 'overlap';
  text: string;
  detail: string;
}

export interface WallGeometry {
  problems: TextProblem[];
  /** the smallest label and key figure font sizes, as % of the viewport height */
  minLabelPct: number;
  minKeyPct: number;
  texts: number;
}

export async function wallGeometry(page: Page): Promise<WallGeometry> {
  return page.evaluate(() => {
    const vh = window.innerHeight;
    const vw = window.innerWidth;
    const problems: { kind: string; text: string; detail: string }[] = [];
    const root = document.querySelector('.wall') ?? document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const boxes: { r: DOMRect; text: string; el: Element }[] = [];
    let minLabel = Infinity;
    let minKey = Infinity;
    const visible = (el: Element) => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
        if (e.getAttribute('aria-hidden') === 'true' && e.classList.contains('sr-only')) return false;
      }
      return true;
    };
    const clippers = (el: Element) => {
      const out: Element[] = [];
      for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible') out.push(e);
      }
      return out;
    };
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      if (!text) continue;
      const el = node.parentElement!;
      if (!visible(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
      if (!rects.length) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      const pct = (100 * size) / vh;
      const isMark = el.classList.contains('mark');
      const onRow = !!el.closest('.queues__row, .rings__item, .conflicts__item, .strip__site');
      if (el.closest('[data-fig="key"]')) {
        minKey = Math.min(minKey, pct);
        if (pct < 5 - 0.05) problems.push({ kind: 'small-key', text, detail: `${size.toFixed(1)} px = ${pct.toFixed(2)} % of ${vh}` });
      } else if (isMark && onRow) {
        if (pct < 3 - 0.05) problems.push({ kind: 'small-mark', text, detail: `${size.toFixed(1)} px = ${pct.toFixed(2)} % of ${vh}` });
      } else {
        minLabel = Math.min(minLabel, pct);
        if (pct < 2 - 0.05) problems.push({ kind: 'small', text, detail: `${size.toFixed(1)} px = ${pct.toFixed(2)} % of ${vh}` });
      }
      const clips = clippers(el);
      for (const r of rects) {
        if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1) problems.push({ kind: 'clipped', text, detail: 'off the screen' });
        for (const c of clips) {
          const b = c.getBoundingClientRect();
          if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1.5 || r.bottom > b.bottom + 1.5) {
            problems.push({ kind: 'clipped', text, detail: `by ${c.className || c.tagName}` });
            break;
          }
        }
        boxes.push({ r, text, el });
      }
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.r;
        const b = boxes[j]!.r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        // line boxes of neighbouring lines touch; real overlap covers a good part of the smaller one
        if (w > 2 && h > Math.min(a.height, b.height) * 0.3) problems.push({ kind: 'overlap', text: boxes[i]!.text, detail: `with "${boxes[j]!.text}"` });
      }
    }
    const seen = new Set<string>();
    const unique = problems.filter((p) => {
      const k = `${p.kind}|${p.text}|${p.detail}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    return { problems: unique, minLabelPct: Math.round(minLabel * 100) / 100, minKeyPct: Math.round(minKey * 100) / 100, texts: boxes.length };
  }) as Promise<WallGeometry>;
}
