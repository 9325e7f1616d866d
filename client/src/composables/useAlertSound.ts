/**
 * The console's alert sound: a short Web Audio beep (no sound file to fetch). Browsers only
 * allow audio after a user gesture, so the audio context is created on the first click or key
 * press; until then `blocked` is true and the console says so. The on/off choice is kept in
 * localStorage (`obzor.sound`).
 */
import { computed, onScopeDispose, ref } from 'vue';

export const SOUND_KEY = 'obzor.sound';

export type BeepKind = 'new' | 'overdue';

let ctx: AudioContext | null = null;
const unlocked = ref(false);
const enabled = ref(readEnabled());

function readEnabled(): boolean {
  try {
    return window.localStorage.getItem(SOUND_KEY) !== 'off';
  } catch {
    return true;
  }
}

function unlock(): void {
  if (!ctx) {
    const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctor) return;
    ctx = new Ctor();
  }
  const done = () => (unlocked.value = ctx?.state === 'running');
  if (ctx.state === 'suspended') void ctx.resume().then(done, () => undefined);
  else done();
}

/** Two short tones for a new escalation, three lower ones for an overdue one. */
function beep(kind: BeepKind): void {
  if (!ctx || ctx.state !== 'running') return;
  const tones = kind === 'new' ? [880, 1175] : [660, 660, 660];
  const t0 = ctx.currentTime + 0.01;
  tones.forEach((freq, i) => {
    const osc = ctx!.createOscillator();
    const gain = ctx!.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    const start = t0 + i * 0.22;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.3, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
    osc.connect(gain).connect(ctx!.destination);
    osc.start(start);
    osc.stop(start + 0.2);
  });
}

/** tones played so far on this page (a wall shows it, for tests and for whoever checks a kiosk) */
const played = ref(0);

export function useAlertSound() {
  const onGesture = () => unlock();
  window.addEventListener('pointerdown', onGesture, { capture: true });
  window.addEventListener('keydown', onGesture, { capture: true });
  onScopeDispose(() => {
    window.removeEventListener('pointerdown', onGesture, { capture: true });
    window.removeEventListener('keydown', onGesture, { capture: true });
  });

  function setEnabled(on: boolean): void {
    enabled.value = on;
    try {
      window.localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
    } catch {
      // not kept across reloads
    }
    if (on) unlock();
  }

  return {
    enabled: computed(() => enabled.value),
    /** on, but the browser has not allowed audio yet (no click or key press on the page so far) */
    blocked: computed(() => enabled.value && !unlocked.value),
    setEnabled,
    toggle: () => setEnabled(!enabled.value),
    play(kind: BeepKind): void {
      if (!enabled.value || !ctx || ctx.state !== 'running') return;
      beep(kind);
      played.value += 1;
    },
    played: computed(() => played.value),
    /**
     * A kiosk has nobody to click: try to start audio now. It runs where the browser allows it
     * without a gesture (Chromium started with --autoplay-policy=no-user-gesture-required).
     */
    tryNow: () => unlock(),
  };
}
