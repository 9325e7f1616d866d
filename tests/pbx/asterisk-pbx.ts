/**
 * A real Asterisk 22.10.1 for `npm run test:pbx`: built once from the shared vendor tarball
 * (`../shared/tools/asterisk/build.sh`, 3–5 min on 2 cores) into a cache outside the clone
 * (`/var/tmp/obzor-asterisk`, or OBZOR_ASTERISK_DIR), then started per run from a private copy
 * of its configuration — its own AMI port, run directory and queue_log — as a child process we
 * stop by its pid.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { waitUntil } from '../helpers/wait-until.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** the shared tools next to the clone (`../shared` of the repository), or OBZOR_ASTERISK_TOOLS */
export const TOOLS = resolve(process.env.OBZOR_ASTERISK_TOOLS ?? join(ROOT, '..', 'shared', 'tools', 'asterisk'));
export const CACHE = resolve(process.env.OBZOR_ASTERISK_DIR ?? '/var/tmp/obzor-asterisk');

export interface BuildResult {
  dir: string;
  /** seconds the build took; 0 when the cache already had it */
  builtSeconds: number;
}

/** builds Asterisk into the cache unless it is there; one build at a time on this machine (flock) */
export async function ensureAsterisk(log: (s: string) => void = () => undefined): Promise<BuildResult> {
  const binary = join(CACHE, 'root', 'usr', 'local', 'sbin', 'asterisk');
  if (existsSync(binary) && existsSync(join(CACHE, 'etc', 'asterisk.conf'))) return { dir: CACHE, builtSeconds: 0 };
  if (!existsSync(join(TOOLS, 'build.sh'))) throw new Error(`no Asterisk build script at ${TOOLS} (set OBZOR_ASTERISK_TOOLS)`);
  mkdirSync(CACHE, { recursive: true });
  log(`building Asterisk into ${CACHE} (3–5 min the first time)…`);
  const started = Date.now();
  await run('flock', [`${CACHE}.lock`, join(TOOLS, 'build.sh'), CACHE], { maxBuffer: 16 * 1024 * 1024, timeout: 25 * 60_000 });
  const builtSeconds = Math.round((Date.now() - started) / 1000);
  log(`Asterisk built in ${builtSeconds} s`);
  return { dir: CACHE, builtSeconds };
}

export interface Pbx {
  amiPort: number;
  queueLog: string;
  pid: number;
  /** `asterisk -rx` against this instance */
  cli(command: string): Promise<string>;
  /** stops it (core stop now, then SIGKILL of our pid) and removes its directory */
  stop(): Promise<void>;
  output(): string;
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      done(true);
    });
    s.on('error', () => done(false));
  });
}

/** a private instance of the built Asterisk: config copied with its own paths and AMI port */
export async function startPbx(dir: string, amiPort: number): Promise<Pbx> {
  const home = mkdtempSync(join(tmpdir(), 'obzor-pbx-'));
  const etc = join(home, 'etc');
  const runDir = join(home, 'run');
  mkdirSync(etc);
  for (const sub of ['cache', 'db', 'log', 'run', 'spool']) mkdirSync(join(runDir, sub), { recursive: true });
  for (const name of readdirSync(join(dir, 'etc'))) {
    const text = readFileSync(join(dir, 'etc', name), 'utf8')
      .replaceAll(`${dir}/run`, runDir)
      .replaceAll(`${dir}/etc`, etc)
      .replace(/^port = \d+$/m, `port = ${amiPort}`);
    writeFileSync(join(etc, name), text);
  }
  const binary = join(dir, 'root', 'usr', 'local', 'sbin', 'asterisk');
  const env = { ...process.env, LD_LIBRARY_PATH: join(dir, 'root', 'usr', 'local', 'lib') };
  const conf = join(etc, 'asterisk.conf');
  let out = '';
  const proc: ChildProcess = spawn(binary, ['-C', conf, '-f', '-n', '-q'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  proc.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  await waitUntil(
    async () => {
      if (proc.exitCode !== null) throw new Error(`Asterisk exited: ${out.slice(-2000)}`);
      return portOpen(amiPort);
    },
    `Asterisk to open AMI on ${amiPort}`,
    60_000,
    100,
  ).catch((e: Error) => {
    throw new Error(`${e.message}: ${out.slice(-2000)}`);
  });
  const cli = async (command: string) => (await run(binary, ['-C', conf, '-rx', command], { env })).stdout;
  // AMI listens before the modules (app_queue) are loaded: wait for the whole boot
  await run(binary, ['-C', conf, '-rx', 'core waitfullybooted'], { env, timeout: 60_000 });
  return {
    amiPort,
    queueLog: join(runDir, 'log', 'queue_log'),
    pid: proc.pid!,
    cli,
    output: () => out,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        await cli('core stop now').catch(() => undefined);
        const hard = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(hard);
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
