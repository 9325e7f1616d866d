/** The managers' console API (N13): list, one with its timeline, and the actions. README, "API" */
import { createHash, randomUUID } from 'node:crypto';
import { ConflictAction, type ManagerList } from '../../shared/conflicts.js';
import { can, displayActor } from '../../shared/roles.js';
import { formatIssues } from '../../shared/validation-error.js';
import { principalOf } from '../auth/http-auth.js';
import { principalSites, type Principal } from '../auth/principal.js';
import { decideConflictAction, factsOf } from '../domain/conflict-commands.js';
import { conflictDetail } from '../domain/conflict-detail.js';
import { invalid, notFound, Problem, type ProblemKind } from './problems.js';
import type { RefusalReason } from '../domain/conflict-commands.js';
import { ApiRouter } from './api-router.js';
import type { RouteModule } from './http-deps.js';

/** why the domain or the contract refused an action → what that is on the wire */
const KIND_OF: Readonly<Record<RefusalReason | 'invalid', ProblemKind>> = {
  invalid: 'invalid',
  not_found: 'not_found',
  resolved: 'conflict',
  owned_by: 'conflict',
  yours: 'conflict',
  already_owner: 'conflict',
};

/**
 * A retried click's event id: the same key on the same action of the same manager on the same
 * escalation is one action; the same key anywhere else is another (a key is not global).
 */
export function actionEventId(site: string, conflictId: string, action: string, actor: string, key: string): string {
  return `mgr:${createHash('sha256').update(JSON.stringify([site, conflictId, action, actor, key])).digest('hex').slice(0, 40)}`;
}

const actorOf = (p: Principal) => (p.kind === 'user' ? p.login : displayActor(p.name));

export const conflictsRoutes: RouteModule<'store' | 'ingest' | 'reader' | 'users' | 'sites' | 'guards' | 'clock'> = (deps) => {
  const r = new ApiRouter('/api/v1/conflicts', deps.guards);
  const siteIds = deps.sites.all().map((s) => s.id);
  const allowedSite = (p: Principal, site: string) => principalSites(p, siteIds).includes(site);

  r.serve('conflicts', async (req, res) => {
    const p = principalOf(res)!;
    const sites = principalSites(p, siteIds).filter((s) => typeof req.query.site !== 'string' || req.query.site.split(',').includes(s));
    if (req.query.status === 'resolved') {
      const since = Number(req.query.since ?? deps.clock() - 7 * 86_400_000);
      const history = (await deps.reader.resolvedConflicts(sites)).filter((c) => c.resolvedAt >= since).sort((a, b) => b.resolvedAt - a.resolvedAt);
      return void res.set('Cache-Control', 'no-store').json({ conflicts: history });
    }
    const { states } = await deps.reader.sitesState(sites);
    const personal = can(p.role, 'view:personal-data');
    const open = states.flatMap((s) => s.conflicts.map((c) => ({ site: s.site, ...c, ...(personal ? {} : { summary: undefined, client: undefined }) })));
    res.set('Cache-Control', 'no-store').json({ conflicts: open });
  });

  /** who an escalation at `site` may be reassigned to: users who may act on conflicts there */
  const managersOf = async (sites: readonly string[]) =>
    (await deps.users.list()).filter((u) => can(u.role, 'act:conflicts') && (u.sites.length === 0 || u.sites.some((s) => sites.includes(s))));

  r.serve('managers', async (req, res) => {
    const p = principalOf(res)!;
    const site = typeof req.query.site === 'string' ? req.query.site : undefined;
    if (site !== undefined && !allowedSite(p, site)) throw notFound(`site ${site} is not yours or not known`);
    const users = await managersOf(site ? [site] : principalSites(p, siteIds));
    const body: ManagerList = { managers: users.map((u) => ({ login: u.login, role: u.role, sites: u.sites })).sort((a, b) => a.login.localeCompare(b.login)) };
    res.set('Cache-Control', 'no-store').json(body);
  });

  r.serve('conflict', async (req, res) => {
    const p = principalOf(res)!;
    const { site, conflictId } = req.params;
    if (!allowedSite(p, site)) throw notFound(`site ${site} is not yours or not known`);
    const record = await deps.store.entity(site, 'conflict', conflictId);
    const detail = record && conflictDetail(site, record, can(p.role, 'view:personal-data'));
    if (!detail) throw notFound(`conflict ${conflictId} is not known at ${site}`);
    res.set('Cache-Control', 'no-store').json(detail);
  });

  r.serve('conflictAction', async (req, res) => {
    const p = principalOf(res)!;
    const { site, conflictId, action } = req.params;
    if (!allowedSite(p, site)) throw notFound(`site ${site} is not yours or not known`);
    const body = { ...(typeof req.body === 'object' && req.body ? req.body : {}), action };
    const parsed = ConflictAction.safeParse(body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, body));
    if (parsed.data.action === 'reassign') {
      const wanted = parsed.data.to;
      if (!(await managersOf([site])).some((u) => u.login === wanted)) throw invalid(`to: expected the login of a manager of ${site}, got ${JSON.stringify(wanted)}`);
    }
    // a retried click carries the same Idempotency-Key and becomes a duplicate, not a second action
    const key = req.get('idempotency-key');
    const eventId = key && /^[A-Za-z0-9._:-]{1,100}$/.test(key) ? actionEventId(site, conflictId, parsed.data.action, actorOf(p), key) : `mgr:${randomUUID()}`;
    const result = await deps.ingest.command(site, 'conflict', conflictId, (record) => {
      // a retry of an action already taken is that action again (answered "duplicate"), not a new decision
      const earlier = record?.events.find((e) => e.id === eventId);
      return earlier ?? decideConflictAction(factsOf(record?.events), parsed.data, { site, conflictId, actor: actorOf(p), eventId, now: deps.clock() });
    });
    if ('refused' in result) throw new Problem(KIND_OF[result.reason], result.refused);
    res.json({ status: 'applied' in result ? 'applied' : 'duplicate', conflict: result.record && conflictDetail(site, result.record, true) });
  });
  return r;
};
