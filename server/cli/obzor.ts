/**
 * `npm run obzor -- <command> [options]`: the operator's commands in one entry point
 * (server/cli/obzor-commands.ts); `npm run obzor -- --help` lists them. The old scripts
 * (`npm run user:add -- …`) are aliases of it.
 */
import { runObzor } from './obzor-commands.js';

const code = await runObzor(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
});
// what was written reaches its reader first; then nothing (a Redis reconnect timer) may hold the process
const flushed = (s: NodeJS.WriteStream) => new Promise<void>((resolve) => s.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
