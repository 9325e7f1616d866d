/**
 * The operator commands and how one is chosen and run: `obzor <command> [options]`, `--help`,
 * `help <command>`. Whatever goes wrong ends as one line on stderr and an exit code
 * (server/cli/cli-errors.ts), never a stack trace. The process wiring is in server/cli/obzor.ts.
 */
import { commandHelp, INVOKE, overviewHelp, wantsHelp, type CliCommand, type CliIo } from './cli-command.js';
import { CliError, EXIT, type ExitCode } from './cli-errors.js';
import { didYouMean } from './closest-names.js';
import { displayAdd } from './commands/display-add.js';
import { importQueueLogCommand } from './commands/import-queue-log.js';
import { rebuild } from './commands/rebuild.js';
import { rollupsBackfill } from './commands/rollups-backfill.js';
import { sourceAdd } from './commands/source-add.js';
import { userAdd } from './commands/user-add.js';

export const COMMANDS: readonly CliCommand[] = [userAdd, sourceAdd, displayAdd, rebuild, importQueueLogCommand, rollupsBackfill];

export interface ObzorIo extends CliIo {
  /** prints one line on stderr */
  err(line: string): void;
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

function find(name: string): CliCommand {
  const cmd = COMMANDS.find((c) => c.name === name);
  if (cmd) return cmd;
  const names = COMMANDS.map((c) => c.name);
  throw new CliError(`obzor: unknown command "${name}"${didYouMean(name, names)}; the commands: ${[...names, 'help'].join(', ')}; see ${INVOKE} --help`, EXIT.usage);
}

async function dispatch(argv: readonly string[], io: ObzorIo): Promise<void> {
  const [first, ...rest] = argv;
  if (first === undefined) throw new CliError(`obzor: which command? ${[...COMMANDS.map((c) => c.name), 'help'].join(', ')}; see ${INVOKE} --help`, EXIT.usage);
  if (first === '--help' || first === '-h') return io.out(overviewHelp(COMMANDS));
  if (first === 'help') {
    if (rest.length === 0) return io.out(overviewHelp(COMMANDS));
    if (rest.length > 1) throw new CliError(`obzor: help: one command at a time; see ${INVOKE} --help`, EXIT.usage);
    return io.out(commandHelp(find(rest[0]!)));
  }
  if (first.startsWith('-')) throw new CliError(`obzor: unknown option ${first.split('=')[0]}: the command comes first; see ${INVOKE} --help`, EXIT.usage);
  const cmd = find(first);
  if (wantsHelp(rest)) return io.out(commandHelp(cmd));
  try {
    await cmd.run([...rest], io);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${cmd.name}: failed: ${oneLine((e as Error)?.message ?? String(e))}`, EXIT.failed);
  }
}

/** Runs one command line; resolves with its exit code (0 done, 1 failed, 2 bad usage, 3 no Redis, 4 refused). */
export async function runObzor(argv: readonly string[], io: ObzorIo): Promise<ExitCode> {
  try {
    await dispatch(argv, io);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CliError) {
      io.err(oneLine(e.message));
      return e.exitCode;
    }
    io.err(`obzor: failed: ${oneLine((e as Error)?.message ?? String(e))}`);
    return EXIT.failed;
  }
}
