/**
 * Issue 17, the operator report: per operator over a period — rings offered, answered, let go,
 * past the ring limit; talk and after-call work (how many, on average); pauses by reason; lost
 * callers called back. Staff's personal data (names, pauses): managers and admins only
 * (`view:operator-reports`, shared/roles.ts). The query and the answer, for the server's JSON,
 * CSV and XLSX and the client's view alike.
 */
import { z } from 'zod';
import { EntityId } from './events.js';

export const OperatorReportQuery = z
  .object({
    site: z.string().max(2000).optional(),
    from: z.string().max(40).optional(),
    to: z.string().max(40).optional(),
    /** operators' figures are not kept per queue: given, it is refused in words (docs/reports.md) */
    queue: EntityId.optional(),
    format: z.enum(['json', 'csv', 'xlsx']).default('json'),
    sep: z.enum(['semicolon', 'comma']).default('semicolon'),
    lang: z.enum(['ru', 'en']).default('ru'),
  })
  .strict();
export type OperatorReportQuery = z.infer<typeof OperatorReportQuery>;

const count = z.number().int().nonnegative();
const seconds = z.number().nonnegative().nullable();

export const PauseFigure = z.object({ reason: z.string(), count, seconds: z.number().nonnegative() });
export type PauseFigure = z.infer<typeof PauseFigure>;

/** one operator's figures (or, in `totals`, everyone's) */
export const OperatorFigures = z.object({
  /** rings offered to the operator (a call may ring several) */
  offered: count,
  /** calls the operator answered */
  answered: count,
  /** rings the operator let go unanswered (no answer, or the PBX moved the call on) */
  missed: count,
  /** N1: rings past the ring limit (3 rings) */
  ringsPast3: count,
  /** conversations (answer → end of each visit answered) and their average, s */
  talks: count,
  talkAvgSec: seconds,
  /** after-call work (wrap_up states that ended) and their average, s */
  acw: count,
  acwAvgSec: seconds,
  /** pauses that ended and their time, s; by reason (`~`: none given), the longest first */
  pauses: count,
  pauseSec: z.number().nonnegative(),
  pausesByReason: z.array(PauseFigure),
  /** lost callers called back (reached or not), of them reached */
  callbacks: count,
  callbacksReached: count,
});
export type OperatorFigures = z.infer<typeof OperatorFigures>;

export const OperatorRow = OperatorFigures.extend({
  agentId: z.string(),
  /** the sites file's name, else the latest the PBX gave; null: none known */
  name: z.string().nullable(),
});
export type OperatorRow = z.infer<typeof OperatorRow>;

export const OperatorReport = z.object({
  sites: z.array(z.string()),
  timeZone: z.string(),
  period: z.object({ from: z.number(), to: z.number() }),
  generatedAt: z.number(),
  /** by name, then id */
  rows: z.array(OperatorRow),
  totals: OperatorFigures,
  /** every pause reason of the period, the longest in total first (the columns of the exports) */
  reasons: z.array(z.string()),
  /** call-backs recorded by someone who is not an operator of these sites (a manager in the console): counted, not named */
  callbacksByOthers: count,
});
export type OperatorReport = z.infer<typeof OperatorReport>;

/** the pause-reason key of a pause without one (server/domain/agent-fold.ts) */
export const NO_PAUSE_REASON = '~';
