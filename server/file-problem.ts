/** Why a file given by an operator cannot be read, and what to do about it: `no such file — check the path`. */

const PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file — check the path',
  ENOTDIR: 'a part of the path is not a directory — check the path',
  EACCES: 'permission denied — run as a user who may read it, or copy it somewhere readable',
  EPERM: 'permission denied — run as a user who may read it, or copy it somewhere readable',
  EISDIR: 'it is a directory — give the file in it',
  ELOOP: 'too many symbolic links — give the real path',
  ENAMETOOLONG: 'the path is too long',
};

/** An error of node:fs as the fix it needs; else (a JSON syntax error…) its own message. */
export function fileProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return (code && PROBLEMS[code]) ?? (err instanceof Error ? err.message : String(err));
}

/** `cannot read <path>: <why> — <fix>` */
export function cannotRead(path: string, err: unknown): string {
  return `cannot read ${path}: ${fileProblem(err)}`;
}
