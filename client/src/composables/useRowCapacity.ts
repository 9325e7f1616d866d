/**
 * How many rows of `rowUnits` wall units fit in an element's height, kept current as the
 * screen or the tile changes size: a tile lists the worst rows that fit and folds the rest.
 */
import { onBeforeUnmount, onMounted, ref, unref, watch, type MaybeRef, type Ref } from 'vue';
import { wallUnitPx } from './wall-unit.js';

export function useRowCapacity(box: Ref<HTMLElement | null>, rowUnits: MaybeRef<number>, reserveUnits = 0): Ref<number> {
  const capacity = ref(8);
  let observer: ResizeObserver | undefined;
  const measure = () => {
    const el = box.value;
    if (!el) return;
    const u = wallUnitPx();
    capacity.value = Math.max(0, Math.floor((el.clientHeight - reserveUnits * u) / (unref(rowUnits) * u)));
  };
  onMounted(() => {
    observer = new ResizeObserver(measure);
    if (box.value) observer.observe(box.value);
    measure();
  });
  watch(() => unref(rowUnits), measure);
  onBeforeUnmount(() => observer?.disconnect());
  return capacity;
}
