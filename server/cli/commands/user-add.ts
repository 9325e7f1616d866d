/**
 * `user:add`: a user who signs in to the staff views (the first admin, a manager…). The password
 * is asked twice on a terminal or read from stdin with `--password-stdin`; never an argument.
 */
import { ZodError } from 'zod';
import { ROLES } from '../../../shared/roles.js';
import { formatIssues } from '../../../shared/validation-error.js';
import { UserExistsError, NewUser } from '../../auth/user-store.js';
import { MIN_PASSWORD_LENGTH } from '../../auth/passwords.js';
import { askNewPassword, readPasswordFromStdin } from '../ask-password.js';
import { INVOKE, listValue, parseCommand, type CliCommand } from '../cli-command.js';
import { checkSites, cliConfig, openCli } from '../cli-context.js';
import { usageError } from '../cli-errors.js';

const NAME = 'user:add';
const OPTIONS = {
  login: { type: 'string', value: 'LOGIN', help: 'the login: 2–64 characters of a-z 0-9 . _ - (required)' },
  role: { type: 'string', value: ROLES.join('|'), help: 'what the user may do (required): wall, duty (queue health), manager (escalations, client data), admin (users, sources, tokens)' },
  sites: { type: 'string', value: 'a,b', help: 'the sites the user sees (ids of OBZOR_SITES_FILE); default: all' },
  'password-stdin': { type: 'boolean', help: 'read the password from stdin (for scripts); also when stdin is not a terminal' },
} as const;

export const userAdd: CliCommand = {
  name: NAME,
  summary: 'create a user of the staff views (asks for the password twice)',
  synopsis: `--login LOGIN --role ${ROLES.join('|')} [--sites a,b] [--password-stdin]`,
  about: [
    'Creates a user who signs in at /login. On a terminal the password is asked for twice, typing',
    `hidden (${MIN_PASSWORD_LENGTH}+ characters); with --password-stdin, or when stdin is not a terminal, it is read`,
    'from stdin. It is never an argument. An existing login is left as it is.',
  ],
  options: OPTIONS,
  examples: [`${INVOKE} ${NAME} --login boss --role admin`, `echo "$PASSWORD" | ${INVOKE} ${NAME} --login ivanova --role manager --sites kholmsk --password-stdin`],
  async run(argv, io) {
    const { values } = parseCommand(NAME, OPTIONS, argv);
    if (values.login === undefined || values.role === undefined) throw usageError(`${NAME}: --login and --role are needed; see ${INVOKE} ${NAME} --help`);
    if (!NewUser.shape.login.safeParse(values.login).success) throw usageError(`${NAME}: --login: expected 2–64 characters of a-z 0-9 . _ -, got "${values.login}"`);
    const role = NewUser.shape.role.safeParse(values.role);
    if (!role.success) throw usageError(`${NAME}: --role: expected one of ${ROLES.join(', ')}, got "${values.role}"`);
    const config = cliConfig(NAME, io.env);
    const sites = listValue(values.sites);
    checkSites(NAME, '--sites', sites, config);
    const cli = await openCli(NAME, config);
    try {
      // before the password is typed: it would be asked for in vain
      if (await cli.users.get(values.login)) throw usageError(`${NAME}: user ${values.login} already exists; nothing was changed`);
      const fromStdin = values['password-stdin'] || !io.stdin.isTTY;
      const password = fromStdin ? await readPasswordFromStdin(io.stdin) : await askNewPassword(NAME, { input: io.stdin, output: io.stdout }, MIN_PASSWORD_LENGTH);
      if (password.length < MIN_PASSWORD_LENGTH) throw usageError(`${NAME}: the password has ${password.length} characters, at least ${MIN_PASSWORD_LENGTH} are needed${fromStdin ? ' (read from stdin)' : ''}; nothing was created`);
      const user = await cli.users.create({ login: values.login, role: role.data, password, sites }).catch((e: unknown) => {
        if (e instanceof UserExistsError) throw usageError(`${NAME}: ${e.message}; nothing was changed`);
        if (e instanceof ZodError) throw usageError(`${NAME}: ${formatIssues(e.issues, { login: values.login, role: values.role, password: '…' })}; nothing was created`);
        throw e;
      });
      io.out(`created ${user.role} ${user.login}${sites.length ? ` for ${sites.join(', ')}` : ' for all sites'}`);
    } finally {
      await cli.close();
    }
  },
};
