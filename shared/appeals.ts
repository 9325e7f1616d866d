/** The appeal view's shape on the wire (GET /api/v1/appeals/:appealId; shared/api.ts). */
import { z } from 'zod';

/** What GET /api/v1/appeals/:appealId answers (N10, N11). */
export const AppealResponse = z.object({
  appealId: z.string(),
  site: z.string(),
  timeZone: z.string(),
  channel: z.string().optional(),
  clientType: z.string().optional(),
  replyVia: z.enum(['phone', 'address']).optional(),
  registeredAt: z.string().optional(),
  /** N10: the deadline; null before the appeal's registration has arrived */
  dueAt: z.string().nullable(),
  /** `explicit`: sent with the appeal; `working_days`: computed from the production calendar */
  dueAtSource: z.enum(['explicit', 'working_days']).optional(),
  workingDays: z.number().optional(),
  state: z.enum(['open', 'due_today', 'overdue', 'answered', 'answered_late', 'rejected', 'unregistered']),
  answeredAt: z.string().optional(),
  rejectedAt: z.string().optional(),
  rejectReason: z.string().optional(),
  callback: z.object({ dueAt: z.string().optional(), windowDueAt: z.string().optional(), attempts: z.number(), reachedAt: z.string().optional() }).optional(),
});
export type AppealResponse = z.infer<typeof AppealResponse>;
export type AppealState = AppealResponse['state'];
