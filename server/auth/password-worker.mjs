/**
 * One password-hashing thread of server/auth/password-pool.ts: bcrypt (bcryptjs) runs here,
 * synchronously, so the main thread never spends a quarter of a second on a login.
 * Plain JavaScript, so that it starts the same under tsx, vitest and plain node.
 * in:  { id, op: 'hash', password, cost } | { id, op: 'verify', password, hash }
 * out: { id, value } | { id, error }
 */
import { parentPort } from 'node:worker_threads';
import bcrypt from 'bcryptjs';

parentPort.on('message', (job) => {
  try {
    const value = job.op === 'hash' ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash);
    parentPort.postMessage({ id: job.id, value });
  } catch (e) {
    parentPort.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
