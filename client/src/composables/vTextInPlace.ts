/**
 * `v-text-in-place="text"`: an element's text, changed in its own text node. For the wall's texts
 * that change with every update or every second (a queue's wait, the clock).
 *
 * Why: Vue writes an element whose only child is its text with `textContent`, and Chromium then
 * removes the text node and makes a new one — a new layout object with every change. Changing the
 * node's `data` keeps it: 20–50 µs less per change unthrottled, and the layout after it is only the
 * text's (bench/tv-probe.ts, TV_PROBE_TEXT_CONTENT=1 against 0; TV_MUTATIONS=1 in `npm run bench -- tv`
 * shows which texts are still replaced). The element must have no children in its template.
 */
import type { Directive } from 'vue';

function write(el: HTMLElement, text: string): void {
  const node = el.firstChild;
  if (node && node.nodeType === Node.TEXT_NODE && !node.nextSibling) {
    const t = node as Text;
    if (t.data !== text) t.data = text;
  } else if (el.textContent !== text) {
    el.textContent = text;
  }
}

export const vTextInPlace: Directive<HTMLElement, string | number> = {
  mounted(el, binding) {
    write(el, String(binding.value));
  },
  updated(el, binding) {
    if (binding.value !== binding.oldValue) write(el, String(binding.value));
  },
};
