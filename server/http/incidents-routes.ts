/**
 * Issue 16: managers open, note and close incidents from the console. Each action becomes an
 * `incident.*` event through the same exactly-once ingest path a CRM or an outage system posts
 * to (POST /api/v1/events); a retried click (same Idempotency-Key) is the same action.
 */
import { createHash, randomUUID } from 'node:crypto';
import { IncidentAction, IncidentOpenRequest, type IncidentActionResponse } from '../../shared/incidents.js';
import type { IncidentEvent } from '../../shared/events.js';
import { formatIssues } from '../../shared/validation-error.js';
import { principalOf } from '../auth/http-auth.js';
import { principalSites } from '../auth/principal.js';
import { decideIncidentAction, decideIncidentOpen, type IncidentRefusalReason } from '../domain/incident-commands.js';
import { incidentFacts } from '../domain/incident-fold.js';
import type { EntityRecord } from '../store/event-store.js';
import { actorOf } from './audit-note.js';
import { ApiRouter } from './api-router.js';
import type { RouteModule } from './http-deps.js';
import { invalid, notFound, Problem, type ProblemKind } from './problems.js';

const KIND_OF: Readonly<Record<IncidentRefusalReason | 'invalid', ProblemKind>> = { invalid: 'invalid', not_found: 'not_found', closed: 'conflict', exists: 'conflict' };

/** the same key on the same action of the same person at the same site is one action */
function keyedId(prefix: string, parts: readonly string[], key: string | undefined): string {
  if (!key || !/^[A-Za-z0-9._:-]{1,100}$/.test(key)) return `${prefix}${randomUUID()}`;
  return `${prefix}${createHash('sha256').update(JSON.stringify([...parts, key])).digest('hex').slice(0, 32)}`;
}

function answer(site: string, incidentId: string, status: 'applied' | 'duplicate', record: EntityRecord | null): IncidentActionResponse {
  const f = record ? incidentFacts(record.events as IncidentEvent[]) : undefined;
  return { status, site, incidentId, incident: f?.live && f.closedAt === undefined ? f.live : null };
}

export const incidentsRoutes: RouteModule<'ingest' | 'sites' | 'guards' | 'clock'> = (deps) => {
  const r = new ApiRouter('/api/v1/incidents', deps.guards);
  const siteIds = deps.sites.all().map((s) => s.id);
  const mine = (res: Parameters<typeof principalOf>[0], site: string) => {
    if (!principalSites(principalOf(res)!, siteIds).includes(site)) throw notFound(`site ${site.slice(0, 64)} is not yours or not known`);
  };
  const body = (raw: unknown) => (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {});

  r.serve('incidentOpen', async (req, res) => {
    const { site } = req.params;
    mine(res, site);
    const raw = body(req.body);
    const parsed = IncidentOpenRequest.safeParse(raw);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, raw));
    const actor = actorOf(res);
    const key = req.get('idempotency-key');
    const incidentId = keyedId('inc-', [site, actor, 'open'], key);
    const eventId = `mgr:${incidentId}`;
    const result = await deps.ingest.command(site, 'incident', incidentId, (record) => {
      const earlier = record?.events.find((e) => e.id === eventId);
      return earlier ?? decideIncidentOpen(record?.events, parsed.data, { site, incidentId, actor, eventId, now: deps.clock() });
    });
    if ('refused' in result) throw new Problem(KIND_OF[result.reason], result.refused);
    res.status('applied' in result ? 201 : 200).json(answer(site, incidentId, 'applied' in result ? 'applied' : 'duplicate', result.record));
  });

  r.serve('incidentAction', async (req, res) => {
    const { site, incidentId, action } = req.params;
    mine(res, site);
    const raw = { ...body(req.body), action };
    const parsed = IncidentAction.safeParse(raw);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, raw));
    const actor = actorOf(res);
    const eventId = keyedId('mgr:', [site, incidentId, action, actor], req.get('idempotency-key'));
    const result = await deps.ingest.command(site, 'incident', incidentId, (record) => {
      const earlier = record?.events.find((e) => e.id === eventId);
      return earlier ?? decideIncidentAction(record?.events, parsed.data, { site, incidentId, actor, eventId, now: deps.clock() });
    });
    if ('refused' in result) throw new Problem(KIND_OF[result.reason], result.refused);
    res.json(answer(site, incidentId, 'applied' in result ? 'applied' : 'duplicate', result.record));
  });
  return r;
};
