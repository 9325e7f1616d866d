/**
 * The current time in the SERVER's clock, ticking once a second on the second, so ages,
 * waits and clocks advance on screen without any server traffic. One timer is shared by
 * every component that uses it and stops when the last one goes away.
 */
import { computed, onScopeDispose, ref, type ComputedRef } from 'vue';
import { useConnectionStore } from '../stores/connection.js';

const tick = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let offsetOf: () => number = () => 0;

function schedule(): void {
  // wake just after the next whole second of the server clock
  const serverMs = Date.now() + offsetOf();
  const wait = 1000 - (((serverMs % 1000) + 1000) % 1000) + 5;
  timer = setTimeout(() => {
    tick.value = Date.now();
    schedule();
  }, wait);
}

export function useNow(): ComputedRef<number> {
  const conn = useConnectionStore();
  offsetOf = () => conn.clockOffsetMs;
  if (users++ === 0) {
    tick.value = Date.now();
    schedule();
  }
  onScopeDispose(() => {
    if (--users === 0 && timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  });
  // to the whole second: the offset is re-estimated from every update's stamp and moves by a few
  // ms; a `now` that moved with it would recompute every age and wait on the wall with every update
  // (the tick lands 5 ms after the second, so the rounding keeps its second for any offset drift under ½ s)
  return computed(() => Math.round((tick.value + conn.clockOffsetMs) / 1000) * 1000);
}
