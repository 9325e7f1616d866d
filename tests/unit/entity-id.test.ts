/**
 * One syntax of entity ids (shared/entity-id.ts): the contract's schema, the routes that take
 * an id, and the Asterisk adapters accept exactly the same ids.
 */
import { describe, expect, it } from 'vitest';
import { ENTITY_ID_RULE, isEntityId } from '../../shared/entity-id.js';
import { EntityId } from '../../shared/events.js';
import { toEntityId } from '../../server/adapters/asterisk/entity-ids.js';

const valid = ['c-1', 'a', 'PJSIP/1127-0000002a', 'hint:1127@default', 'q.billing_2', 'x'.repeat(128)];
const invalid = ['', 'x'.repeat(129), 'two words', 'оператор', 'a#b', 'a;1'];

describe('entity ids', () => {
  it('are valid for the contract exactly when the one rule says so', () => {
    for (const id of [...valid, ...invalid]) expect(EntityId.safeParse(id).success, id).toBe(isEntityId(id));
    expect(valid.every(isEntityId)).toBe(true);
    expect(invalid.some(isEntityId)).toBe(false);
    expect(ENTITY_ID_RULE).toBe('1–128 chars of [A-Za-z0-9._:@/-]');
  });

  it('are kept as they are by the adapters when valid, and made valid otherwise', () => {
    for (const id of valid) expect(toEntityId(id)).toBe(id);
    for (const name of invalid.filter((s) => s.trim())) expect(isEntityId(toEntityId(name)), name).toBe(true);
  });
});
