/**
 * KPIs (shared/kpi.ts) as the duty screen draws them, generically: any KPI object
 * {norm, unit, value, target, status} becomes a tile; the order is by norm (N1, N2 … N15).
 * Pure; only types come from `@shared/kpi.js`, so no zod reaches the browser.
 */
import type { Kpi, KpiStatus } from '@shared/kpi.js';

/**
 * How alarming a number is, as screens draw it: by colour AND by a shape (● ▲ ■), never by
 * colour alone. It is the KPI's status (`ok | warn | alert`, judged by the server's rule);
 * `closed` (its lines are outside their hours, N8/N15) does not alarm: drawn as `ok`, worded "closed".
 */
export type Level = 'ok' | 'warn' | 'alarm';

export const LEVEL_OF_STATUS: Readonly<Record<KpiStatus, Level>> = { ok: 'ok', warn: 'warn', alert: 'alarm', closed: 'ok' };

/** how alarming each level is, for sorting and for "the worst of" */
export const LEVEL_RANK: Readonly<Record<Level, number>> = { ok: 0, warn: 1, alarm: 2 };

/** the most alarming of some levels; `ok` for none */
export function worstLevel(levels: Iterable<Level>): Level {
  let worst: Level = 'ok';
  for (const l of levels) if (LEVEL_RANK[l] > LEVEL_RANK[worst]) worst = l;
  return worst;
}

export function levelOf(status: string | undefined): Level {
  return status !== undefined && Object.hasOwn(LEVEL_OF_STATUS, status) ? LEVEL_OF_STATUS[status as KpiStatus] : 'ok';
}

const normNumber = (norm: string) => Number(/\d+/.exec(norm)?.[0] ?? Number.MAX_SAFE_INTEGER);

/** The KPIs of a record (site, queue or centre), ordered by norm; a missing record gives none. */
export function kpiList(kpis: Readonly<Partial<Record<string, Kpi>>> | undefined | null): Kpi[] {
  if (!kpis || typeof kpis !== 'object') return [];
  return Object.values(kpis)
    .filter((k): k is Kpi => !!k && typeof k === 'object' && typeof k.id === 'string')
    .sort((a, b) => normNumber(a.norm) - normNumber(b.norm) || a.id.localeCompare(b.id));
}

/** A KPI's number in its unit, without words: `87 %`, `42`, `1:05`, or null for flags / no value. */
export type KpiFigure = { kind: 'none' } | { kind: 'share'; value: number } | { kind: 'seconds'; value: number } | { kind: 'count'; value: number } | { kind: 'flag'; value: boolean };

export function kpiFigure(unit: Kpi['unit'], value: number | null): KpiFigure {
  if (value === null || !Number.isFinite(value)) return { kind: 'none' };
  switch (unit) {
    case 'ratio':
      return { kind: 'share', value };
    case 'seconds':
      return { kind: 'seconds', value };
    case 'flag':
      return { kind: 'flag', value: value >= 1 };
    default:
      return { kind: 'count', value };
  }
}
