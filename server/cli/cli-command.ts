/**
 * What an operator command is (`npm run obzor -- <command> [options]`, server/cli/obzor.ts): its
 * options — parsed strictly with node:util parseArgs, so a typo is an error, not ignored — and the
 * help it prints. Pure, no I/O: the help texts and the parse errors are unit-tested.
 */
import { parseArgs } from 'node:util';
import { exitCodesHelp, usageError } from './cli-errors.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** how the value is shown in help: `--sites a,b` */
  value?: string;
  help: string;
}
export type OptionSpecs = Record<string, OptionSpec>;

/** What a command may read and write; the real process's streams, or a test's. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** prints one line on stdout */
  out(line: string): void;
  /** progress (a bar on a terminal) goes to stderr, never to stdout */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** for prompts (a password asked twice) */
  stdout: NodeJS.WritableStream;
}

export interface CliCommand {
  name: string;
  /** one line for the list of commands */
  summary: string;
  /** what follows `npm run obzor -- <name>` in the usage line */
  synopsis: string;
  /** what it does, a few lines */
  about: readonly string[];
  positionals?: readonly { name: string; help: string }[];
  options: OptionSpecs;
  examples: readonly string[];
  /** it may end with 4 (refused) */
  mayRefuse?: boolean;
  run(argv: string[], io: CliIo): Promise<void>;
}

export const INVOKE = 'npm run obzor --';

export type OptionValues<O extends OptionSpecs> = { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };

/** `--help` or `-h` before any `--`. */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

const quoted = /'([^']+)'/;

/** node:util parseArgs's error, as the operator should read it (without its advice on positionals). */
export function describeParseError(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const message = err.message ?? String(e);
  const first = quoted.exec(message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${first ?? message}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${first ?? message}"`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      // "Option '-n, --name <value>' argument missing" → --name
      const option = /--[\w-]+/.exec(first ?? message)?.[0] ?? first ?? message;
      if (/does not take an argument/.test(message)) return `${option} takes no value`;
      if (/ambiguous/.test(message)) return `${option} needs a value (a value starting with "-" is written ${option}=-…)`;
      return `${option} needs a value`;
    }
    default:
      return message.split('\n')[0]!;
  }
}

/** The command's options, or a usage error (exit 2) naming the bad one and where the help is. */
export function parseCommand<O extends OptionSpecs>(command: string, options: O, argv: string[], allowPositionals = false): { values: OptionValues<O>; positionals: string[] } {
  const config = Object.fromEntries(Object.entries(options).map(([k, o]) => [k, { type: o.type, ...(o.short ? { short: o.short } : {}) }]));
  try {
    const { values, positionals } = parseArgs({ args: argv, options: config, strict: true, allowPositionals });
    return { values: values as OptionValues<O>, positionals };
  } catch (e) {
    throw usageError(`${command}: ${describeParseError(e)}; see ${INVOKE} ${command} --help`);
  }
}

/** `--sites a,b` → ['a', 'b'] (blanks dropped) */
export function listValue(v: string | undefined): string[] {
  return v === undefined ? [] : v.split(',').map((s) => s.trim()).filter(Boolean);
}

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'this help' };

function table(rows: [string, string][], indent = '  '): string[] {
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return rows.map(([l, r]) => `${indent}${l.padEnd(width)}${r}`);
}

/** `npm run obzor -- <command> --help`: usage, what it does, options, examples, exit codes. */
export function commandHelp(cmd: CliCommand): string {
  const options = Object.entries({ ...cmd.options, help: HELP_OPTION }).map(([name, o]): [string, string] => [
    `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`,
    o.help,
  ]);
  return [
    `Usage: ${INVOKE} ${cmd.name}${cmd.synopsis ? ` ${cmd.synopsis}` : ''}`,
    '',
    ...cmd.about,
    ...(cmd.positionals?.length ? ['', 'Arguments:', ...table(cmd.positionals.map((p) => [p.name, p.help]))] : []),
    '',
    'Options:',
    ...table(options),
    '',
    cmd.examples.length > 1 ? 'Examples:' : 'Example:',
    ...cmd.examples.map((e) => `  ${e}`),
    '',
    'Redis: REDIS_URL (default redis://127.0.0.1:6379) and OBZOR_KEY_PREFIX, as the server has them.',
    exitCodesHelp(!!cmd.mayRefuse),
  ].join('\n');
}

/** `npm run obzor -- --help`: every command in one line. */
export function overviewHelp(cmds: readonly CliCommand[]): string {
  return [
    `Usage: ${INVOKE} <command> [options]`,
    '',
    "Obzor's operator commands:",
    ...table([...cmds.map((c): [string, string] => [c.name, c.summary]), ['help [command]', 'this list, or the usage of one command']]),
    '',
    `${INVOKE} <command> --help shows a command's options, what it does and an example.`,
    'They use the Redis of REDIS_URL, or redis://127.0.0.1:6379 when it is unset, and OBZOR_KEY_PREFIX,',
    'OBZOR_SITES_FILE as the server has them. With REDIS_URL unset they also find the private',
    'redis-server npm start runs on this data dir (OBZOR_DATA_DIR), while it runs (docs/operations.md).',
    exitCodesHelp(true),
  ].join('\n');
}
