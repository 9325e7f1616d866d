/** The results: one JSON document (bench/results/latest.json) and short Markdown tables. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './bench-env.js';
import type { FanoutGroup } from './fanout.js';
import type { TvWallResult } from './tv-wall.js';
import type { IngestCeilingResult } from './ingest-ceiling.js';
import type { MachineInfo } from './machine.js';
import type { SiteDayMemory } from './site-day-memory.js';
import type { WebhooksResult } from './webhooks.js';
import type { ReplicaAckResult } from './replica-ack.js';

export interface BenchResults {
  startedAt: string;
  durationSec?: number;
  machine: MachineInfo;
  keyPrefix: string;
  ingest?: IngestCeilingResult;
  webhooks?: WebhooksResult;
  fanout?: FanoutGroup[];
  tvWall?: TvWallResult;
  siteDay?: SiteDayMemory;
  /** issue 18: what WAIT (a replica) and AOF fsync always cost ingest */
  durability?: ReplicaAckResult;
  /** the issues' goals, each with what was measured (a stable list: tools read it by name; the run's own context is in `detail`) */
  targets?: { name: string; value: number; goal: string; met: boolean; detail?: string }[];
  deletedKeys?: number;
}

export const RESULTS_FILE = join(ROOT, 'bench/results/latest.json');

