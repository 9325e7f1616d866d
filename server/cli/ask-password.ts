/**
 * A new password for `user:add`: asked twice on a terminal, typing hidden; or read from stdin
 * (`--password-stdin`, or whenever stdin is not a terminal) for scripts. Never an argument:
 * arguments show in `ps` and in shell history.
 */
import { createInterface } from 'node:readline';
import { CliError, EXIT, usageError } from './cli-errors.js';

export interface PasswordIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Asks for the password twice with the typing hidden; differing answers are a usage error. */
export async function askNewPassword(command: string, io: PasswordIo, minLength: number): Promise<string> {
  const rl = createInterface({ input: io.input, output: io.output, terminal: true });
  // readline echoes through _writeToOutput: while muted, only the prompt (redrawn after a backspace) and line ends go out
  const echo = rl as unknown as { _writeToOutput(s: string): void };
  const write = echo._writeToOutput.bind(rl);
  let muted = false;
  echo._writeToOutput = (s: string) => {
    if (!muted) return write(s);
    const prompt = rl.getPrompt();
    if (prompt && s.startsWith(prompt)) write(prompt);
    else if (/^\r?\n$/.test(s)) write(s);
  };
  const ask = (prompt: string) =>
    new Promise<string>((resolve, reject) => {
      const cancel = () => reject(new CliError(`${command}: cancelled; nothing was created`, EXIT.failed));
      rl.once('SIGINT', cancel);
      rl.once('close', cancel);
      muted = true;
      rl.question(prompt, (answer) => {
        rl.removeListener('SIGINT', cancel);
        rl.removeListener('close', cancel);
        resolve(answer);
      });
    });
  try {
    const first = await ask(`Password (${minLength}+ characters): `);
    if (first.length < minLength) throw usageError(`${command}: the password has ${first.length} characters, at least ${minLength} are needed; nothing was created`);
    const second = await ask('The same password again: ');
    if (first !== second) throw usageError(`${command}: the two passwords differ; nothing was created`);
    return first;
  } finally {
    muted = false;
    rl.close();
  }
}

/** The whole of stdin, without surrounding whitespace (`echo "$PASSWORD" | … --password-stdin`). */
export async function readPasswordFromStdin(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks).toString('utf8').trim();
}
