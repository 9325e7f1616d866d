/** `npm run source:add -- --name pbx-1 [--hmac]`: prints the API key (and HMAC secret) once. */
import { parseArgs } from 'node:util';
import { fail, openCli } from './cli-context.js';

const { values } = parseArgs({ options: { name: { type: 'string' }, hmac: { type: 'boolean' } } });
if (!values.name) fail('usage: npm run source:add -- --name <source> [--hmac]');
const cli = await openCli('obzor-source-add');
try {
  const created = await cli.sources.create(values.name, { hmac: !!values.hmac });
  console.log(`source ${values.name}: keep these now, they are not shown again`);
  console.log(`API key:     ${created.apiKey}`);
  if (created.hmacSecret) console.log(`HMAC secret: ${created.hmacSecret}`);
} catch (e) {
  fail((e as Error).message);
} finally {
  await cli.close();
}
