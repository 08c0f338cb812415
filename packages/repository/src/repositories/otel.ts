import type { OtelSpanRecord, OtelSpanRole } from '@hindsight/models';
import { and, inArray, isNotNull, lt, not, or, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../database.js';
import { otelSessions, otelSpans } from '../schema/otel.js';
import { inJsonPlaceholder, jsonRowsOf } from './json-rows.js';
import { compareIds } from './sessions.js';

/** A row of `otel_spans`: internal bookkeeping of the OTLP receiver, so a plain type. */
export interface OtelSpanRow {
  readonly trace_id: string;
  readonly span_id: string;
  readonly parent_span_id: string | null;
  readonly role: OtelSpanRole;
  readonly received_at_us: number;
  readonly applied: boolean;
  readonly span: OtelSpanRecord | null;
  readonly session_id: string | null;
  readonly stage_scope_id: string | null;
}

/** Where an applied span went: its session, and the stage its children belong to. */
export interface AppliedSpan {
  readonly trace_id: string;
  readonly span_id: string;
  readonly session_id: string;
  readonly stage_scope_id: string | null;
}

/** A row of `otel_sessions`. */
export interface OtelSessionRow {
  readonly session_id: string;
  readonly keyed_by_trace: boolean;
  readonly last_received_at_us: number;
  readonly root_end_us: number | null;
  readonly root_failed: boolean | null;
  readonly root_error: string | null;
  readonly root_output: string | null;
  readonly closed: boolean;
}

/**
 * Serialises the requests that touch a trace: a transaction-level advisory
 * lock per trace id, taken in id order so that two requests cannot deadlock.
 * Without it, two instances holding a parent and its child each would commit
 * without seeing the other's span, and the child would wait for nothing.
 */
export async function lockTraces(db: Db, traceIds: readonly string[]): Promise<void> {
  if (traceIds.length === 0) return;
  const sorted = [...new Set(traceIds)].sort(compareIds);
  await db
    .select({ locked: sql`pg_advisory_xact_lock(hashtextextended(t.id, 1095))` })
    .from(sql`jsonb_array_elements_text(${sql.placeholder('ids')}::jsonb) as t(id)`)
    .prepare('hindsight_lock_traces')
    .execute({ ids: JSON.stringify(sorted) });
}

/** Records spans not seen before; returns the keys (`trace/span`) it recorded. */
export async function insertOtelSpans(db: Db, rows: readonly OtelSpanRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await db
    .insert(otelSpans)
    .select(jsonRowsOf(otelSpans))
    .onConflictDoNothing({ target: [otelSpans.trace_id, otelSpans.span_id] })
    .returning({ trace_id: otelSpans.trace_id, span_id: otelSpans.span_id })
    .prepare('hindsight_insert_otel_spans')
    .execute({ rows: JSON.stringify(rows) });
  return new Set(inserted.map((r) => `${r.trace_id}/${r.span_id}`));
}

/** Every span stored of these traces. */
export async function findTraceSpans(db: Db, traceIds: readonly string[]): Promise<OtelSpanRow[]> {
  if (traceIds.length === 0) return [];
  const rows = await db
    .select()
    .from(otelSpans)
    .where(inJsonPlaceholder(otelSpans.trace_id, 'ids'))
    .prepare('hindsight_find_trace_spans')
    .execute({ ids: JSON.stringify([...new Set(traceIds)]) });
  return rows.map((row) => ({ ...row, role: row.role as OtelSpanRole }));
}

/** Marks spans applied: their place in the tree is kept, the span itself dropped. */
export async function markOtelSpansApplied(db: Db, spans: readonly AppliedSpan[]): Promise<void> {
  if (spans.length === 0) return;
  await db
    .update(otelSpans)
    .set({
      applied: true,
      span: null,
      session_id: sql`a.session_id`,
      stage_scope_id: sql`a.stage_scope_id`,
    })
    .from(
      sql`jsonb_to_recordset(${sql.placeholder('spans')}::jsonb)
        as a(trace_id text, span_id text, session_id text, stage_scope_id text)`,
    )
    .where(sql`${otelSpans.trace_id} = a.trace_id and ${otelSpans.span_id} = a.span_id`)
    .prepare('hindsight_mark_otel_spans_applied')
    .execute({ spans: JSON.stringify(spans) });
}

/** Traces with spans still waiting, none of them received since `cutoffUs`. */
export async function findQuietWaitingTraces(
  db: Db,
  cutoffUs: number,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .select({ trace_id: otelSpans.trace_id })
    .from(otelSpans)
    .where(not(otelSpans.applied))
    .groupBy(otelSpans.trace_id)
    .having(sql`max(${otelSpans.received_at_us}) < ${cutoffUs}`)
    .limit(limit);
  return rows.map((r) => r.trace_id);
}

/** The sessions of the receiver that exist already, by id. */
export async function findOtelSessions(
  db: Db,
  sessionIds: readonly string[],
): Promise<OtelSessionRow[]> {
  if (sessionIds.length === 0) return [];
  return db
    .select()
    .from(otelSessions)
    .where(inArray(otelSessions.session_id, [...new Set(sessionIds)]));
}

/**
 * Records activity on sessions: a span arrived (`last_received_at_us` only
 * moves forward), and, for a root span, its outcome (the latest root wins).
 */
export async function upsertOtelSessions(db: Db, rows: readonly OtelSessionRow[]): Promise<void> {
  if (rows.length === 0) return;
  const sorted = [...rows].sort((a, b) => compareIds(a.session_id, b.session_id));
  const t = otelSessions;
  // The root's outcome columns move together: to the incoming root when it ended no earlier.
  const newerRoot = sql`excluded.root_end_us is not null
    and (${t.root_end_us} is null or excluded.root_end_us >= ${t.root_end_us})`;
  const rootColumn = (column: PgColumn) =>
    sql`case when ${newerRoot} then excluded.${sql.identifier(column.name)} else ${column} end`;
  await db
    .insert(t)
    .select(jsonRowsOf(t))
    .onConflictDoUpdate({
      target: t.session_id,
      set: {
        last_received_at_us: sql`greatest(${t.last_received_at_us}, excluded.last_received_at_us)`,
        root_end_us: rootColumn(t.root_end_us),
        root_failed: rootColumn(t.root_failed),
        root_error: rootColumn(t.root_error),
        root_output: rootColumn(t.root_output),
      },
    })
    .prepare('hindsight_upsert_otel_sessions')
    .execute({ rows: JSON.stringify(sorted) });
}

/**
 * Open sessions due to be closed: those keyed by a trace whose root span
 * arrived, quiet since `settledBeforeUs`, and any quiet since `idleBeforeUs`.
 */
export async function findOtelSessionsToClose(
  db: Db,
  { settledBeforeUs, idleBeforeUs }: { settledBeforeUs: number; idleBeforeUs: number },
  limit: number,
): Promise<OtelSessionRow[]> {
  const t = otelSessions;
  return db
    .select()
    .from(t)
    .where(
      and(
        not(t.closed),
        lt(t.last_received_at_us, Math.max(settledBeforeUs, idleBeforeUs)),
        or(
          lt(t.last_received_at_us, idleBeforeUs),
          and(
            t.keyed_by_trace,
            isNotNull(t.root_end_us),
            lt(t.last_received_at_us, settledBeforeUs),
          ),
        ),
      ),
    )
    .orderBy(t.last_received_at_us)
    .limit(limit);
}

/** Marks sessions closed: the sweep will not look at them again. */
export async function markOtelSessionsClosed(db: Db, sessionIds: readonly string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  await db
    .update(otelSessions)
    .set({ closed: true })
    .where(inArray(otelSessions.session_id, [...sessionIds]));
}

/** Forgets traces: spans of a trace that held no GenAI span, once it went quiet. */
export async function deleteTraceSpans(db: Db, traceIds: readonly string[]): Promise<void> {
  if (traceIds.length === 0) return;
  await db.delete(otelSpans).where(inArray(otelSpans.trace_id, [...traceIds]));
}