const n = (x: number) => x.toLocaleString('en-US');
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export function targetsOf(r: BenchResults): NonNullable<BenchResults['targets']> {
  const out: NonNullable<BenchResults['targets']> = [];
  if (r.ingest) out.push({ name: 'batched HTTP ingest ÷ pure-Redis ceiling', value: r.ingest.ratioToRedis, goal: '≥ 0.5', met: r.ingest.ratioToRedis >= 0.5 });
  const steps = r.fanout?.flatMap((g) => g.steps) ?? [];
  const at = (clients: number, rate: number) => steps.find((s) => s.clients === clients && s.eventsPerSec === rate);
  for (const clients of [1000, 2000]) {
    const s = at(clients, 500);
    // all screens (their own decoding on this machine included), and the canary: the server's part,
    // with its push round and how late its event loop ran beside it
    if (s) out.push({ name: `p99 event→screen, ${n(clients)} clients, 500 events/s, all screens (ms)`, value: s.latencyMs.p99, goal: '≤ 250', met: s.latencyMs.p99 <= 250, detail: `p50 ${s.latencyMs.p50} ms; ${s.clientProcesses} client process(es) at ${s.clientsCpu} cores, one screen's own work ${s.screenUsPerUpdate ?? '—'} µs per update; other load ${s.otherCores} cores` });
    if (s) out.push({ name: `p99 event→screen, ${n(clients)} clients, 500 events/s, the canary screen (ms)`, value: s.canaryLatencyMs.p99, goal: '≤ 250', met: s.canaryLatencyMs.p99 <= 250, detail: `the server's part: push round ${s.serverPushRoundMs} ms, its event loop late ≤ ${s.serverLoopDelayP99Ms} ms (p99), ${s.serverCpu} cores, ${s.serverCpuMsPerPush} ms CPU per update` });
  }
  // issue 19: bytes per screen at 500 events/s, against the same updates as whole states
  const lean = steps.find((s) => s.eventsPerSec === 500 && s.bytesPerScreenPerSec > 0);
  if (lean) {
    const fewer = Math.round((lean.fullStateBytesPerScreenPerSec / lean.bytesPerScreenPerSec) * 10) / 10;
    out.push({ name: 'bytes per screen per second at 500 events/s: times fewer than whole states', value: fewer, goal: '≥ 10', met: fewer >= 10, detail: `${n(lean.bytesPerScreenPerSec)} vs ${n(lean.fullStateBytesPerScreenPerSec)} B/s at ${n(lean.clients)} screens` });
  }
  if (r.siteDay?.siteYear) {
    out.push({ name: 'Redis per site-year, the demo centre, archive on (MB)', value: r.siteDay.siteYear.redisMB, goal: '≤ 150', met: r.siteDay.siteYear.redisMB <= 150 });
    out.push({ name: 'event log archive on disk (bytes per event)', value: r.siteDay.siteYear.archiveBytesPerEvent, goal: '≤ 60', met: r.siteDay.siteYear.archiveBytesPerEvent <= 60 });
  }
  if (r.tvWall) {
    const t = r.tvWall;
    const w = t.work;
    out.push({ name: `TV wall (CPU ×${t.cpuThrottling}): script + render per update, p95 (ms)`, value: w.perUpdateMs.p95, goal: '≤ 16', met: w.perUpdateMs.p95 <= 16, detail: `p50 ${w.perUpdateMs.p50} ms; script p95 ${w.scriptMs.p95}, render p95 ${w.renderMs.p95}; ${w.updates} updates (Chromium's trace); until painted, timed in the page: p50 ${t.perUpdateMs.p50}, p95 ${t.perUpdateMs.p95}${t.floor ? `; the floor (the wall's DOM frozen, no Obzor script) p50 ${t.floor.frozenWall.p50}, p95 ${t.floor.frozenWall.p95}` : ''}` });
    out.push({ name: `TV wall (CPU ×${r.tvWall.cpuThrottling}): longest task (ms)`, value: r.tvWall.longestTaskMs, goal: '≤ 50', met: r.tvWall.longestTaskMs <= 50 });
  }
  return out;
}

export function markdown(r: BenchResults): string {
  const parts: string[] = [];
  const m = r.machine;
  parts.push(`Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGB} GB; Node ${m.node}; Redis ${m.redis}; load average at start ${m.loadAverageAtStart.join(' / ')}`);
  if (r.ingest) {
    const i = r.ingest;
    const rel = (x: number) => (x / i.best.redis).toFixed(2);
    parts.push(
      `### Ingest: ${n(i.events)} events in batches of ${n(i.batchSize)} from ${i.senders} concurrent feed(s), each posting one batch after another, to ${i.nodes ?? 1} server process(es); best of ${i.rounds.length} rounds\n\n` +
        table(
          ['path', 'events/s', '÷ pure Redis'],
          [
            ['HTTP `POST /api/v1/events` (auth, JSON, validate, dedupe, fold, log)', n(i.best.http), rel(i.best.http)],
            ['in process: IngestService (validate, dedupe, fold, log)', n(i.best.inProcess), rel(i.best.inProcess)],
            ['in process: EventStore.apply (fold, log)', n(i.best.fold), rel(i.best.fold)],
            [`pure Redis: the recorded ${n(i.commands)} commands (${n(i.scriptCalls)} EVALSHA) replayed pipelined`, n(i.best.redis), '1.00'],
          ],
        ) +
        `\n\nHTTP ÷ fold-only = ${i.ratioToFold.toFixed(2)}; rounds (HTTP / in-process / fold / Redis): ${i.rounds.map((x) => `${n(x.http)} / ${n(x.inProcess)} / ${n(x.fold)} / ${n(x.redis)}`).join('; ')}; server CPU during HTTP ${i.rounds.map((x) => x.serverCpu).join(', ')} cores; whole machine busy during HTTP ${i.rounds.map((x) => x.httpMachineCores).join(', ')} / during the replay ${i.rounds.map((x) => x.redisMachineCores).join(', ')} of ${r.machine.cores} cores; script replies ${JSON.stringify(i.rounds[0]?.scriptReplies)}`,
    );
  }
  if (r.webhooks) {
    const w = r.webhooks;
    parts.push(
      `### Single-event webhooks: ${w.connections} keep-alive connections, closed loop\n\n` +
        table(['requests/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'server CPU', 'statuses'], [[n(w.requestsPerSec), w.latencyMs.p50, w.latencyMs.p95, w.latencyMs.p99, w.latencyMs.max, w.serverCpu, JSON.stringify(w.statuses)]]),
    );
  }
  if (r.fanout) {
    parts.push(
      '### Fan-out: event → screen (clients spread over processes of ≤ 500; each screen holds its own state, patched as a wall does, screens of a process with the same state sharing that work; one screen\'s own work per update beside; canary = one client in the idle bench process)\n\n' +
        table(
          ['clients', 'events/s', 'ingest lag s', 'p50 ms', 'p95 ms', 'p99 ms', 'canary p99 ms', 'coverage', 'updates/client/s', 'largest update KB', 'KB/s per screen', 'as whole states KB/s', 'patches', 'client processes', 'server CPU', 'server CPU ms/update', 'server push round ms', 'server loop delay p99 ms', 'clients CPU', 'one screen µs/update', 'Redis CPU', 'other load (cores)', 'server RSS MB'],
          r.fanout.flatMap((g) =>
            g.steps.map((s) => [
              n(s.clients),
              n(s.eventsPerSec),
              (s.ingestLagMs / 1000).toFixed(1),
              s.latencyMs.p50,
              s.latencyMs.p95,
              s.latencyMs.p99,
              s.canaryLatencyMs.p99,
              s.coverage,
              s.updatesPerClientPerSec,
              s.updateKB,
              (s.bytesPerScreenPerSec / 1024).toFixed(1),
              (s.fullStateBytesPerScreenPerSec / 1024).toFixed(1),
              s.patchShare,
              s.clientProcesses,
              s.serverCpu,
              s.serverCpuMsPerPush,
              s.serverPushRoundMs,
              s.serverLoopDelayP99Ms,
              s.clientsCpu,
              s.screenUsPerUpdate ?? '—',
              s.redisCpu,
              s.otherCores,
              s.serverRssMB,
            ]),
          ),
        ) +
        '\n\n' +
        table(
          ['clients', 'connect s', 'server RSS per client KB', 'server heap+external per client KB', 'adapter stream in Redis'],
          r.fanout.map((g) => [n(g.clients), (g.connectMs / 1000).toFixed(1), g.rssPerClientKB, g.heapPerClientKB, `${g.adapterStreamMB} MB / ${n(g.adapterStreamEntries)} entries`]),
        ),
    );
  }
  if (r.siteDay) {
    const d = r.siteDay;
    const kb = (b: number) => `${n(Math.round(b / 1024))} KB`;
    parts.push(
      `### Redis memory per site-day (${n(d.events)} events, ${n(d.calls)} calls: the demo's realistic centre)\n\n` +
        table(
          ['what', 'per day', 'kept', 'steady state per site'],
          [
            [`15-min counters (${d.counterKeys} hashes)`, kb(d.bytes.counters), `${d.retention.counterDays} days`, `${d.steadyStateMB.counters} MB`],
            ['event log (stream)', kb(d.bytes.log), d.retention.logKeepDays ? `${d.retention.logKeepDays} days (older: the archive on disk)` : `${n(d.retention.logMaxLen)} entries ≈ ${n(d.retention.logDays)} days`, `${d.steadyStateMB.log} MB`],
            ['entity records + seen markers', kb(d.bytes.entities + d.bytes.seen), `${d.retention.dedupeDays} days after close`, `${d.steadyStateMB.entitiesAndSeen} MB`],
            ['live tables', kb(d.bytes.live), 'current', '—'],
          ],
        ) +
        `\n\n**Per site-year with the log's archive (issue 18):** ${d.siteYear.redisMB} MB of Redis — counters ${d.siteYear.parts.counters} MB (365 days), daily roll-ups ${d.siteYear.parts.rollups} MB (${kb(d.bytes.rollups)} a day), entities and markers ${d.siteYear.parts.entitiesAndSeen} MB, ${d.retention.logKeepDays} days of log ${d.siteYear.parts.log} MB, live tables ${d.siteYear.parts.live} MB; ` +
        `the archive on disk ${d.siteYear.archiveBytesPerEvent} B per event (${d.siteYear.archiveMBPerYear} MB a year, gzip'd NDJSON). 5 years of daily roll-ups for 20 sites: ${d.rollups5y20SitesMB} MB.`,
    );
  }
  if (r.durability) {
    const d = r.durability;
    const first = d.modes[0];
    parts.push(
      `### Durability: what an acknowledged event's safety costs (a master + 1 replica on loopback; batches of ${d.batchSize} from ${d.senders} feeds, then single events from ${d.senders} closed-loop senders)\n\n` +
        table(
          ['mode', 'batched events/s', 'vs no wait', 'single events/s', 'p50 ms', 'p99 ms'],
          d.modes.map((m) => [m.mode, n(m.batchedEventsPerSec), first ? `${Math.round((m.batchedEventsPerSec / first.batchedEventsPerSec) * 100)} %` : '—', n(m.singleRequestsPerSec), m.singleMs.p50, m.singleMs.p99]),
        ),
    );
  }
  if (r.tvWall) {
    const t = r.tvWall;
    parts.push(
      `### The TV's side: the wall in Chromium with CPU throttling ×${t.cpuThrottling} (a cheap TV stick), ${t.queues} queues, ${t.operators} operators, ${t.eventsPerSec} events/s, ${t.updates} updates (work from Chromium's trace of ${t.work.updates})\n\n` +
        table(
          ['per update (ms)', 'p50', 'p95', 'p99', 'max'],
          [
            ['work: the task applying it (socket frame, inflate, patch, re-render)', t.work.scriptMs.p50, t.work.scriptMs.p95, t.work.scriptMs.p99, t.work.scriptMs.max],
            ['work: the next frame (style, layout, paint)', t.work.renderMs.p50, t.work.renderMs.p95, t.work.renderMs.p99, t.work.renderMs.max],
            ['**work: both** (the goal)', t.work.perUpdateMs.p50, t.work.perUpdateMs.p95, t.work.perUpdateMs.p99, t.work.perUpdateMs.max],
            ['in the page: parse → end of its task (waits included)', t.scriptMs.p50, t.scriptMs.p95, t.scriptMs.p99, t.scriptMs.max],
            ['in the page: the next frame → the task after it', t.renderMs.p50, t.renderMs.p95, t.renderMs.p99, t.renderMs.max],
            ['in the page: both (latency until painted)', t.perUpdateMs.p50, t.perUpdateMs.p95, t.perUpdateMs.p99, t.perUpdateMs.max],
            ...(t.floor
              ? [
                  [`floor: a bare page, one text changed per WebSocket message (no Socket.IO, no Vue)`, t.floor.bare.p50, t.floor.bare.p95, t.floor.bare.p99, t.floor.bare.max],
                  [`floor: the wall's DOM frozen, ${t.floor.texts} texts changed per message`, t.floor.frozenWall.p50, t.floor.frozenWall.p95, t.floor.frozenWall.p99, t.floor.frozenWall.max],
                ]
              : []),
          ],
        ) +
        `\n\nLong tasks (> 50 ms): ${t.longTasks}, the longest ${t.longestTaskMs} ms; main-thread busy time per update (Chromium's TaskDuration, all work incl. the ticking clocks) ${t.mainThreadMsPerUpdate} ms, of it script ${t.scriptMsPerUpdate} ms, style ${t.styleMsPerUpdate} ms, layout ${t.layoutMsPerUpdate} ms (${t.layoutsPerUpdate} layouts); ${n(t.domNodes)} DOM nodes.`,
    );
  }
  if (r.targets?.length) parts.push('### Targets\n\n' + table(['target', 'measured', 'goal', 'met', 'context'], r.targets.map((t) => [t.name, t.value, t.goal, t.met ? 'yes' : '**no**', t.detail ?? ''])));
  return parts.join('\n\n');
}

export function writeResults(r: BenchResults): void {
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, JSON.stringify(r, null, 2) + '\n');
}
