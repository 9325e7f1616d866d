import bcrypt from 'bcryptjs';
import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { PasswordPool, PasswordPoolBusyError } from '../../server/auth/password-pool.js';

const pools: PasswordPool[] = [];
const pool = (size: number, maxQueue?: number) => {
  const p = new PasswordPool(size, maxQueue);
  pools.push(p);
  return p;
};
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe('password pool: bcrypt off the event loop, capped', () => {
  it('verifies hashes written before it ($2a$ and $2b$), and its own', async () => {
    const p = pool(1);
    const a = bcrypt.hashSync('old password one', 4);
    const b = a.replace(/^\$2a\$/, '$2b$');
    expect(a.startsWith('$2a$') || a.startsWith('$2b$')).toBe(true);
    expect(await p.verify('old password one', a)).toBe(true);
    expect(await p.verify('old password one', b)).toBe(true);
    expect(await p.verify('wrong', a)).toBe(false);
    const own = await p.hash('new password here', 5);
    expect(bcrypt.getRounds(own)).toBe(5);
    expect(bcrypt.compareSync('new password here', own)).toBe(true);
  });

  it('checks in worker threads, never the main one, and leaves the event loop free meanwhile', async () => {
    const p = pool(2);
    // cost 12: each takes a quarter of a second or more, far longer than one turn of the loop
    const hashes = Promise.all([p.hash('x'.repeat(20), 12), p.hash('y'.repeat(20), 12)]);
    let settled = false;
    void hashes.then(() => (settled = true));
    // a turn of the event loop taken after the checks started comes before they end
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    await hashes;
    const { threads } = p.stats();
    expect(threads).toHaveLength(2);
    expect(threads).not.toContain(threadId);
  });

  it('runs at most `size` checks at once; the rest wait, and all get their answer', async () => {
    const p = pool(2);
    const hash = bcrypt.hashSync('the password', 6);
    const peaks: number[] = [];
    const checks = Array.from({ length: 7 }, (_, i) =>
      p.verify(i % 2 ? 'the password' : 'wrong', hash).then((ok) => {
        peaks.push(p.stats().running);
        return ok;
      }),
    );
    expect(p.stats()).toMatchObject({ running: 2, queued: 5 });
    expect(await Promise.all(checks)).toEqual([false, true, false, true, false, true, false]);
    expect(Math.max(...peaks)).toBeLessThanOrEqual(2);
    expect(p.stats()).toMatchObject({ running: 0, queued: 0 });
  });

  it('refuses beyond its queue instead of queueing without end', async () => {
    const p = pool(1, 2);
    const hash = bcrypt.hashSync('the password', 4);
    const accepted = [p.verify('a', hash), p.verify('b', hash), p.verify('c', hash)];
    await expect(p.verify('d', hash)).rejects.toBeInstanceOf(PasswordPoolBusyError);
    expect(await Promise.all(accepted)).toEqual([false, false, false]);
  });

  it('a failing check rejects only itself', async () => {
    const p = pool(1);
    await expect(p.verify(42 as unknown as string, 'not a hash')).rejects.toThrow(/Illegal arguments/);
    expect(await p.verify('the password', bcrypt.hashSync('the password', 4))).toBe(true);
  });
});
