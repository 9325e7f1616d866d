/**
 * Issue 18: a pipeline that also works on Redis Cluster. ioredis sends a cluster pipeline to one
 * node and refuses one whose keys live on several; ours mix sites (one slot each, keys.ts) in
 * one round trip. On a Cluster this records the commands, sends one pipeline per slot, all at
 * once, and hands back the replies in the order the commands were given — so the callers are
 * the same on one Redis (where it is the plain pipeline) and on a Cluster.
 *
 * A command without a key (WAIT) goes with the command before it: `exists(k).wait(1, 500)`
 * waits on the node that holds `k`.
 */
import { exists as isKnownCommand, getKeyIndexes } from '@ioredis/commands';
import calculateSlot from 'cluster-key-slot';
import type { ChainableCommander, Cluster } from 'ioredis';
import { isCluster, type ObzorRedis } from './redis-client.js';

type Arg = string | number | Buffer;
interface Recorded {
  name: string;
  args: Arg[];
  slot: number | undefined;
}

/** our Lua commands (redis-client.ts): where their first key is */
const SCRIPT_FIRST_KEY: Readonly<Record<string, (args: Arg[]) => Arg | undefined>> = {
  // numkeys first (defined without numberOfKeys), then the keys
  applyEntity: (args) => (Number(args[0]) > 0 ? args[1] : undefined),
  updateUser: (args) => args[0],
  backfillRollup: (args) => (Number(args[0]) > 0 ? args[1] : undefined),
};

function slotOf(name: string, args: Arg[]): number | undefined {
  const script = SCRIPT_FIRST_KEY[name];
  if (script) {
    const key = script(args);
    return key === undefined ? undefined : calculateSlot(String(key));
  }
  if (!isKnownCommand(name)) return undefined;
  const [first] = getKeyIndexes(name, args);
  return first === undefined ? undefined : calculateSlot(String(args[first]));
}

export function slotPipeline(redis: ObzorRedis): ChainableCommander {
  if (!isCluster(redis)) return redis.pipeline();
  const recorded: Recorded[] = [];
  let last: number | undefined;
  const proxy: ChainableCommander = new Proxy({} as ChainableCommander, {
    get(_, prop) {
      if (prop === 'exec') return () => execBySlot(redis, recorded);
      if (prop === 'length') return recorded.length;
      // not a promise: `await pipeline` must not call a recorder
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      return (...args: Arg[]) => {
        const slot = slotOf(prop, args) ?? last;
        last = slot;
        recorded.push({ name: prop, args, slot });
        return proxy;
      };
    },
  });
  return proxy;
}

async function execBySlot(redis: Cluster, recorded: readonly Recorded[]): Promise<[Error | null, unknown][]> {
  const bySlot = new Map<number | undefined, number[]>();
  recorded.forEach((c, i) => {
    const list = bySlot.get(c.slot);
    if (list) list.push(i);
    else bySlot.set(c.slot, [i]);
  });
  const replies: [Error | null, unknown][] = new Array(recorded.length);
  await Promise.all(
    [...bySlot.values()].map(async (indexes) => {
      const pipe = redis.pipeline() as unknown as Record<string, (...a: Arg[]) => unknown> & ChainableCommander;
      for (const i of indexes) pipe[recorded[i]!.name]!(...recorded[i]!.args);
      const out = (await pipe.exec()) ?? [];
      indexes.forEach((i, k) => (replies[i] = out[k] ?? [new Error('no reply'), null]));
    }),
  );
  return replies;
}
