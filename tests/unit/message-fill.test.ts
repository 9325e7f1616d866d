/** The wall's per-update texts filled into messages worked out once (useMessageFill) say what vue-i18n says. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillMessage, messageParts } from '../../client/src/composables/useMessageFill.js';
import { createWallI18n } from '../../client/src/i18n/index.js';

/** every message the wall fills this way, with its values */
const FILLED: [string, string[]][] = [
  ['queues.total', ['n']],
  ['queues.hidden', ['n', 'waiting']],
  ['queues.page', ['page', 'pages']],
  ['queues.quiet', ['n']],
  ['units.seconds', ['n']],
  ['today.ringingNow', ['n', 'rings']],
  ['agents.loggedIn', ['n']],
  ['header.asOf', ['time']],
];

describe('messages filled with values', () => {
  it('equal vue-i18n with the same values, in Russian and English', () => {
    for (const lang of ['ru', 'en'] as const) {
      const t = createWallI18n(lang).global.t as unknown as (key: string, named?: Record<string, unknown>) => string;
      for (const [key, names] of FILLED) {
        const parts = messageParts(t, key, names);
        // every value has its place (a message without one would be the wrong kind for this)
        expect(parts.length, key).toBe(names.length * 2 + 1);
        fc.assert(
          fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 1e6 }).map(String), fc.string({ maxLength: 12 })), { minLength: names.length, maxLength: names.length }), (vals) => {
            const values = Object.fromEntries(names.map((n, i) => [n, vals[i]!]));
            expect(fillMessage(parts, names, values)).toBe(t(key, values));
          }),
          { numRuns: 50 },
        );
      }
    }
  });
});
