/** Issue 16: the console marks a lost caller called back (docs/kpis.md, "Lost calls to call back"). */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { LostCallBackResponse } from '../../shared/api.js';
import { LostCallOutcome } from '../../shared/events.js';
import { displayActor } from '../../shared/roles.js';
import { formatIssues } from '../../shared/validation-error.js';
import { principalOf } from '../auth/http-auth.js';
import { principalSites, type Principal } from '../auth/principal.js';
import { callFacts } from '../domain/call-fold.js';
import { decideLostCallBack, type LostCallRefusalReason } from '../domain/lost-call-commands.js';
import type { CallEvent } from '../../shared/events.js';
import { invalid, notFound, Problem, type ProblemKind } from './problems.js';
import { ApiRouter } from './api-router.js';
import type { RouteModule } from './http-deps.js';

const Body = z.object({ outcome: LostCallOutcome }).strict();

const KIND_OF: Readonly<Record<LostCallRefusalReason | 'invalid', ProblemKind>> = { invalid: 'invalid', not_found: 'not_found', closed: 'conflict' };

const actorOf = (p: Principal) => (p.kind === 'user' ? p.login : displayActor(p.name));

/** a retried click (same Idempotency-Key, same person, same call, same outcome) is one mark */
function markEventId(site: string, callId: string, outcome: string, actor: string, key: string): string {
  return `lost:${createHash('sha256').update(JSON.stringify([site, callId, outcome, actor, key])).digest('hex').slice(0, 40)}`;
}

export const lostCallsRoutes: RouteModule<'ingest' | 'sites' | 'guards' | 'clock'> = (deps) => {
  const r = new ApiRouter('/api/v1/lost-calls', deps.guards);
  const siteIds = deps.sites.all().map((s) => s.id);

  r.serve('lostCallBack', async (req, res) => {
    const p = principalOf(res)!;
    const { site, callId } = req.params;
    const config = deps.sites.get(site);
    if (!config || !principalSites(p, siteIds).includes(site)) throw notFound(`site ${site} is not yours or not known`);
    const body: unknown = req.body ?? {};
    const parsed = Body.safeParse(body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, body));
    const outcome = parsed.data.outcome;
    const key = req.get('idempotency-key');
    const actor = actorOf(p);
    const eventId = key && /^[A-Za-z0-9._:-]{1,100}$/.test(key) ? markEventId(site, callId, outcome, actor, key) : `lost:${randomUUID()}`;
    const result = await deps.ingest.command(site, 'call', callId, (record) => {
      const earlier = record?.events.find((e) => e.id === eventId);
      return earlier ?? decideLostCallBack(record?.events, outcome, { site, callId, actor, eventId, now: deps.clock(), shortAbandonSeconds: config.norms.shortAbandonSeconds });
    });
    if ('refused' in result) throw new Problem(KIND_OF[result.reason], result.refused);
    const f = result.record ? callFacts(result.record.events as CallEvent[]) : undefined;
    const answer: LostCallBackResponse = { status: 'applied' in result ? 'applied' : 'duplicate', open: !f?.lostClosed, attempts: f?.lostAttempts ?? 0 };
    res.json(answer);
  });
  return r;
};
