/**
 * The syntax of every entity id of the contract (calls, appeals, conflicts, operators, queues,
 * actors): 1–128 of letters, digits and `. _ : @ / -` (docs/events-v1.md). The contract's
 * schema (shared/events.ts `EntityId`), the routes that take an id in the path or the query,
 * and the Asterisk adapters that turn PBX names into ids all check it here.
 * No zod here: the adapters and the client may import it without the contract.
 */
export const ENTITY_ID_MAX = 128;
/** the characters; the length is checked apart, so the contract can say which of the two is wrong */
export const ENTITY_ID_CHARS = /^[A-Za-z0-9._:@/-]+$/;
/** the rule in words, for messages */
export const ENTITY_ID_RULE = `1–${ENTITY_ID_MAX} chars of ${ENTITY_ID_CHARS.source.slice(1, -2)}`;

export function isEntityId(s: string): boolean {
  return s.length >= 1 && s.length <= ENTITY_ID_MAX && ENTITY_ID_CHARS.test(s);
}
