/**
 * The production calendar on /admin: every year the server knows (built-in or entered by an
 * admin, newest first), entering a year's government decree over the built-in data, and going
 * back to the built-in data. Deadlines (N10) and opening hours follow it on the server at once.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CalendarDecree, CalendarYearRecord } from '@shared/production-calendar.js';
import { useAdminAction } from './admin-action.js';
import { deleteCalendarYear, fetchCalendar, putCalendarYear } from '../api/obzor-api.js';

export const useAdminCalendarStore = defineStore('admin-calendar', () => {
  const years = ref<CalendarYearRecord[]>([]);
  const loaded = ref(false);
  const { error, attempt } = useAdminAction();
  /** the year just saved or returned to the built-in data (the view says so) */
  const done = ref<{ year: number; what: 'saved' | 'reset' } | null>(null);

  const refresh = async () => {
    // the server sends them newest first; sorted here too so the view never depends on it
    years.value = [...(await fetchCalendar()).years].sort((a, b) => b.year - a.year);
    loaded.value = true;
  };

  const load = () => attempt(refresh, { change: false });

  const save = (year: number, decree: CalendarDecree) =>
    attempt(async () => {
      done.value = null;
      await putCalendarYear(year, decree);
      await refresh();
      done.value = { year, what: 'saved' };
    });

  const reset = (year: number) =>
    attempt(async () => {
      done.value = null;
      await deleteCalendarYear(year);
      await refresh();
      done.value = { year, what: 'reset' };
    });

  return { years, loaded, error, done, load, save, reset };
});
