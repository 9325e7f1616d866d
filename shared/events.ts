/**
 * Event contract v1 (../shared/spec/events-v1.md) as zod schemas: the single source of
 * truth for what senders may post. Norm ids (N1 …) refer to docs/service-standard.md.
 * Extensions beyond v1 are optional and marked "extension".
 */
import { z } from 'zod';
import { ENTITY_ID_CHARS, ENTITY_ID_MAX } from './entity-id.js';

/** a call, appeal, conflict, operator, queue or actor id (shared/entity-id.ts) */
export const EntityId = z.string().min(1).max(ENTITY_ID_MAX).regex(ENTITY_ID_CHARS, 'letters, digits and . _ : @ / -');
const entityId = EntityId;

export const EventId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, '1–128 chars of [A-Za-z0-9._:-]');

/** RFC 3339 with `Z` or an offset; normalised to epoch milliseconds after validation. */
export const Timestamp = z.iso.datetime({ offset: true, message: 'RFC 3339 timestamp with Z or offset' });

export const ClientType = z.enum(['individual', 'legal']);
export const Line = z.enum(['hotline', 'direct']);
/** `reconciled` (extension): closed because the source no longer has the call after it was away — neither served nor lost */
export const CallOutcome = z.enum(['resolved', 'redirected', 'callback', 'refused_identification', 'terminated_abuse', 'reconciled']);
/** extension: why a caller was lost — hung up, the queue's timeout, no one to take calls, an exit key, dropped by the system */
export const AbandonReason = z.enum(['caller', 'timeout', 'exit_empty', 'exit_key', 'dropped']);
export const AppealChannel = z.enum(['phone', 'mail', 'interactive', 'answering_machine']);
export const ReplyVia = z.enum(['phone', 'address']);
export const RejectReason = z.enum(['abusive', 'no_client_data', 'commercial_secret']);
export const AgentState = z.enum(['available', 'ringing', 'on_call', 'wrap_up', 'paused', 'offline']);
export const Severity = z.enum(['normal', 'high']);

/**
 * Unicode bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069):
 * inside shown text they reorder what a manager reads ("refund 001" shown as "100 dnufer"…),
 * and no summary or note needs them. Removed where text enters.
 */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
export const stripBidiControls = (s: string) => s.replace(BIDI_CONTROLS, '');
/** free text a person will read: bidi controls removed before the length checks */
export const ShownText = (min: number, max: number) => z.string().overwrite(stripBidiControls).min(min).max(max);

/** Personal data (N6): only ever shown to authorised roles, never to walls or logs. */
export const ClientData = z
  .object({
    name: ShownText(0, 200).optional(),
    account: ShownText(0, 64).optional(),
    address: ShownText(0, 500).optional(),
    phone: ShownText(0, 32).optional(),
  })
  .strict();

const envelope = {
  id: EventId,
  at: Timestamp,
  site: z.string().min(1).max(64),
  client: ClientData.optional(),
  /** extension: which sender posted it (set by the server from credentials, not trusted from the body) */
  source: z.string().max(64).optional(),
  /** extension: the sender's own order (a queue_log line number, an AMI arrival sequence); breaks ties of `at` before the lifecycle order */
  sourceSeq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
};

const callId = { callId: entityId };
const appealId = { appealId: entityId };
const conflictId = { conflictId: entityId };

export const CallQueued = z.object({ ...envelope, type: z.literal('call.queued'), ...callId, queue: entityId, line: Line, clientType: ClientType.optional() });
export const CallOffered = z.object({ ...envelope, type: z.literal('call.offered'), ...callId, agentId: entityId });
export const CallRingNoAnswer = z.object({ ...envelope, type: z.literal('call.ring_no_answer'), ...callId, agentId: entityId });
export const CallAnswered = z.object({ ...envelope, type: z.literal('call.answered'), ...callId, agentId: entityId });
export const CallConnected = z.object({ ...envelope, type: z.literal('call.connected'), ...callId, specialistId: entityId });
export const CallCallbackPromised = z.object({ ...envelope, type: z.literal('call.callback_promised'), ...callId, dueAt: Timestamp });
/** extension: the promised return call was made (closes the N4 callback). */
export const CallCallbackCompleted = z.object({ ...envelope, type: z.literal('call.callback_completed'), ...callId, reached: z.boolean().optional() });
/**
 * extension (issue 16): what came of calling back a lost caller (an abandoned call, not a short one):
 * `reached` and `no_number` close the entry; `not_reached` is one attempt, the entry stays until
 * LOST_CALL_MAX_ATTEMPTS attempts (shared/lost-calls.ts).
 */
