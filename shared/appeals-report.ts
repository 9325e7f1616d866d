/**
 * Issue 17, the appeals report's shape on the wire (GET /api/v1/reports/appeals): the appeals
 * registered in a period by channel and client type (N14) and what became of them — answered by
 * the N10 deadline, after it, rejected by N9 reason, still open — with the average days to an
 * answer; and the regulator's table of appeals registered by channel in a year and the year
 * before. The server builds it (server/domain/reports/appeals-report.ts), the /reports view reads
 * it by type (zod stays on the server; the client imports types only).
 */
import { z } from 'zod';
import { AppealChannel, ClientType, RejectReason, channelAllowed } from './events.js';

/** the channel × client type pairs the contract lets in (N14: a legal entity is never `interactive`), in the report's order */
export const APPEAL_ROWS = AppealChannel.options.flatMap((channel) => ClientType.options.filter((clientType) => channelAllowed(channel, clientType)).map((clientType) => ({ channel, clientType })));

const Period = z.object({ from: z.number(), to: z.number() });

/** What became of a set of registered appeals, as of when the report was made. */
export const AppealFigures = z.object({
  registered: z.number().int(),
  /** answered by the N10 deadline, and after it */
  onTime: z.number().int(),
  late: z.number().int(),
  rejected: z.number().int(),
  /** registered − answered − rejected: not closed when the report was made */
  open: z.number().int(),
  /**
   * of the open, those past their N10 deadline when the report was made: open less those of the live
   * backlog still within it; null when a site's backlog could not be read
   */
  overdue: z.number().int().nullable(),
  /** registration → answer, in days (24 h), over the answered; null when none was answered */
  avgDaysToAnswer: z.number().nullable(),
});
export type AppealFigures = z.infer<typeof AppealFigures>;

export const AppealsRow = AppealFigures.extend({ channel: AppealChannel, clientType: ClientType });
export type AppealsRow = z.infer<typeof AppealsRow>;

/** the regulator's line: appeals registered by a channel in year N−1 and N, and the change */
export const RegulatorRow = z.object({
  /** a channel, or `all` for the total line */
  channel: z.union([AppealChannel, z.literal('all')]),
  /** null: the year is older than the daily roll-ups are kept */
  previous: z.number().int().nullable(),
  current: z.number().int().nullable(),
  /** (current − previous) ÷ previous; null when previous is 0 or not kept */
  change: z.number().nullable(),
});
export type RegulatorRow = z.infer<typeof RegulatorRow>;

export const AppealsReport = z.object({
  sites: z.array(z.string()),
  timeZone: z.string(),
  period: Period,
  generatedAt: z.number(),
  /** the period's registrations, all channels together */
  totals: AppealFigures,
  /** one per pair of APPEAL_ROWS, always all of them */
  rows: z.array(AppealsRow),
  /** the period's registrations rejected, by N9 reason, every reason listed */
  rejectedByReason: z.array(z.object({ reason: RejectReason, count: z.number().int() })),
  regulator: z.object({
    /** N; the other year is N−1, both local calendar years */
    year: z.number().int(),
    previousPeriod: Period,
    currentPeriod: Period,
    /** year N was over when the report was made (else its figures are so far) */
    complete: z.boolean(),
    rows: z.array(RegulatorRow),
  }),
});
export type AppealsReport = z.infer<typeof AppealsReport>;
