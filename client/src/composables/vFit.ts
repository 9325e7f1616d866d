/**
 * `v-fit="minUnits"`: text that shrinks to fit its box instead of running into its neighbour
 * (a five-digit day total, "100 %" next to "8 с"), never below `minUnits` wall units (labels
 * 2, key figures 5: issue 14). Fitted again when its text or its box's size changes.
 *
 * Cheap on a TV stick (issue 19, measured in `npm run bench -- tv`): an update that does not
 * change an element's text does not touch it, and all elements due are fitted together once per
 * frame — every measurement first, then every change — so the page lays out once, not once per
 * figure (reading a size right after setting one forces a layout each time).
 */
import type { Directive } from 'vue';
import { wallUnitPx } from './wall-unit.js';

interface FitState {
  observer: ResizeObserver;
  min: number;
  /** the text last fitted */
  text: string | null;
  /** the font size CSS gives it (px), read with no inline size; forgotten when the box resizes */
  base: number | null;
  /** the inline size set (px), null when it has its CSS size */
  size: number | null;
  wrapped: boolean;
  /** the longest text (in characters) seen to fit at its CSS size, in this box as it is now */
  fitsChars: number;
}

interface Fitted extends HTMLElement {
  _fit?: FitState;
}

const due = new Set<Fitted>();
let frame: number | undefined;

function schedule(el: Fitted): void {
  due.add(el);
  frame ??= requestAnimationFrame(fitDue);
}

/** what an element's text needs and has, read with no change in between */
interface Measure {
  el: Fitted;
  state: FitState;
  /** its text's width at its CSS size */
  natural: number;
  available: number;
}

function measure(el: Fitted, state: FitState): Measure | null {
  const box = el.parentElement;
  if (!box || !el.isConnected) return null;
  state.base ??= parseFloat(getComputedStyle(el).fontSize);
  // the text's own width (a stretched block is as wide as its box, whatever its text), scaled back to the CSS size
  const range = document.createRange();
  range.selectNodeContents(el);
  const drawn = range.getBoundingClientRect().width;
  const natural = state.size ? (drawn * state.base) / state.size : drawn;
  // what the box holds beside the text on its line (a status mark) keeps its room
  const stacked = getComputedStyle(box).flexDirection === 'column';
  const others = stacked ? 0 : [...box.children].filter((c) => c !== el).reduce((w, c) => w + c.getBoundingClientRect().width, 0);
  return { el, state, natural, available: box.clientWidth - others };
}

function apply({ el, state, natural, available }: Measure, unit: number): void {
  const base = state.base!;
  const min = state.min * unit;
  const wanted = natural <= available || natural === 0 ? null : Math.floor(base * (available / natural) * 0.95);
  const size = wanted === null ? null : Math.max(min, wanted);
  if (size !== state.size) {
    el.style.fontSize = size === null ? '' : `${size}px`;
    state.size = size;
  }
  // still too long at the smallest size: it wraps (its box has room for two lines) rather than run under its neighbour
  const wrap = wanted !== null && wanted < min;
  if (wrap !== state.wrapped) {
    el.style.whiteSpace = wrap ? 'normal' : '';
    state.wrapped = wrap;
  }
  state.text = el.textContent;
  state.fitsChars = size === null ? Math.max(state.fitsChars, state.text?.length ?? 0) : 0;
}

function fitDue(): void {
  frame = undefined;
  const els = [...due].filter((el) => el._fit);
  due.clear();
  // a wrapped text or one whose CSS size is not known yet is measured as CSS draws it on one line
  for (const el of els) {
    const s = el._fit!;
    if (s.wrapped) {
      el.style.whiteSpace = '';
      s.wrapped = false;
    }
    if (s.base === null && s.size !== null) {
      el.style.fontSize = '';
      s.size = null;
    }
  }
  const measures = els.map((el) => measure(el, el._fit!)).filter((m): m is Measure => m !== null);
  const unit = wallUnitPx();
  for (const m of measures) apply(m, unit);
}

export const vFit: Directive<Fitted, number | undefined> = {
  mounted(el, binding) {
    const state: FitState = {
      // the box's size changed (a resize, another text scale): its CSS font size may have too
      observer: new ResizeObserver(() => {
        state.base = null;
        state.fitsChars = 0;
        schedule(el);
      }),
      min: binding.value ?? 2,
      text: null,
      base: null,
      size: null,
      wrapped: false,
      fitsChars: 0,
    };
    el._fit = state;
    if (el.parentElement) state.observer.observe(el.parentElement);
    schedule(el);
  },
  updated(el, binding) {
    const state = el._fit;
    if (!state) return;
    const min = binding.value ?? 2;
    // most updates leave most figures as they were, or change a figure to one no longer than
    // one that fitted at full size (figures are in tabular digits): nothing to measure
    const text = el.textContent ?? '';
    if (min === state.min && (text === state.text || (state.size === null && !state.wrapped && text.length <= state.fitsChars))) {
      state.text = text;
      return;
    }
    state.min = min;
    schedule(el);
  },
  unmounted(el) {
    el._fit?.observer.disconnect();
    due.delete(el);
    delete el._fit;
  },
};
