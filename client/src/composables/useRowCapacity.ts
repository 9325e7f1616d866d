/**
 * How much room an element has for rows, in wall units, kept current as the screen or the tile
 * changes size: a tile lists the worst rows that fit and folds the rest.
 */
import { computed, onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue';
import { wallTextScale, wallUnitPx } from './wall-unit.js';

/** The height an element has for rows, in wall units (less `reserveUnits`). */
export function useRoomUnits(box: Ref<HTMLElement | null>, reserveUnits = 0): Ref<number> {
  const room = ref(40);
  let observer: ResizeObserver | undefined;
  const measure = () => {
    if (box.value) room.value = Math.max(0, box.value.clientHeight / wallUnitPx() - reserveUnits);
  };
  onMounted(() => {
    observer = new ResizeObserver(measure);
    if (box.value) observer.observe(box.value);
    measure();
  });
  onBeforeUnmount(() => observer?.disconnect());
  // a new text scale changes the unit, not always the box
  watch(wallTextScale, measure, { flush: 'post' });
  return room;
}

/** How many rows of `rowUnits` wall units fit in it. */
export function useRowCapacity(box: Ref<HTMLElement | null>, rowUnits: number, reserveUnits = 0): Readonly<Ref<number>> {
  const room = useRoomUnits(box, reserveUnits);
  return computed(() => Math.floor(room.value / rowUnits + 1e-9));
}
