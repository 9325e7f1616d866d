/**
 * Sound on a wall (the display's layout, or `?sound=on` in its kiosk URL): two tones when an escalation
 * nobody has accepted appears, three lower ones when one goes past its acknowledgement deadline.
 * A wall has nobody to click, so audio starts only where the browser allows it without a gesture
 * (Chromium: --autoplay-policy=no-user-gesture-required; docs/screens.md).
 */
import { computed, watch, type Ref } from 'vue';
import { unacceptedRows, type ConflictSummary } from '../domain/conflict-status.js';
import { siteKey } from '@shared/site-key.js';
import { useAlertSound } from './useAlertSound.js';

export function wallSoundWanted(search: string): boolean {
  return new URLSearchParams(search).get('sound')?.toLowerCase() === 'on';
}

/** `wanted`: the display's setting (its layout, else `?sound=on`); it may change while the wall is up */
export function useWallSound(summary: Ref<ConflictSummary>, wanted: Ref<boolean>) {
  const sound = useAlertSound();
  watch(
    wanted,
    (on, was) => {
      // turned off only when it was on: the console's own sound choice (same browser) stays as it is
      if (on) {
        sound.setEnabled(true);
        sound.tryNow();
      } else if (was) sound.setEnabled(false);
    },
    { immediate: true },
  );
  const waiting = computed(() => unacceptedRows(summary.value));
  let heard = new Set<string>();
  let overdue = new Set<string>();
  let first = true;
  watch(waiting, (rows) => {
    const now = new Set(rows.map((r) => siteKey(r.site, r.conflictId)));
    const late = new Set(rows.filter((r) => r.overdue).map((r) => siteKey(r.site, r.conflictId)));
    // what was already there when the wall opened is not news
    if (wanted.value && !first) {
      if ([...late].some((k) => !overdue.has(k))) sound.play('overdue');
      else if ([...now].some((k) => !heard.has(k))) sound.play('new');
    }
    first = false;
    heard = now;
    overdue = late;
  }, { immediate: true });
  return {
    /** off | on | blocked (on, but the browser did not let audio start) */
    state: computed(() => (!wanted.value ? 'off' : sound.blocked.value ? 'blocked' : 'on')),
    played: sound.played,
  };
}
