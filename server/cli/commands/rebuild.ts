/** `rebuild`: recompute all state and counters from the event log; refused while a server is ingesting, unless --force. */
import { rebuildFromLog } from '../../store/rebuild.js';
import { INVOKE, parseCommand, type CliCommand } from '../cli-command.js';
import { cliConfig, connectCliRedis } from '../cli-context.js';
import { CliError, EXIT } from '../cli-errors.js';
import { ingestingReason, readIngestSigns, RECENT_LOG_MS } from '../rebuild-guard.js';
import { Keys } from '../../store/keys.js';
import { loadSitesInEffect } from '../../store/live-sites.js';

const NAME = 'rebuild';
const OPTIONS = {
  force: { type: 'boolean', help: 'rebuild even while a server or an import is ingesting (what they apply meanwhile may be lost or counted twice)' },
} as const;

export const rebuild: CliCommand = {
  name: NAME,
  summary: 'recompute all state and counters from the event log (with ingest stopped)',
  synopsis: '[--force]',
  about: [
    "Clears every site's derived keys (entities, markers, live tables, counters) and replays its",
    'archived days (OBZOR_ARCHIVE_DIR) and its event log through the same fold as live ingest: after an upgrade (docs/operations.md) or to',
    'repair. Stop ingest first: it refuses (exit 4) while a server holds the push lease push:leader',
    `(every running node does) or an event log was written in the last ${RECENT_LOG_MS / 1000} s (an import).`,
  ],
  options: OPTIONS,
  examples: [`${INVOKE} ${NAME}`],
  mayRefuse: true,
  async run(argv, io) {
    const { values } = parseCommand(NAME, OPTIONS, argv);
    const config = cliConfig(NAME, io.env);
    const redis = await connectCliRedis(NAME, config);
    const keys = new Keys(config.keyPrefix);
    try {
      const sites = config.sites.map((s) => s.id);
      const reason = ingestingReason(await readIngestSigns(redis, keys, sites));
      if (reason && !values.force) throw new CliError(`${NAME}: refused: ${reason.what} — ${reason.fix}, then run rebuild again (or pass --force to rebuild under it)`, EXIT.refused);
      if (reason) io.out(`rebuilding anyway (--force): ${reason.what}`);
      const started = Date.now();
      const live = await loadSitesInEffect(redis, keys, config.sites, (what, why) => io.out(`${what}: the settings /admin stored no longer validate, the file's are used: ${why}`));
      const reports = await rebuildFromLog(redis, keys, live.all(), config, Date.now(), config.archiveDir);
      for (const r of reports) io.out(`${r.site}: ${r.events} events replayed${r.archivedDays ? ` (${r.fromArchive} of them from ${r.archivedDays} archived days in ${config.archiveDir})` : ''}${r.skipped ? `, ${r.skipped} unreadable entries skipped` : ''}`);
      // the running dashboard, if any, pushes the rebuilt state
      if (sites.length) await redis.sadd(keys.push('dirty'), ...sites);
      io.out(`rebuilt in ${Date.now() - started} ms`);
    } finally {
      await redis.quit().catch(() => redis.disconnect());
    }
  },
};
