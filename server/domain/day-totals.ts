/** Sums the raw 15-min counter fields into the totals the dashboard, the KPIs and the history read. */
export { emptyTotals, type Totals } from '../../shared/day-totals.js';
import { emptyTotals, type Totals } from '../../shared/day-totals.js';

/** `q|<queue>|<metric>` counter metric → the totals field it adds to */
const QUEUE_METRICS: Readonly<Record<string, keyof Totals>> = {
  offered: 'offered',
  answered: 'answered',
  abandoned: 'abandoned',
  abandonedShort: 'abandonedShort',
  answeredIn3Rings: 'answeredIn3Rings',
  ringsPast3: 'ringsPast3',
  waitSumMs: 'waitSumMs',
  waitN: 'waitN',
  connectSumMs: 'connectSumMs',
  connectN: 'connectN',
  handleSumMs: 'handleSumMs',
  handleN: 'handleN',
  callbacksPromised: 'callbacksPromised',
  ended: 'ended',
  answeredInSL: 'answeredInServiceLevel',
  'out:redirected': 'redirected',
  'out:refused_identification': 'refusedIdentification',
  'out:terminated_abuse': 'terminatedAbuse',
  closedHotline: 'hotlineWhileClosed',
  closedDirect: 'directWhileClosed',
  timedOut: 'timedOut',
};

/** `ap|<metric>` → totals field */
const APPEAL_METRICS: Readonly<Record<string, keyof Totals>> = {
  registered: 'appealsRegistered',
  answered: 'appealsAnswered',
  answeredLate: 'appealsAnsweredLate',
};

export interface SplitTotals {
  site: Totals;
  byQueue: Map<string, Totals>;
  /** N1: rings past the limit per operator */
  ringsPast3ByAgent: Record<string, number>;
  /** N9: rejected appeals per reason */
  appealsRejectedBy: Record<string, number>;
  /** N14: registered appeals per `channel:clientType` */
  appealsByChannel: Record<string, number>;
}

/** keys are operator ids, reasons and channels from events: no prototype, so `__proto__` or `constructor` is just a key */
const tally = (): Record<string, number> => Object.create(null) as Record<string, number>;

const bump = (rec: Record<string, number>, key: string, n: number) => {
  rec[key] = (rec[key] ?? 0) + n;
};

/** `hashes` are the HGETALL replies of the counter buckets to sum. */
export function sumCounters(hashes: readonly Record<string, string>[]): SplitTotals {
  const out: SplitTotals = { site: emptyTotals(), byQueue: new Map(), ringsPast3ByAgent: tally(), appealsRejectedBy: tally(), appealsByChannel: tally() };
  const { site } = out;
  for (const h of hashes) {
    for (const [field, raw] of Object.entries(h)) {
      const n = Number(raw);
      if (!Number.isFinite(n)) continue;
      const first = field.indexOf('|');
      const scope = field.slice(0, first);
      const rest = field.slice(first + 1);
      // `q|`: the call once (site and the queue it began in); `qv|`: what makes each queue's
      // figures its own visits' when a call moved between queues (call-fold.ts) — queues only
      if (scope === 'q' || scope === 'qv') {
        const cut = rest.lastIndexOf('|');
        const metric = QUEUE_METRICS[rest.slice(cut + 1)];
        if (cut < 0 || !metric) continue;
        const queue = rest.slice(0, cut);
        let q = out.byQueue.get(queue);
        if (!q) out.byQueue.set(queue, (q = emptyTotals()));
        q[metric] += n;
        if (scope === 'q') site[metric] += n;
      } else if (scope === 'ag') {
        const cut = rest.lastIndexOf('|');
        if (cut > 0 && rest.slice(cut + 1) === 'ringsPast3') bump(out.ringsPast3ByAgent, rest.slice(0, cut), n);
      } else if (scope === 'ap') {
        const metric = APPEAL_METRICS[rest];
        if (metric) site[metric] += n;
        else if (rest.startsWith('rejected:')) {
          site.appealsRejected += n;
          bump(out.appealsRejectedBy, rest.slice('rejected:'.length), n);
        } else if (rest.startsWith('reg:')) bump(out.appealsByChannel, rest.slice('reg:'.length), n);
      } else if (field === 'cf|raised') site.conflictsRaised += n;
    }
  }
  return out;
}
