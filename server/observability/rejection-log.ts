/**
 * Rejected events at info, so a duty engineer sees a sender going wrong without debug logs: the
 * source and the reason, at most `perMinute` lines per source a minute and then one line saying
 * how many more there were (a sender in a loop must not flood the log).
 */
import type { Logger } from 'pino';

export class RejectionLog {
  private readonly windows = new Map<string, { start: number; logged: number; suppressed: number }>();

  constructor(
    private readonly log: Logger,
    private readonly perMinute = 20,
    private readonly clock: () => number = Date.now,
  ) {}

  rejected(source: string | undefined, id: string | undefined, reason: string): void {
    const key = source ?? '(unknown)';
    const now = this.clock();
    let w = this.windows.get(key);
    if (!w || now - w.start >= 60_000) {
      if (w?.suppressed) this.log.info({ source: key, suppressed: w.suppressed }, `${w.suppressed} more events of this source were rejected in the last minute (not logged one by one)`);
      w = { start: now, logged: 0, suppressed: 0 };
      this.windows.set(key, w);
    }
    if (w.logged < this.perMinute) {
      w.logged += 1;
      this.log.info({ source: key, id, reason }, 'event rejected');
    } else w.suppressed += 1;
  }
}
