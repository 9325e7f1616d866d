/** Who did it, for the audit log: the signed-in admin (or a display, by name); what, on what, before/after. */
import type { Response } from 'express';
import { displayActor } from '../../shared/roles.js';
import type { AuditLog } from '../auth/audit-log.js';
import { principalOf } from '../auth/http-auth.js';

export function actorOf(res: Response): string {
  const p = principalOf(res);
  return p ? (p.kind === 'user' ? p.login : displayActor(p.name)) : '?';
}

export function auditNoter(audit: AuditLog) {
  return (res: Response, action: string, target: string, change: { before?: unknown; after?: unknown } = {}) => audit.record({ actor: actorOf(res), action, target, ...change });
}
