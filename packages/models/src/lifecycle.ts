import * as v from 'valibot';
import { Count, Id, Label, PlainObject, TimestampUs } from './primitives.js';
import { PrincipalId } from './principal.js';
import { DetailedSession } from './session.js';
import { SessionStatus, sessionStatuses } from './status.js';

// Data lifecycle: deletion (with tombstones), stale-session sweeps, retention,
// export and import.

const Days = v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(36_500));
const Rows = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** A deleted session's id, as `session_tombstones` keeps it. */
export const SessionTombstone = v.object({
  session_id: Id,
  deleted_at_us: TimestampUs,
  deleted_by: PrincipalId,
});
export type SessionTombstone = v.InferOutput<typeof SessionTombstone>;

/** Rows removed with a session (or a retention batch), table by table. */
export const DeletedRows = v.object({
  sessions: Rows,
  stages: Rows,
  llm_interactions: Rows,
  mcp_communications: Rows,
  ingest_events: Rows,
  /** Rows of `live_events` (0 until that table exists: see deleteLiveEventsOfSessions). */
  live_events: Rows,
});
export type DeletedRows = v.InferOutput<typeof DeletedRows>;

/** No rows deleted: the start of a running count. */
export const emptyDeletedRows: DeletedRows = {
  sessions: 0,
  stages: 0,
  llm_interactions: 0,
  mcp_communications: 0,
  ingest_events: 0,
  live_events: 0,
};

/** The session to delete, with its stages, interactions and communications. */
export const DeleteSessionInput = v.object({ session_id: Id });
export type DeleteSessionInput = v.InferOutput<typeof DeleteSessionInput>;

/** `DELETE /api/v1/history/sessions/{id}`: what went, and the tombstone left behind. */
export const DeleteSessionResult = v.object({
  session_id: Id,
  deleted_at_us: TimestampUs,
  deleted: DeletedRows,
});
export type DeleteSessionResult = v.InferOutput<typeof DeleteSessionResult>;

/**
 * A live event a lifecycle verb would publish, in the shape of the live log's
 * drafts (`LiveEventDraft` of the live-updates work): the verb returns them, so
 * the composition can write them in the same transaction.
 */
export interface LifecycleLiveEvent {
  readonly channel: string;
  readonly session_id: string | null;
  readonly type: 'session.deleted' | 'session.timed_out' | 'stage.timed_out';
  readonly payload: Record<string, unknown>;
  readonly created_at_us: number;
}

/** The default: a session in progress with no event for an hour has timed out. */
export const defaultStaleAfterMs = 60 * 60 * 1000;

/** Options of a sweep that times out sessions nothing was recorded for in a while. */
export const SweepStaleInput = v.object({
  /** The sweep's "now"; the clock of the service when absent. */
  now_us: v.optional(TimestampUs),
  stale_after_ms: v.optional(
    v.pipe(v.number(), v.safeInteger(), v.minValue(1000)),
    defaultStaleAfterMs,
  ),
  /** Sessions timed out in one call at most (the sweeper calls again while it is full). */
  limit: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(10_000)), 500),
});
export type SweepStaleInput = v.InferInput<typeof SweepStaleInput>;

/** What a stale sweep timed out. */
export const SweepStaleResult = v.object({
  /** The sessions marked `timed_out`, in id order. */
  sessions: v.array(Id),
  /** Stages marked `timed_out` (the running stages of those sessions). */
  stages: Count,
});
export type SweepStaleResult = v.InferOutput<typeof SweepStaleResult>;

/**
 * How long sessions are kept. A session's period is the longest of the rules
 * that match it (its status, its agent type, the default): a rule can only
 * keep data longer, never delete it sooner than the default says.
 */
export const RetentionPolicy = v.object({
  default_days: v.optional(Days, 365),
  by_status: v.optional(v.record(SessionStatus, Days), {}),
  by_agent_type: v.optional(v.record(Label, Days), {}),
});
export type RetentionPolicy = v.InferOutput<typeof RetentionPolicy>;

