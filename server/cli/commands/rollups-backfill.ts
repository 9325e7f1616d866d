/**
 * `rollups:backfill [--site ID] [--from DATE] [--to DATE]` (issue 17): writes each local day's roll-up
 * (`{site}:day:<date>`) from its 15-minute buckets, for days from before the roll-ups existed (the
 * upgrade day included, whose roll-up holds only the hours after it) or imported into the buckets.
 * A day is done only while all its buckets are kept (OBZOR_COUNTER_DAYS): they are then the truth,
 * and the day's roll-up is set to their sum in one Lua script, so a late event folded meanwhile counts
 * once. The roll-ups' own counters (`rollupOnly`) are left as they are. Running it again changes nothing.
 */
import { ROLLUP_ONLY_PREFIXES } from '../../../shared/counters.js';
import { planIntervals } from '../../domain/kpi/history-intervals.js';
import { localDateOf, localDayStart } from '../../domain/local-day.js';
import { Keys } from '../../store/keys.js';
import { loadSitesInEffect } from '../../store/live-sites.js';
import { INVOKE, parseCommand, type CliCommand } from '../cli-command.js';
import { cliConfig, connectCliRedis } from '../cli-context.js';
import { usageError } from '../cli-errors.js';
import { DateTime } from 'luxon';

const NAME = 'rollups:backfill';
const OPTIONS = {
  site: { type: 'string', value: 'ID', help: 'one site (default: every site)' },
  from: { type: 'string', value: 'YYYY-MM-DD', help: "the first local day (default: the oldest whose buckets are all kept)" },
  to: { type: 'string', value: 'YYYY-MM-DD', help: 'the last local day (default: yesterday)' },
} as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const rollupsBackfill: CliCommand = {
  name: NAME,
  summary: "write the days' roll-ups from their 15-minute buckets (days from before the roll-ups, imports)",
  synopsis: '[--site ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD]',
  about: [
    "Reports by days read each day's roll-up; a day from before they existed has none (or, the day of",
    'the upgrade, one of the hours after it). This sets each day\'s roll-up to the sum of its buckets while',
    'all of them are kept (OBZOR_COUNTER_DAYS), atomically per day; safe while the server runs and to repeat.',
  ],
  options: OPTIONS,
  examples: [`${INVOKE} ${NAME}`, `${INVOKE} ${NAME} --site kholmsk --from 2026-01-01 --to 2026-01-31`],
  async run(argv, io) {
    const { values } = parseCommand(NAME, OPTIONS, argv);
    for (const k of ['from', 'to'] as const) if (values[k] !== undefined && !DATE.test(values[k])) throw usageError(`${NAME}: --${k}: expected YYYY-MM-DD, got ${JSON.stringify(values[k])}`);
    const config = cliConfig(NAME, io.env);
    if (values.site && !config.sites.some((s) => s.id === values.site)) throw usageError(`${NAME}: --site: expected one of ${config.sites.map((s) => s.id).join(', ')}, got ${JSON.stringify(values.site)}`);
    const redis = await connectCliRedis(NAME, config);
    const keys = new Keys(config.keyPrefix);
    try {
      const live = await loadSitesInEffect(redis, keys, config.sites, (what, why) => io.out(`${what}: the settings /admin stored no longer validate, the file's are used: ${why}`));
      const now = Date.now();
      for (const site of live.all().filter((s) => !values.site || s.id === values.site)) {
        const zone = site.timeZone;
        const kept = localDayStart(now - config.counterTtlSec * 1000, zone) + 86_400_000;
        const day = (d: string) => DateTime.fromISO(d, { zone }).toMillis();
        const from = Math.max(values.from ? day(values.from) : kept, kept);
        const to = values.to ? DateTime.fromISO(values.to, { zone }).plus({ days: 1 }).toMillis() : localDayStart(now, zone);
        let written = 0;
        let empty = 0;
        for (const p of from < to ? planIntervals(from, to, '1d', zone) : []) {
          const dayKey = keys.daily(site.id, localDateOf(p.start, zone));
          const buckets = p.buckets.map((b) => keys.counters(site.id, b));
          const [n] = await redis.backfillRollup(1 + buckets.length, dayKey, ...buckets, config.rollupTtlSec, ...ROLLUP_ONLY_PREFIXES);
          if (n === -1) empty++;
          else written++;
        }
        io.out(`${site.id}: ${written} day(s) rolled up from their buckets${empty ? `, ${empty} without any` : ''} (${localDateOf(from, zone)} … ${localDateOf(to - 1, zone)})`);
      }
    } finally {
      await redis.quit().catch(() => redis.disconnect());
    }
  },
};
