/**
 * The operator board's rule (issue 14, item 5): which operators need a supervisor's look, and in
 * what order — the longest ringing first (past N1's ring limit above all), then the longest
 * pause, then after-call work past the site's `wrapUpMaxSeconds` (shared/norm-defaults.ts), then
 * everyone else by time in state, the offline last. The board evaluates it at each second with the
 * snapshot's norms and the server's agent states; it never invents a state. No zod here: the client imports it.
 */
import { isPastRingLimit, type RingNorms } from './ring-limit.js';
import { NORM_DEFAULTS } from './norm-defaults.js';
import type { AgentLive } from './snapshot.js';

export type AttentionNorms = RingNorms & { wrapUpMaxSeconds?: number | undefined };

/** why an operator is where they are on the board, most urgent first */
export const ATTENTION_REASONS = ['ringingPastLimit', 'ringing', 'paused', 'wrapUpPastLimit', 'none', 'offline'] as const;
export type AttentionReason = (typeof ATTENTION_REASONS)[number];

/** `alert`: a norm is broken now; `warn`: past a configurable limit; `watch`: worth a look; `none` */
export type AttentionLevel = 'alert' | 'warn' | 'watch' | 'none';

const LEVEL: Readonly<Record<AttentionReason, AttentionLevel>> = {
  ringingPastLimit: 'alert',
  ringing: 'watch',
  paused: 'watch',
  wrapUpPastLimit: 'warn',
  none: 'none',
  offline: 'none',
};

export interface AgentAttention {
  reason: AttentionReason;
  level: AttentionLevel;
  /** time in the current state at `now` (ringing: of the current ring when the call says when it began) */
  forMs: number;
}

/** the after-call-work limit of these norms, ms (the default for a server that does not send it) */
export function wrapUpLimitMs(norms: AttentionNorms): number {
  return (norms.wrapUpMaxSeconds ?? NORM_DEFAULTS.wrapUpMaxSeconds) * 1000;
}

/**
 * One operator at `now`. `ringStart`: when their ringing call began to ring them (the snapshot's
 * `calls[].ringStart`), which is more exact than the state's `since`.
 */
export function agentAttention(agent: Pick<AgentLive, 'state' | 'since'>, now: number, norms: AttentionNorms, ringStart?: number): AgentAttention {
  const since = agent.state === 'ringing' && ringStart !== undefined ? ringStart : agent.since;
  const forMs = Math.max(0, now - since);
  let reason: AttentionReason;
  switch (agent.state) {
    case 'ringing':
      reason = isPastRingLimit(forMs, norms) ? 'ringingPastLimit' : 'ringing';
      break;
    case 'paused':
      reason = 'paused';
      break;
    case 'wrap_up':
      reason = forMs > wrapUpLimitMs(norms) ? 'wrapUpPastLimit' : 'none';
      break;
    case 'offline':
      reason = 'offline';
      break;
    default:
      reason = 'none';
  }
  return { reason, level: LEVEL[reason], forMs };
}

const RANK = Object.fromEntries(ATTENTION_REASONS.map((r, i) => [r, i])) as Record<AttentionReason, number>;

/** Board order: by reason (above), the longest in it first, then by id so the order is stable. */
export function byAttention<T extends { agentId: string; attention: AgentAttention }>(a: T, b: T): number {
  return RANK[a.attention.reason] - RANK[b.attention.reason] || b.attention.forMs - a.attention.forMs || a.agentId.localeCompare(b.agentId);
}
