/**
 * How much traffic the demo makes at a given real time. A real centre is quiet at night and
 * busy in the morning; a demo opened at 19:40 must still show the product working, so the demo
 * runs on a clock of its own — every real hour is mapped onto a busy weekday morning — while
 * its events keep real timestamps (they happen now: the product's clocks, KPIs and hourly
 * chart stay consistent). Pure: time comes in, calls per hour go out.
 */
import { DateTime } from 'luxon';

/** calls per hour per site by local hour on a real weekday: a utility's morning peak and quiet night */
export const REAL_DAY_PROFILE = [4, 3, 2, 2, 2, 4, 10, 30, 70, 90, 85, 75, 60, 70, 75, 70, 60, 45, 30, 20, 14, 10, 8, 6] as const;

/** the demo's morning: its clock runs from 08:30 to 11:30 and starts over, every three real hours */
export const DEMO_MORNING = { fromHour: 8.5, hours: 3 } as const;

/**
 * The demo's (simulated) local hour for a real time: `fromHour` plus the real time of day taken
 * modulo the morning's length — 03:00, 06:00, 09:00… real all show 08:30, 10:00 real shows 09:30,
 * 19:40 real shows 10:10. Continuous but at the wrap-around, where the load steps gently from
 * 11:30's to 08:30's (both busy).
 */
export function demoClockHour(realMs: number, timeZone: string): number {
  const t = DateTime.fromMillis(realMs, { zone: timeZone });
  const hourOfDay = t.hour + t.minute / 60 + t.second / 3600;
  return DEMO_MORNING.fromHour + (hourOfDay % DEMO_MORNING.hours);
}

/** the real-day profile at a fractional local hour, linearly between the hours' figures */
export function profileAt(hour: number): number {
  const h = ((hour % 24) + 24) % 24;
  const i = Math.floor(h);
  const a = REAL_DAY_PROFILE[i]!;
  const b = REAL_DAY_PROFILE[(i + 1) % 24]!;
  return a + (b - a) * (h - i);
}

/**
 * The mean time one call keeps an operator (ring, talk, wrap-up, the odd pause after it) in the
 * model of call-centre-sim.ts at speed 1, in seconds: what the arrival rate is scaled against.
 */
export const MEAN_WORK_SECONDS = 345;

export interface DemoLoad {
  /** operators of the site who take calls */
  agents: number;
  /** OBZOR_DEMO_SPEED: multiplies arrivals */
  speed: number;
}

/**
 * Calls per hour for one site at a real time: the operators' nominal capacity times a load that
 * follows the demo's morning (1.0 of it at its quietest point, 1.08 at the 09:00–10:00 peak), with
 * a 30-minute wave on top (±12 %) so queues build up and drain as on a real morning. With breaks
 * and operators away the centre runs a little short-handed: callers wait in most queues, some give
 * up, now and then a phone rings past 3 rings — the wall is never all zeros.
 */
export function demoCallsPerHour(realMs: number, timeZone: string, load: DemoLoad): number {
  const morning = profileAt(demoClockHour(realMs, timeZone)) / 90;
  const wave = 1 + 0.12 * Math.sin((2 * Math.PI * realMs) / (30 * 60_000));
  const capacity = (load.agents * 3600) / MEAN_WORK_SECONDS;
  return capacity * (0.75 + 0.33 * morning) * wave * load.speed;
}

/** the real-day rate (what the memory bench and history tests measure a realistic day with) */
export function realDayCallsPerHour(realMs: number, timeZone: string, speed = 1): number {
  return profileAt(DateTime.fromMillis(realMs, { zone: timeZone }).hour) * speed;
}

/** how long the rush after a restart lasts */
export const RUSH_MS = 5 * 60_000;

/**
 * After a restart the demo's centre starts empty (the last run's calls were closed, its operators
 * logged out): the callers it dropped ring again, five times the usual rate at first, fading to
 * normal over RUSH_MS — the wall is busy again within a minute or two instead of five.
 * A multiplier of the rate; 1 outside the rush.
 */
export function rushAfterRestart(at: number, restartAt: number): number {
  const x = (at - restartAt) / RUSH_MS;
  return x < 0 || x >= 1 ? 1 : 1 + 4 * (1 - x);
}
