/**
 * The recorded Asterisk 22.10.1 run (tests/fixtures/asterisk/live-22.10.1: 213 calls in 22
 * minutes, both feeds) replayed through the real adapters into the real store, and Obzor's
 * figures compared with the queue_log truth computed by Asterisk's definitions
 * (tests/helpers/asterisk-truth.ts). OBZOR_REPLAY_REPORT=1 prints the comparison table.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberDirectory } from '../../server/adapters/asterisk/member-directory.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { ingestSink } from '../../server/feeds/ingest-sink.js';
import { queueLogTruth, type Truth } from '../helpers/asterisk-truth.js';
import { fromObzor, fromTruth, LIVE_RUN, liveRunAmi, liveRunQueueLog, obzorFigures, replayAmi, replayQueueLog, type Compared, type ObzorFigures } from '../helpers/asterisk-replay.js';
import { startTestApp, TEST_SITES, type TestApp } from '../helpers/start-app.js';

/** the queue_log follower, its member names mapped in the feed's `agentMap` (docs/asterisk.md) */
const QL_SITE = 'yuzhno-sakhalinsk';
const AMI_SITE = 'kholmsk';
/** the queue_log imported after the AMI feed learned the member names */
const IMPORT_SITE = 'poronaysk';
/** the AMI feed, and the queue_log imported into the same site afterwards (what fills an AMI gap) */
const BOTH_SITE = 'makarov';
const silent = pino({ level: 'silent' });
/** what a centre with `log_membername_as_agent = no` writes into the queue_log feed's config */
const AGENT_MAP = { 'Иван Петров': '1001', 'Мария Смирнова': '1002', 'Paty Marin': '1003', 'Олег Ким': '1007' };

let app: TestApp;
let truth: Truth;
let ql: ObzorFigures;
let ami: ObzorFigures;
let imported: ObzorFigures;
let both: ObzorFigures;
let amiErrors: string[];
let names: MemberDirectory;

beforeAll(async () => {
  app = await startTestApp({
    sites: [...TEST_SITES, SiteConfig.parse({ id: IMPORT_SITE, name: { ru: 'Поронайск', en: 'Poronaysk' } }), SiteConfig.parse({ id: BOTH_SITE, name: { ru: 'Макаров', en: 'Makarov' } })],
  });
  const text = liveRunQueueLog();
  truth = queueLogTruth(text);
  names = new MemberDirectory();
  const replayed = replayAmi(liveRunAmi(), { site: AMI_SITE, members: names });
  amiErrors = replayed.errors;
  await ingestSink(app.ingest, 'pbx-ami', silent, { archive: true })(replayed.events);
  await ingestSink(app.ingest, 'pbx-ql', silent, { archive: true })(replayQueueLog(text, { site: QL_SITE, agentMap: AGENT_MAP }));
  await ingestSink(app.ingest, 'pbx-import', silent, { archive: true })(replayQueueLog(text, { site: IMPORT_SITE, members: names }));
  await ingestSink(app.ingest, 'pbx-ami', silent, { archive: true })(replayAmi(liveRunAmi(), { site: BOTH_SITE }).events);
  await ingestSink(app.ingest, 'pbx-import', silent, { archive: true })(replayQueueLog(text, { site: BOTH_SITE, members: names }));
  ql = await obzorFigures(app.redis, app.keys, QL_SITE);
  ami = await obzorFigures(app.redis, app.keys, AMI_SITE);
  imported = await obzorFigures(app.redis, app.keys, IMPORT_SITE);
  both = await obzorFigures(app.redis, app.keys, BOTH_SITE);
  if (process.env.OBZOR_REPLAY_REPORT === '1') report();
}, 120_000);
afterAll(async () => {
  await app?.close();
});

const present = (f: ObzorFigures) => f.agents.filter((a) => a.state !== 'offline').length;

function report(): void {
  const rows: [string, Compared, Compared, Compared, Compared][] = [['centre', fromTruth(truth.centre), fromObzor(ql.site), fromObzor(ami.site), fromObzor(imported.site)]];
  for (const q of Object.keys(truth.byQueue).sort()) rows.push([q, fromTruth(truth.byQueue[q]!), fromObzor(ql.byQueue.get(q)), fromObzor(ami.byQueue.get(q)), fromObzor(imported.byQueue.get(q))]);
  for (const q of [...new Set([...ql.byQueue.keys(), ...ami.byQueue.keys()])].filter((q) => !(q in truth.byQueue))) rows.push([q, fromTruth({} as never), fromObzor(ql.byQueue.get(q)), fromObzor(ami.byQueue.get(q)), fromObzor(imported.byQueue.get(q))]);
  const lines = ['| scope | figure | truth | queue_log | AMI | import | AMI + import |', '|---|---|---|---|---|---|---|'];
  const bothOf = (scope: string) => fromObzor(scope === 'centre' ? both.site : both.byQueue.get(scope));
  for (const [scope, t, a, b, c] of rows) for (const k of Object.keys(t) as (keyof Compared)[]) lines.push(`| ${scope} | ${k} | ${t[k] ?? '—'} | ${a[k] ?? '—'} | ${b[k] ?? '—'} | ${c[k] ?? '—'} | ${bothOf(scope)[k] ?? '—'} |`);
  lines.push(`| centre | rings near the limit (±1 s) | ${truth.centre.ringsNearLimit} | | | |`);
  lines.push(`| centre | operators present | ${truth.present.length} | ${present(ql)} | ${present(ami)} | ${present(imported)} |`);
  lines.push(`| centre | waiting at the end | ${truth.waiting.length} | ${ql.calls.length} | ${ami.calls.length} | ${imported.calls.length} |`);
  lines.push(`| centre | AMI events not mapped | | | ${amiErrors.length} | |`);
  console.log(lines.join('\n'));
}

