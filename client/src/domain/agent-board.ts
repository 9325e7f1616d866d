/**
 * The operator board's rows (issue 14, item 5): every operator of the sites shown, with the
 * server's state (with the operator's name and pause reason when the server sends them), the attention rule of shared/agent-attention.ts at `now` (with the site's
 * norms), the queue they serve now and the server's figures of today. Pure: the view reads it.
 */
import { agentAttention, byAttention, type AgentAttention, type AttentionReason } from '@shared/agent-attention.js';
import type { AgentLive, SiteState } from '@shared/snapshot.js';

export interface AgentRow {
  /** `site/agentId`: an operator id is unique within its site */
  key: string;
  site: string;
  agentId: string;
  /** the operator's name (the sites file's, else the PBX's): the server sends it to staff, never to walls */
  name?: string;
  state: AgentLive['state'];
  /** why they are paused, when the PBX says (paused only) */
  pauseReason?: string;
  attention: AgentAttention;
  /** the queue of the call ringing them, else the queues they serve */
  queues: readonly string[];
  answered: number;
  missed: number;
  ringsPast3: number;
}

export function agentRows(sites: readonly SiteState[], now: number): AgentRow[] {
  const rows: AgentRow[] = [];
  for (const s of sites) {
    const today = new Map((s.agentsToday ?? []).map((a) => [a.agentId, a]));
    const past3 = new Map(s.ringsPast3ByAgent.map((a) => [a.agentId, a.count]));
    const ringing = new Map(s.calls.filter((c) => c.state === 'ringing' && c.agentId !== undefined).map((c) => [c.agentId!, c]));
    for (const a of s.agents) {
      const call = a.state === 'ringing' ? ringing.get(a.agentId) : undefined;
      rows.push({
        key: `${s.site}/${a.agentId}`,
        site: s.site,
        agentId: a.agentId,
        ...(a.name ? { name: a.name } : {}),
        state: a.state,
        ...(a.state === 'paused' && a.reason ? { pauseReason: a.reason } : {}),
        attention: agentAttention(a, now, s.norms, call?.ringStart),
        queues: call ? [call.queue] : (a.queues ?? []),
        answered: today.get(a.agentId)?.answered ?? 0,
        missed: today.get(a.agentId)?.missed ?? 0,
        ringsPast3: past3.get(a.agentId) ?? 0,
      });
    }
  }
  return rows.sort(byAttention);
}

export interface BoardFilter {
  /** '' for every site */
  site: string;
  /** '' for every queue */
  queue: string;
}

export function filterRows(rows: readonly AgentRow[], f: BoardFilter): AgentRow[] {
  return rows.filter((r) => (!f.site || r.site === f.site) && (!f.queue || r.queues.includes(f.queue)));
}

/** the queues of these rows, for the queue filter */
export function queuesOf(rows: readonly AgentRow[]): string[] {
  return [...new Set(rows.flatMap((r) => r.queues))].sort();
}

/** how many rows stand for each reason that needs a look (the board's summary) */
export function attentionCounts(rows: readonly AgentRow[]): Record<Exclude<AttentionReason, 'none' | 'offline'>, number> {
  const out = { ringingPastLimit: 0, ringing: 0, paused: 0, wrapUpPastLimit: 0 };
  for (const r of rows) if (r.attention.reason in out) out[r.attention.reason as keyof typeof out]++;
  return out;
}