export const LostCallOutcome = z.enum(['reached', 'not_reached', 'no_number']);
export const CallLostCalledBack = z.object({ ...envelope, type: z.literal('call.lost_called_back'), ...callId, outcome: LostCallOutcome, actor: entityId });
export const CallAbandoned = z.object({ ...envelope, type: z.literal('call.abandoned'), ...callId, reason: AbandonReason.optional() });
export const CallEnded = z.object({ ...envelope, type: z.literal('call.ended'), ...callId, outcome: CallOutcome.optional() });

/** N14: individuals use telephone, mail and interactive; legal entities never interactive */
export const channelAllowed = (channel: z.infer<typeof AppealChannel>, clientType: z.infer<typeof ClientType>) => !(channel === 'interactive' && clientType === 'legal');

export const AppealRegistered = z
  .object({
    ...envelope,
    type: z.literal('appeal.registered'),
    ...appealId,
    channel: AppealChannel,
    clientType: ClientType,
    replyVia: ReplyVia.optional(),
    dueAt: Timestamp.optional(),
  })
  .superRefine((e, ctx) => {
    // N14: legal entities may use telephone and mail only.
    if (!channelAllowed(e.channel, e.clientType)) {
      ctx.addIssue({
        code: 'custom',
        path: ['channel'],
        message: 'expected phone | mail | answering_machine for clientType "legal" (N14), got "interactive"',
      });
    }
  });
export const AppealCallbackScheduled = z.object({ ...envelope, type: z.literal('appeal.callback_scheduled'), ...appealId, dueAt: Timestamp });
export const AppealCallbackAttempted = z.object({ ...envelope, type: z.literal('appeal.callback_attempted'), ...appealId, reached: z.boolean() });
export const AppealAnswered = z.object({ ...envelope, type: z.literal('appeal.answered'), ...appealId });
export const AppealRejected = z.object({ ...envelope, type: z.literal('appeal.rejected'), ...appealId, reason: RejectReason });

export const ConflictRaised = z.object({
  ...envelope,
  type: z.literal('conflict.raised'),
  ...conflictId,
  agentId: entityId,
  callId: entityId.optional(),
  appealId: entityId.optional(),
  summary: ShownText(1, 500),
  severity: Severity.optional(),
});
export const ConflictEscalated = z.object({ ...envelope, type: z.literal('conflict.escalated'), ...conflictId });
export const ConflictResolved = z.object({ ...envelope, type: z.literal('conflict.resolved'), ...conflictId, resolution: ShownText(1, 2000), actor: entityId.optional() });
/** extensions: a manager's actions in the console (N13), recorded in the same log. */
export const ConflictAcknowledged = z.object({ ...envelope, type: z.literal('conflict.acknowledged'), ...conflictId, actor: entityId });
export const ConflictNoted = z.object({ ...envelope, type: z.literal('conflict.noted'), ...conflictId, actor: entityId, note: ShownText(1, 2000) });
export const ConflictReassigned = z.object({ ...envelope, type: z.literal('conflict.reassigned'), ...conflictId, actor: entityId, to: entityId });

/**
 * extension (issue 16): an incident — a surge of calls, an outage — that the whole site should
 * know of. Opened by Obzor's surge alarm, a manager in the console, or a CRM / outage system;
 * while one is open the site's KPIs are judged by its storm profile (shared/site-settings.ts).
 */