const COUNTS = ['offered', 'answered', 'lost', 'lostShort', 'timedOut', 'redirected', 'ended', 'answeredWithinSl'] as const;

/** Obzor's figures of one scope against the truth: counts exact, averages and rings to the precision of the source */
function expectTruth(scope: string, got: Compared, want: Compared, nearLimit: number, secondsOff: number): void {
  for (const k of COUNTS) expect({ scope, [k]: got[k] }).toEqual({ scope, [k]: want[k] });
  // queue_log and Asterisk's figures are whole seconds; AMI is stamped to the microsecond
  for (const k of ['avgWait', 'avgTalk'] as const) expect({ scope, k, off: Math.abs(got[k]! - want[k]!) <= secondsOff }).toEqual({ scope, k, off: true });
  // a ring of 15.02 s is past the 15 s limit; Asterisk logs it as 15
  expect({ scope, rings: Math.abs(got.ringsPast3 - want.ringsPast3) <= nearLimit }).toEqual({ scope, rings: true });
}

describe('the recorded Asterisk 22.10.1 run', () => {
  it('the truth by Asterisk definitions: 207 calls, 212 queue visits (5 callers transferred into billing)', () => {
    expect(truth.centre.offered).toBe(207);
    expect(Object.values(truth.byQueue).reduce((s, q) => s + q.offered, 0)).toBe(212);
    expect(truth.byQueue.billing).toMatchObject({ offered: 60, answered: 42 });
    expect(truth.centre).toMatchObject({ lost: 58, redirected: 11, ended: 149, timedOut: 6, withdrawn: 2 });
    expect(truth.present).toHaveLength(8);
  });

  for (const [name, get, secondsOff] of [
    ['queue_log follower', () => ql, 0.05],
    ['AMI', () => ami, 0.5],
    ['queue_log import after the AMI feed', () => imported, 0.05],
    ['AMI, then the queue_log imported into the same site (an AMI gap filled)', () => both, 0.5],
  ] as const) {
    it(`${name}: per queue and for the centre, the figures Asterisk's definitions give`, () => {
      const f = get();
      expectTruth('centre', fromObzor(f.site), fromTruth(truth.centre), truth.centre.ringsNearLimit, secondsOff);
      for (const [queue, t] of Object.entries(truth.byQueue)) expectTruth(queue, fromObzor(f.byQueue.get(queue)), fromTruth(t), t.ringsNearLimit, secondsOff);
      // no pseudo-queue "~": every event found its call
      expect([...f.byQueue.keys()].sort()).toEqual(Object.keys(truth.byQueue).sort());
    });

    it(`${name}: one agent per operator, nobody waiting that the PBX does not have`, () => {
      const f = get();
      expect(f.agents.filter((a) => a.state !== 'offline').map((a) => a.agentId).sort()).toEqual(['1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008']);
      expect(f.calls).toEqual([]);
    });
  }

  it("the import summary counts Asterisk's figures the same two ways", async () => {
    const { importQueueLog } = await import('../../server/adapters/asterisk/queue-log-import.js');
    const { fileURLToPath } = await import('node:url');
    const s = await importQueueLog(fileURLToPath(new URL('queue_log', LIVE_RUN)), { site: QL_SITE, sink: async () => undefined });
    expect(s.stats.total).toMatchObject({ entered: 207, answered: 147 });
    expect(s.stats.byQueue.billing).toMatchObject({ entered: 60, answered: 42 });
    expect(s.stats.byQueue.hotline).toMatchObject({ entered: 152, answered: 109, transferred: 9, withdrawn: 2 });
    // queue_log alone cannot pair member names with interfaces (log_membername_as_agent = no): said, not hidden
    expect(s.unpairedMembers.sort()).toEqual(['Paty Marin', 'Иван Петров', 'Мария Смирнова', 'Олег Ким'].sort());
  });

  it('AMI: every AgentComplete finds its call, also the 12 without Uniqueid', () => {
    expect(amiErrors).toEqual([]);
    expect(liveRunAmi().filter((e) => e.Event === 'AgentComplete' && e.Uniqueid === undefined)).toHaveLength(12);
  });
});
