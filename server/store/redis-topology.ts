/**
 * Issue 18: the Redis Obzor runs on besides one server at REDIS_URL — a Redis Cluster, or a
 * master with replicas that Redis Sentinel fails over (docs/operations.md "Topologies").
 */
export interface HostPort {
  host: string;
  port: number;
}

export type RedisTopology =
  | { kind: 'cluster'; nodes: HostPort[]; password?: string }
  | { kind: 'sentinel'; sentinels: HostPort[]; master: string; password?: string };

/** for logs and the start-up banner */
export function describeTopology(t: RedisTopology): string {
  const list = (xs: HostPort[]) => xs.map((x) => `${x.host}:${x.port}`).join(', ');
  return t.kind === 'cluster' ? `Redis Cluster (${list(t.nodes)})` : `Redis Sentinel "${t.master}" (${list(t.sentinels)})`;
}
