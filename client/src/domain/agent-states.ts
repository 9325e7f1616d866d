/** Operators by state, in the order the wall shows them. */
import type { AgentLive } from '@shared/snapshot.js';

export type AgentStateName = AgentLive['state'];

export const AGENT_STATES = ['available', 'ringing', 'on_call', 'wrap_up', 'paused', 'offline'] as const satisfies readonly AgentStateName[];

// compile-time check that the list above names every state of the contract
type Missing = Exclude<AgentStateName, (typeof AGENT_STATES)[number]>;
const _allStatesListed: [Missing] extends [never] ? true : Missing = true;
void _allStatesListed;

export type AgentCounts = Record<AgentStateName, number>;

export function countAgentsByState(agents: readonly AgentLive[]): AgentCounts {
  const counts = Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as AgentCounts;
  for (const a of agents) counts[a.state] = (counts[a.state] ?? 0) + 1;
  return counts;
}

/** Operators logged in (everyone but `offline`). */
export function loggedIn(counts: AgentCounts): number {
  return AGENT_STATES.reduce((n, s) => (s === 'offline' ? n : n + counts[s]), 0);
}
