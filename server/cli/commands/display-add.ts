/**
 * `display:add`: a wall display token and its kiosk URL, printed once. The layout flags
 * (server/cli/display-layout-flags.ts) set what the wall shows; an admin can change them later
 * (PATCH /api/v1/admin/display-tokens/:id), live.
 */
import { INVOKE, listValue, parseCommand, type CliCommand } from '../cli-command.js';
import { checkSites, cliConfig, openCli } from '../cli-context.js';
import { usageError } from '../cli-errors.js';
import { LAYOUT_FLAGS, LAYOUT_USAGE, layoutFromFlags } from '../display-layout-flags.js';

const NAME = 'display:add';
const OPTIONS = {
  name: { type: 'string', value: 'NAME', help: "the display's name, as admins see it (required)" },
  sites: { type: 'string', value: 'a,b', help: 'the sites it shows (ids of OBZOR_SITES_FILE); default: all' },
  'base-url': { type: 'string', value: 'URL', help: "the server's address as the kiosk reaches it; default http://localhost:PORT" },
  ...LAYOUT_FLAGS,
} as const;

export const displayAdd: CliCommand = {
  name: NAME,
  summary: 'create a wall display token and print its kiosk URL (and layout), shown once',
  synopsis: `--name NAME [--sites a,b] ${LAYOUT_USAGE} [--base-url URL]`,
  about: [
    'Creates a display token for a wall screen and prints the URL to open once in its kiosk browser',
    '(the token travels in the fragment, #token=…, and is not shown again). The layout flags set what',
    'the wall shows; an admin can change them later, live (docs/screens.md).',
  ],
  options: OPTIONS,
  examples: [`${INVOKE} ${NAME} --name "Зал 1" --sites yuzhno-sakhalinsk --theme light --text-scale 1.25 --base-url https://obzor.example`],
  async run(argv, io) {
    const { values } = parseCommand(NAME, OPTIONS, argv);
    if (values.name === undefined || values.name.trim() === '') throw usageError(`${NAME}: --name is needed; see ${INVOKE} ${NAME} --help`);
    const layout = layoutFromFlags(values);
    if ('error' in layout) throw usageError(`${NAME}: ${layout.error}`);
    const base = values['base-url'];
    if (base !== undefined && !/^https?:\/\/[^/\s]+/.test(base)) throw usageError(`${NAME}: --base-url: expected http(s)://host[:port], got "${base}"`);
    const config = cliConfig(NAME, io.env);
    const sites = listValue(values.sites);
    checkSites(NAME, '--sites', sites, config);
    const cli = await openCli(NAME, config);
    try {
      const { display, token } = await cli.displays.create(values.name, sites, undefined, { layout: layout.layout });
      io.out(`display ${display.name} (${display.id}): open this URL once in the kiosk; it is not shown again`);
      io.out(`${(base ?? `http://localhost:${config.port}`).replace(/\/+$/, '')}/wall#token=${token}`);
    } finally {
      await cli.close();
    }
  },
};