/**
 * Options of a retention run: the policy (by default sessions are kept 365 days), the batch
 * size, or a dry run.
 */
export const RetentionRunInput = v.object({
  now_us: v.optional(TimestampUs),
  policy: v.optional(RetentionPolicy, {}),
  /** Sessions deleted per transaction: short transactions, short locks, a little WAL each. */
  batch_size: v.optional(
    v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(10_000)),
    500,
  ),
  /** Stop after this many batches (the next run continues); unbounded when absent. */
  max_batches: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
  /** Count what would go; delete nothing. */
  dry_run: v.optional(v.boolean(), false),
});
export type RetentionRunInput = v.InferInput<typeof RetentionRunInput>;

/** What a retention run deleted, or with a dry run would delete. */
export const RetentionRunResult = v.object({
  dry_run: v.boolean(),
  /** Another instance held the retention lock: this run deleted nothing. */
  skipped: v.boolean(),
  batches: Count,
  deleted: DeletedRows,
  /** Tombstones past the retention period, pruned. */
  tombstones: Count,
  duration_ms: Count,
});
export type RetentionRunResult = v.InferOutput<typeof RetentionRunResult>;

/** The longest period any rule gives a status or agent type, in days (the job's index range). */
export function longestRetentionDays(policy: RetentionPolicy): number {
  return Math.max(
    policy.default_days,
    ...Object.values(policy.by_status),
    ...Object.values(policy.by_agent_type),
  );
}

/** Every status's period (rules by status over the default). */
export function retentionDaysByStatus(policy: RetentionPolicy): Record<string, number> {
  return Object.fromEntries(
    sessionStatuses.map((status) => [
      status,
      Math.max(policy.default_days, policy.by_status[status] ?? 0),
    ]),
  );
}

/** The formats of a session export: JSON Lines (one detailed session a line) or CSV. */
export const exportFormats = ['jsonl', 'csv'] as const;
/** The format of a session export. */
export const ExportFormat = v.picklist(exportFormats, 'must be jsonl or csv');
export type ExportFormat = v.InferOutput<typeof ExportFormat>;

/**
 * `GET /api/v1/export/sessions`: the format and gzip flag; every other
 * parameter is a filter of the session list (`status`, `agent_type`...),
 * checked as the list checks it.
 */
export const ExportQuery = v.looseObject({
  format: v.optional(ExportFormat, 'jsonl'),
  gzip: v.optional(v.picklist(['true', 'false'], 'must be true or false'), 'false'),
});
export type ExportQuery = v.InferOutput<typeof ExportQuery>;

/** One page of an export: sessions after `after` (by session id), in id order. */
export const ExportPageInput = v.object({
  filters: PlainObject,
  after: v.optional(Id),
  limit: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(1000)), 100),
});
export type ExportPageInput = v.InferInput<typeof ExportPageInput>;

/** A page of detailed sessions for an export, with the id to continue after. */
export const ExportDetailPage = v.object({
  sessions: v.array(DetailedSession),
  /** Pass as `after` for the next page; null after the last. */
  next_after: v.nullable(Id),
});
export type ExportDetailPage = v.InferOutput<typeof ExportDetailPage>;

/** `hindsight import`: sessions as an export wrote them (one `DetailedSession` per line). */
export const ImportSessionsInput = v.object({
  sessions: v.pipe(v.array(DetailedSession), v.maxLength(1000)),
});
export type ImportSessionsInput = v.InferInput<typeof ImportSessionsInput>;

/** What an import wrote and what it left alone. */
export const ImportSessionsResult = v.object({
  /** Sessions written now. */
  imported: Count,
  /** Sessions already there (a replayed import): left as they are. */
  skipped: Count,
});
export type ImportSessionsResult = v.InferOutput<typeof ImportSessionsResult>;
