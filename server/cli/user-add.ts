/**
 * `npm run user:add -- --login boss --role admin [--sites a,b]`
 * The password is asked for (hidden) or read from stdin with `--password-stdin`; never an argument.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { formatIssues } from '../../shared/validation-error.js';
import { fail, openCli } from './cli-context.js';

const { values } = parseArgs({ options: { login: { type: 'string' }, role: { type: 'string' }, sites: { type: 'string' }, 'password-stdin': { type: 'boolean' } } });
if (!values.login || !values.role) fail('usage: npm run user:add -- --login <login> --role wall|duty|manager|admin [--sites a,b] [--password-stdin]');

async function readPassword(): Promise<string> {
  if (values['password-stdin'] || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').trim();
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  process.stdout.write('Password (12+ characters): ');
  out._writeToOutput = () => undefined; // hide typing
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

const password = await readPassword();
const cli = await openCli('obzor-user-add');
try {
  const sites = values.sites ? values.sites.split(',') : [];
  const unknown = sites.filter((s) => !cli.config.sites.some((x) => x.id === s));
  if (unknown.length) fail(`--sites: unknown site(s) ${unknown.join(', ')}`);
  const user = await cli.users.create({ login: values.login, role: values.role as never, password, sites });
  console.log(`created ${user.role} ${user.login}${sites.length ? ` for ${sites.join(', ')}` : ''}`);
} catch (e) {
  if (e instanceof ZodError) fail(formatIssues(e.issues, { login: values.login, role: values.role, password: '…' }));
  fail((e as Error).message);
} finally {
  await cli.close();
}
