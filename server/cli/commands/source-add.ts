/** `source:add`: an ingest API key (and HMAC secret) for a sender, printed once. */
import { SOURCE_NAME } from '../../auth/source-credentials.js';
import { INVOKE, parseCommand, type CliCommand } from '../cli-command.js';
import { cliConfig, openCli } from '../cli-context.js';
import { usageError } from '../cli-errors.js';

const NAME = 'source:add';
const OPTIONS = {
  name: { type: 'string', value: 'NAME', help: "the sender's name, as events and metrics name it: 1–64 characters of a-z 0-9 . _ - (required)" },
  hmac: { type: 'boolean', help: 'also an HMAC secret, for a sender that signs its requests (docs/security.md)' },
} as const;

export const sourceAdd: CliCommand = {
  name: NAME,
  summary: 'create an ingest API key (and HMAC secret) for a sender, shown once',
  synopsis: '--name NAME [--hmac]',
  about: [
    'Creates the API key a sender posts events with (Authorization: Bearer KEY), and with --hmac a',
    'secret to sign its requests. They are printed once and stored only as hashes. Run again for',
    'an existing name, it replaces the key: the old one stops working at once.',
  ],
  options: OPTIONS,
  examples: [`${INVOKE} ${NAME} --name pbx-1`, `${INVOKE} ${NAME} --name crm --hmac`],
  async run(argv, io) {
    const { values } = parseCommand(NAME, OPTIONS, argv);
    if (values.name === undefined) throw usageError(`${NAME}: --name is needed; see ${INVOKE} ${NAME} --help`);
    if (!SOURCE_NAME.test(values.name)) throw usageError(`${NAME}: --name: expected 1–64 characters of a-z 0-9 . _ - (starting with a letter or digit), got "${values.name}"`);
    const cli = await openCli(NAME, cliConfig(NAME, io.env));
    try {
      const existed = (await cli.redis.exists(cli.keys.auth(`source:${values.name}`))) === 1;
      const created = await cli.sources.create(values.name, { hmac: !!values.hmac });
      io.out(`source ${values.name}: keep these now, they are not shown again${existed ? ' (its previous key no longer works)' : ''}`);
      io.out(`API key:     ${created.apiKey}`);
      if (created.hmacSecret) io.out(`HMAC secret: ${created.hmacSecret}`);
    } finally {
      await cli.close();
    }
  },
};
