/** What an admin types as a list ("kholmsk, korsakov" or one per line) as the list of its items. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}
