/** Issue 20: an audit entry's change in one line a person reads. */
import { describe, expect, it } from 'vitest';
import { auditChanges } from '../../client/src/domain/audit-diff.js';

describe('what an audit entry changed', () => {
  it('names each changed field, one level into a layout, and leaves the server-set times out', () => {
    expect(auditChanges({ login: 'ivanova', role: 'duty', sites: [], createdAt: 1 }, { login: 'ivanova', role: 'manager', sites: ['kholmsk'], createdAt: 1 })).toEqual(['role: duty → manager', 'sites: — → kholmsk']);
    expect(auditChanges({ name: 'Зал', layout: { theme: 'dark' } }, { name: 'Зал', layout: { theme: 'light', textScale: 1.25 } })).toEqual(['layout.theme: dark → light', 'layout.textScale: — → 1.25']);
    expect(auditChanges(undefined, { source: 'crm-1', hmac: false })).toEqual(['source: — → crm-1', 'hmac: — → false']);
    expect(auditChanges({ id: 'x', revokedAt: 5 }, { id: 'x' })).toEqual([]);
  });

  it('says what came and went between two lists, not both in full (a calendar year of a dozen dates)', () => {
    expect(auditChanges({ nonWorkingWeekdays: ['2027-01-01', '2027-01-02', '2027-01-04'], workingWeekendDays: [] }, { nonWorkingWeekdays: ['2027-01-01', '2027-01-04', '2027-12-31'], workingWeekendDays: ['2027-12-18'] })).toEqual([
      'nonWorkingWeekdays: +2027-12-31, −2027-01-02',
      'workingWeekendDays: — → 2027-12-18',
    ]);
    // only the order changed: both written out, as before
    expect(auditChanges({ sites: ['a', 'b'] }, { sites: ['b', 'a'] })).toEqual(['sites: a, b → b, a']);
    expect(auditChanges({ sites: ['a'] }, { sites: [] })).toEqual(['sites: a → —']);
  });
});
