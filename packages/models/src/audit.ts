import * as v from 'valibot';
import { KeysetCursorParam, KeysetLimit, queryWholeNumber } from './keyset-cursor.js';
import { Label, PlainObject, TimestampUs } from './primitives.js';
import { PrincipalId } from './principal.js';

/** The outcomes an audit event records, in the order the schema lists them. */
export const auditOutcomes = ['success', 'denied', 'error'] as const;
/** `denied`: refused for lack of a scope or role; `error`: any other failure. */
export const AuditOutcome = v.picklist(auditOutcomes, 'must be one of success, denied, error');
export type AuditOutcome = v.InferOutput<typeof AuditOutcome>;

/** The largest input summary an audit row keeps, in characters of JSON. */
export const auditSummaryMaxLength = 2048;

const auditEventFields = {
  at_us: TimestampUs,
  /** Who called, as `<kind>:<id>`; `anonymous:anonymous` for public operations. */
  principal_id: v.pipe(v.string(), v.minLength(1), v.maxLength(300)),
  /** The operation's name, e.g. `casefiles.create`. */
  operation: Label,
  /** What the call acted on, e.g. `casefile:<id>`; null when nothing in particular. */
  target: v.nullable(v.pipe(v.string(), v.maxLength(300))),
  outcome: AuditOutcome,
  request_id: v.nullable(v.pipe(v.string(), v.maxLength(255))),
  /** A bounded summary of the input; secrets (key values) are never stored. */
  summary: PlainObject,
  /** The error's code (e.g. `not_found`, `forbidden`) when the call failed. */
  error_code: v.nullable(v.pipe(v.string(), v.maxLength(64))),
};

/** A row of `audit_events` as written (the id is assigned by the database). */
export const NewAuditEvent = v.object(auditEventFields);
export type NewAuditEvent = v.InferOutput<typeof NewAuditEvent>;

/** One audited call, as `GET /api/v1/audit` lists it. */
export const AuditEvent = v.object({
  /** Increases with every row: the keyset of the list. */
  id: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  ...auditEventFields,
});
export type AuditEvent = v.InferOutput<typeof AuditEvent>;

const TimeParam = queryWholeNumber('must be microseconds since the epoch (a whole number)');

/** `GET /api/v1/audit`: newest first; every filter optional, combined with AND. */
export const AuditQuery = v.object({
  principal_id: v.optional(PrincipalId),
  operation: v.optional(Label),
  target: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(300))),
  /** Events at or after this time. */
  since_us: v.optional(TimeParam),
  /** Events before this time. */
  until_us: v.optional(TimeParam),
  limit: KeysetLimit,
  cursor: v.optional(KeysetCursorParam),
});
export type AuditQuery = v.InferOutput<typeof AuditQuery>;
/**
 * The audit log query as a caller writes it, before defaults and coercion (query strings are
 * strings).
 */
export type AuditQueryInput = v.InferInput<typeof AuditQuery>;

/** A page of the audit log, newest first, with the cursor of the next page. */
export const AuditPage = v.object({
  events: v.array(AuditEvent),
  /** Pass as `cursor` for the next page; null on the last one. */
  next_cursor: v.nullable(v.string()),
});
export type AuditPage = v.InferOutput<typeof AuditPage>;

/** The retention job's input: rows older than `retention_days` before `now_us` go. */
export const PruneAuditInput = v.object({
  now_us: TimestampUs,
  retention_days: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
});
export type PruneAuditInput = v.InferOutput<typeof PruneAuditInput>;

/** How many audit events a retention run deleted. */
export const PruneAuditResult = v.object({ deleted: v.pipe(v.number(), v.safeInteger()) });
export type PruneAuditResult = v.InferOutput<typeof PruneAuditResult>;
