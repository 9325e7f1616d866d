/**
 * The production-calendar years an admin entered (/admin), kept in Redis (`admin:calendar`, a
 * year per field) and announced on `admin:changed` ("calendar") so every node installs them at
 * once (server/domain/working-days.ts; `install`). Read back through the same schema: a stored year that no
 * longer validates is left out and reported, the built-in data of that year stays in effect.
 */
import { EventEmitter } from 'node:events';
import { calendarDecree, type CalendarDecree } from '../../shared/production-calendar.js';
import { installCalendarDecrees } from '../domain/working-days.js';
import { formatIssues } from '../../shared/validation-error.js';
import type { Keys } from './keys.js';
import type { ObzorRedis } from './redis-client.js';

export interface StoredDecree extends CalendarDecree {
  by: string;
  at: number;
}

export const CALENDAR_CHANGED = 'calendar';

export class CalendarStore extends EventEmitter<{ installed: [] }> {
  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
    private readonly clock: () => number = Date.now,
    private readonly onBad: (year: string, why: string) => void = () => undefined,
  ) {
    super();
  }

  /** Installs the entered years over the built-in calendar (at start-up, and after any change on any node); emits `installed`. */
  async install(): Promise<void> {
    installCalendarDecrees(await this.readAll(this.onBad));
    this.emit('installed');
  }

  async readAll(onBad: (year: string, why: string) => void = () => undefined): Promise<Record<string, StoredDecree>> {
    const raw = await this.redis.hgetall(this.keys.calendar());
    const out: Record<string, StoredDecree> = {};
    for (const [year, text] of Object.entries(raw)) {
      let json: Partial<StoredDecree> | null;
      try {
        json = JSON.parse(text) as Partial<StoredDecree>;
      } catch {
        onBad(year, 'not JSON');
        continue;
      }
      const input = { ...(json?.decree ? { decree: json.decree } : {}), nonWorkingWeekdays: json?.nonWorkingWeekdays, workingWeekendDays: json?.workingWeekendDays };
      const parsed = calendarDecree(Number(year)).safeParse(input);
      if (!parsed.success) onBad(year, formatIssues(parsed.error.issues, input));
      else out[year] = { ...parsed.data, by: typeof json?.by === 'string' ? json.by : '?', at: typeof json?.at === 'number' ? json.at : 0 };
    }
    return out;
  }

  async write(year: number, decree: CalendarDecree, by: string): Promise<StoredDecree> {
    const stored: StoredDecree = { ...decree, by, at: this.clock() };
    await this.redis.hset(this.keys.calendar(), String(year), JSON.stringify(stored));
    await this.redis.publish(this.keys.adminChangedChannel(), CALENDAR_CHANGED);
    return stored;
  }

  /** Back to the built-in data of the year; false when no decree of it was entered. */
  async remove(year: number): Promise<boolean> {
    const gone = (await this.redis.hdel(this.keys.calendar(), String(year))) > 0;
    if (gone) await this.redis.publish(this.keys.adminChangedChannel(), CALENDAR_CHANGED);
    return gone;
  }
}
