/** The managers' console contract (N13): actions on conflict escalations and what the API returns. */
import { z } from 'zod';
import { ClientData, Severity } from './events.js';
import type { Role } from './roles.js';

export const ConflictAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge') }),
  z.object({ action: z.literal('note'), note: z.string().trim().min(1).max(2000) }),
  z.object({ action: z.literal('reassign'), to: z.string().min(1).max(64) }),
  z.object({ action: z.literal('resolve'), resolution: z.string().trim().min(1).max(2000) }),
]);
export type ConflictAction = z.infer<typeof ConflictAction>;
export type ConflictActionName = ConflictAction['action'];

export const TimelineEntry = z.object({
  at: z.number(),
  type: z.string(),
  actor: z.string().optional(),
  text: z.string().optional(),
  to: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const ConflictDetail = z.object({
  site: z.string(),
  conflictId: z.string(),
  status: z.enum(['open', 'resolved']),
  agentId: z.string().optional(),
  callId: z.string().optional(),
  appealId: z.string().optional(),
  severity: Severity,
  summary: z.string().optional(),
  client: ClientData.optional(),
  raisedAt: z.number().optional(),
  escalatedAt: z.number().optional(),
  acknowledgedAt: z.number().optional(),
  acknowledgedBy: z.string().optional(),
  owner: z.string().optional(),
  resolvedAt: z.number().optional(),
  resolvedBy: z.string().optional(),
  resolution: z.string().optional(),
  /** ms from escalation (or raise) to acknowledgement / from raise to resolution */
  timeToAcknowledgeMs: z.number().optional(),
  timeToResolveMs: z.number().optional(),
  timeline: z.array(TimelineEntry),
});
export type ConflictDetail = z.infer<typeof ConflictDetail>;

/** One line of the resolved-escalations history (GET /api/v1/conflicts?status=resolved). */
export const ResolvedConflict = z.object({
  site: z.string(),
  conflictId: z.string(),
  agentId: z.string().optional(),
  severity: Severity,
  raisedAt: z.number(),
  escalatedAt: z.number().optional(),
  acknowledgedAt: z.number().optional(),
  acknowledgedBy: z.string().optional(),
  resolvedAt: z.number(),
  resolvedBy: z.string().optional(),
  timeToAcknowledgeMs: z.number().optional(),
  timeToResolveMs: z.number(),
});
export type ResolvedConflict = z.infer<typeof ResolvedConflict>;

/** `GET /api/v1/conflicts/managers?site=`: who an escalation there may be reassigned to. */
export interface ManagerList {
  managers: { login: string; role: Role; sites: string[] }[];
}