export const IncidentKind = z.enum(['surge', 'outage', 'other']);
export const INCIDENT_TITLE_MAX = 200;
export const INCIDENT_NOTE_MAX = 500;
const incidentId = { incidentId: entityId };
export const IncidentOpened = z.object({
  ...envelope,
  type: z.literal('incident.opened'),
  ...incidentId,
  kind: IncidentKind,
  /** what it is, as a wall shows it ("отключение в Корсакове, ТП-12") */
  title: ShownText(1, INCIDENT_TITLE_MAX),
  /** the queue it concerns; none: the whole site */
  queue: entityId.optional(),
  /** a surge: calls of the window ÷ the expected, and the window's length in minutes */
  ratio: z.number().positive().max(1_000_000).optional(),
  windowMin: z.number().int().positive().max(24 * 60).optional(),
  actor: entityId.optional(),
});
export const IncidentNoted = z.object({ ...envelope, type: z.literal('incident.noted'), ...incidentId, note: ShownText(1, INCIDENT_NOTE_MAX), actor: entityId.optional() });
export const IncidentClosed = z.object({ ...envelope, type: z.literal('incident.closed'), ...incidentId, actor: entityId.optional() });

/** extension: the operator's display name as the PBX knows it (AMI `MemberName`), at most this long */
export const AGENT_NAME_MAX = 100;
/** extension: why a paused operator is paused (AMI `PausedReason`, queue_log PAUSE data), at most this long */
export const PAUSE_REASON_MAX = 80;

/** a short label a person reads (a name, a reason): trimmed, bidi controls removed, not empty */
const Label = (max: number) =>
  z
    .string()
    .overwrite((s) => stripBidiControls(s).trim())
    .refine((s) => s.length > 0, 'expected text, got none or only spaces')
    .max(max);

export const AgentStateChanged = z
  .object({
    ...envelope,
    type: z.literal('agent.state'),
    agentId: entityId,
    state: AgentState,
    queues: z.array(entityId).max(100).optional(),
    /** extension: operator name (personal data of staff: never on walls); the sites file's `agentNames` wins over it */
    name: Label(AGENT_NAME_MAX).optional(),
    /** extension: pause reason, only with state `paused` */
    reason: Label(PAUSE_REASON_MAX).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.reason !== undefined && e.state !== 'paused') {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `expected no reason unless state is "paused", got state "${e.state}"` });
    }
  });

export const ObzorEvent = z.discriminatedUnion('type', [
  CallQueued,
  CallOffered,
  CallRingNoAnswer,
  CallAnswered,
  CallConnected,
  CallCallbackPromised,
  CallCallbackCompleted,
  CallAbandoned,
  CallEnded,
  CallLostCalledBack,
  AppealRegistered,
  AppealCallbackScheduled,
  AppealCallbackAttempted,
  AppealAnswered,
  AppealRejected,
  ConflictRaised,
  ConflictEscalated,
  ConflictResolved,
  ConflictAcknowledged,
  ConflictNoted,
  ConflictReassigned,
  AgentStateChanged,
  IncidentOpened,
  IncidentNoted,
  IncidentClosed,
]);
export type ObzorEvent = z.infer<typeof ObzorEvent>;
export type EventType = ObzorEvent['type'];
export type EventOf<T extends EventType> = Extract<ObzorEvent, { type: T }>;
export type CallEvent = Extract<ObzorEvent, { callId: string; type: `call.${string}` }>;
export type AppealEvent = Extract<ObzorEvent, { type: `appeal.${string}` }>;
export type ConflictEvent = Extract<ObzorEvent, { type: `conflict.${string}` }>;
export type AgentEvent = EventOf<'agent.state'>;
export type IncidentEvent = Extract<ObzorEvent, { type: `incident.${string}` }>;
export type IncidentKind = z.infer<typeof IncidentKind>;
export type ClientData = z.infer<typeof ClientData>;
export type AgentStateName = z.infer<typeof AgentState>;
export type CallOutcome = z.infer<typeof CallOutcome>;
export type AbandonReason = z.infer<typeof AbandonReason>;
export type LostCallOutcome = z.infer<typeof LostCallOutcome>;
export type AppealChannel = z.infer<typeof AppealChannel>;
export type RejectReason = z.infer<typeof RejectReason>;
export type ClientTypeName = z.infer<typeof ClientType>;

export const EVENT_TYPES: EventType[] = ObzorEvent.options.map((o) => o.shape.type.value);

export const MAX_BATCH = 1000;

export const IngestResult = z.object({
  id: z.string(),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
  error: z.string().optional(),
});
export type IngestResult = z.infer<typeof IngestResult>;
export const IngestResponse = z.object({ results: z.array(IngestResult) });
export type IngestResponse = z.infer<typeof IngestResponse>;
