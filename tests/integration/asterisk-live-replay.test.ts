/**
 * The recorded Asterisk 22.10.1 run (tests/fixtures/asterisk/live-22.10.1: 213 calls in 22
 * minutes, both feeds) replayed through the real adapters into the real store, and Obzor's
 * figures compared with the queue_log truth computed by Asterisk's definitions
 * (tests/helpers/asterisk-truth.ts). OBZOR_REPLAY_REPORT=1 prints the comparison table.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestSink } from '../../server/feeds/ingest-sink.js';
import { queueLogTruth, type Truth } from '../helpers/asterisk-truth.js';
import { fromObzor, fromTruth, liveRunAmi, liveRunQueueLog, obzorFigures, replayAmi, replayQueueLog, type Compared, type ObzorFigures } from '../helpers/asterisk-replay.js';
import { startTestApp, type TestApp } from '../helpers/start-app.js';

const QL_SITE = 'yuzhno-sakhalinsk';
const AMI_SITE = 'kholmsk';
const silent = pino({ level: 'silent' });

let app: TestApp;
let truth: Truth;
let ql: ObzorFigures;
let ami: ObzorFigures;
let amiErrors: string[];

beforeAll(async () => {
  app = await startTestApp();
  const text = liveRunQueueLog();
  truth = queueLogTruth(text);
  await ingestSink(app.ingest, 'pbx-ql', silent, { archive: true })(replayQueueLog(text, { site: QL_SITE }));
  const replayed = replayAmi(liveRunAmi(), { site: AMI_SITE });
  amiErrors = replayed.errors;
  await ingestSink(app.ingest, 'pbx-ami', silent, { archive: true })(replayed.events);
  ql = await obzorFigures(app.redis, app.keys, QL_SITE);
  ami = await obzorFigures(app.redis, app.keys, AMI_SITE);
  if (process.env.OBZOR_REPLAY_REPORT === '1') report();
}, 120_000);
afterAll(async () => {
  await app?.close();
});

const present = (f: ObzorFigures) => f.agents.filter((a) => a.state !== 'offline').length;

function report(): void {
  const rows: [string, Compared, Compared, Compared][] = [['centre', fromTruth(truth.centre), fromObzor(ql.site), fromObzor(ami.site)]];
  for (const q of Object.keys(truth.byQueue).sort()) rows.push([q, fromTruth(truth.byQueue[q]!), fromObzor(ql.byQueue.get(q)), fromObzor(ami.byQueue.get(q))]);
  for (const q of [...new Set([...ql.byQueue.keys(), ...ami.byQueue.keys()])].filter((q) => !(q in truth.byQueue))) rows.push([q, fromTruth({} as never), fromObzor(ql.byQueue.get(q)), fromObzor(ami.byQueue.get(q))]);
  const lines = ['| scope | figure | truth | queue_log | AMI |', '|---|---|---|---|---|'];
  for (const [scope, t, a, b] of rows) for (const k of Object.keys(t) as (keyof Compared)[]) lines.push(`| ${scope} | ${k} | ${t[k] ?? '—'} | ${a[k] ?? '—'} | ${b[k] ?? '—'} |`);
  lines.push(`| centre | operators present | ${truth.present.length} | ${present(ql)} | ${present(ami)} |`);
  lines.push(`| centre | waiting at the end | ${truth.waiting.length} | ${ql.calls.length} | ${ami.calls.length} |`);
  lines.push(`| centre | AMI events not mapped | | | ${amiErrors.length} |`);
  console.log(lines.join('\n'));
}

describe('the recorded Asterisk 22.10.1 run: the truth by Asterisk definitions', () => {
  it('counts what the PBX counted', () => {
    expect(truth.centre.offered).toBe(207);
    expect(Object.values(truth.byQueue).reduce((s, q) => s + q.offered, 0)).toBe(212);
  });
});
