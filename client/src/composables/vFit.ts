/**
 * `v-fit="minUnits"`: text that shrinks to fit its box instead of running into its neighbour
 * (a five-digit day total, "100 %" next to "8 с"), never below `minUnits` wall units (labels
 * 2, key figures 5: issue 14). Measured after every change of its text and of the box's size.
 */
import type { Directive } from 'vue';
import { wallUnitPx } from './wall-unit.js';

interface Fitted extends HTMLElement {
  _fit?: { observer: ResizeObserver; min: number; frame?: number };
}

function fit(el: Fitted): void {
  const state = el._fit;
  if (!state) return;
  el.style.fontSize = '';
  el.style.whiteSpace = '';
  const box = el.parentElement;
  if (!box) return;
  // a stretched block is as wide as its box: its text's own width is its scroll width (an inline span has none: its box is its text)
  const natural = Math.max(el.scrollWidth, el.getBoundingClientRect().width);
  // what the box holds beside the text on its line (a status mark) keeps its room
  const stacked = getComputedStyle(box).flexDirection === 'column';
  const others = stacked ? 0 : [...box.children].filter((c) => c !== el).reduce((w, c) => w + c.getBoundingClientRect().width, 0);
  const available = box.clientWidth - others;
  if (natural <= available || natural === 0) return;
  const size = parseFloat(getComputedStyle(el).fontSize);
  const min = state.min * wallUnitPx();
  const wanted = Math.floor(size * (available / natural) * 0.95);
  el.style.fontSize = `${Math.max(min, wanted)}px`;
  // still too long at the smallest size: it wraps (its box has room for two lines) rather than run under its neighbour
  if (wanted < min) el.style.whiteSpace = 'normal';
}

function schedule(el: Fitted): void {
  const state = el._fit;
  if (!state || state.frame !== undefined) return;
  state.frame = requestAnimationFrame(() => {
    state.frame = undefined;
    fit(el);
  });
}

export const vFit: Directive<Fitted, number | undefined> = {
  mounted(el, binding) {
    const observer = new ResizeObserver(() => schedule(el));
    el._fit = { observer, min: binding.value ?? 2 };
    if (el.parentElement) observer.observe(el.parentElement);
    fit(el);
  },
  updated(el, binding) {
    if (el._fit) el._fit.min = binding.value ?? 2;
    fit(el);
  },
  unmounted(el) {
    el._fit?.observer.disconnect();
    if (el._fit?.frame !== undefined) cancelAnimationFrame(el._fit.frame);
    delete el._fit;
  },
};
