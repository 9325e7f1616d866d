/** A bare keep-alive HTTP POST (node:http): the least client overhead for load generation. */
import { Agent, request } from 'node:http';

export interface PostResult {
  status: number;
  body: string;
}

export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

export function postJson(agent: Agent, url: URL, headers: Record<string, string>, body: string | Buffer): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Counts the per-event statuses of an ingest answer `{results:[{status}]}`. */
export function countStatuses(body: string): Record<string, number> {
  const out: Record<string, number> = {};
  const parsed = JSON.parse(body) as { results?: { status: string }[] };
  for (const r of parsed.results ?? []) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}
