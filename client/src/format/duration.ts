/**
 * Live ages and waits as a stopwatch: `m:ss` under an hour, `h:mm:ss` under a day, and
 * `N д hh:mm` beyond (the day unit comes from the message files).
 */
import { wholeSeconds } from '@shared/whole-seconds.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

export function formatDuration(ms: number, dayUnit = 'д'): string {
  const total = wholeSeconds(ms);
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600) % 24;
  const d = Math.floor(total / 86_400);
  if (d > 0) return `${d}\u00a0${dayUnit} ${pad2(h)}:${pad2(m)}`;
  if (h > 0) return `${h}:${pad2(m)}:${pad2(s)}`;
  return `${m}:${pad2(s)}`;
}
