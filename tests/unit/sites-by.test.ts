/**
 * The wall's figures that read only some parts of each site (useWallFigures: sitesBy) come out as
 * if worked out afresh from the current sites, whatever the updates changed — and are not worked
 * out again when an update changed nothing they read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computed, shallowRef } from 'vue';
import type { SiteState } from '../../shared/snapshot.js';
import { sitesBy } from '../../client/src/composables/sitesBy.js';

type Toy = Pick<SiteState, 'site'> & { agents: { n: number }[]; calls: { n: number }[] };
const site = (id: string, agents: number, calls: number): Toy => ({ site: id, agents: [{ n: agents }], calls: [{ n: calls }] });

describe('figures over some parts of the sites', () => {
  it('equal the figure of the current sites after any updates, and are worked out only when their parts change', () => {
    const step = fc.record({ site: fc.constantFrom('a', 'b', 'c'), part: fc.constantFrom('agents', 'calls', 'none', 'drop', 'add'), n: fc.integer({ min: 0, max: 5 }) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const sites = shallowRef<Toy[]>([site('a', 1, 1), site('b', 2, 2)]);
        let runs = 0;
        const byAgents = sitesBy(() => sites.value as unknown as SiteState[], (s) => [s.site, s.agents]);
        const figure = computed(() => {
          runs += 1;
          return byAgents.value.map((s) => `${s.site}:${(s.agents as unknown as Toy['agents'])[0]!.n}`).join(',');
        });
        const fresh = () => sites.value.map((s) => `${s.site}:${s.agents[0]!.n}`).join(',');
        expect(figure.value).toBe(fresh());
        for (const st of steps) {
          const before = runs;
          const was = figure.value;
          const i = sites.value.findIndex((s) => s.site === st.site);
          const next = [...sites.value];
          if (st.part === 'drop' && i >= 0) next.splice(i, 1);
          else if (st.part === 'add' && i < 0) next.push(site(st.site, st.n, st.n));
          else if (i >= 0 && st.part === 'agents') next[i] = { ...next[i]!, agents: [{ n: st.n }] };
          else if (i >= 0 && st.part === 'calls') next[i] = { ...next[i]!, calls: [{ n: st.n }] };
          else if (i >= 0) next[i] = { ...next[i]! };
          sites.value = next;
          expect(figure.value).toBe(fresh());
          // sites and their agents the same objects: not worked out again
          const same = next.length === was.split(',').filter(Boolean).length && (st.part === 'calls' || st.part === 'none');
          if (same && i >= 0) expect(runs).toBe(before);
        }
      }),
    );
  });
});
