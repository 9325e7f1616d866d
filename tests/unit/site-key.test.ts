/** One way to name a thing of one site across sites (shared/site-key.ts) and a display as an actor (shared/roles.ts). */
import { describe, expect, it } from 'vitest';
import { displayActor, isDisplayActor } from '../../shared/roles.js';
import { siteKey, splitSiteKey } from '../../shared/site-key.js';
import { openConflicts } from '../../client/src/domain/escalations.js';

describe('site keys', () => {
  it('split back into site and id, an id with `/` included', () => {
    for (const [site, id] of [['kholmsk', 'k-1'], ['yuzhno-sakhalinsk', 'PJSIP/1127'], ['okha', 'a/b/c']] as const) {
      expect(splitSiteKey(siteKey(site, id))).toEqual({ site, id });
    }
  });

  it("are the console's escalation keys", () => {
    const [c] = openConflicts([{ site: 'okha', norms: { conflictAckSeconds: 300 }, conflicts: [{ conflictId: 'k/1', agentId: 'op-1', severity: 'normal', raisedAt: 0, updatedAt: 0 }] }]);
    expect(c!.key).toBe(siteKey('okha', 'k/1'));
    expect(splitSiteKey(c!.key)).toEqual({ site: 'okha', id: 'k/1' });
  });
});

describe('display actors', () => {
  it('are told apart from people', () => {
    expect(displayActor('Зал 1')).toBe('display:Зал 1');
    expect(isDisplayActor(displayActor('hall'))).toBe(true);
    expect(isDisplayActor('ivanova')).toBe(false);
  });
});
