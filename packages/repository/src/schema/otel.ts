import type { OtelSpanRecord } from '@hindsight/models';
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Every span the OTLP receiver accepted, keyed by trace and span id: what
 * makes a span sent twice count once, and what lets a span find its parent
 * whatever the order spans arrive in. A span waits here (`span` kept,
 * `applied` false) until its parent, or its session, is known; once turned
 * into ingest events only its place in the tree is kept.
 */
export const otelSpans = pgTable(
  'otel_spans',
  {
    trace_id: text('trace_id').notNull(),
    span_id: text('span_id').notNull(),
    parent_span_id: text('parent_span_id'),
    role: text('role').notNull(),
    received_at_us: bigint('received_at_us', { mode: 'number' }).notNull(),
    applied: boolean('applied').notNull(),
    /** The span itself while it waits; null once applied. */
    span: jsonb('span').$type<OtelSpanRecord>(),
    /** Set once applied: the session the span went to. */
    session_id: text('session_id'),
    /** Set once applied: the stage the span's children belong to (itself for a stage). */
    stage_scope_id: text('stage_scope_id'),
  },
  (t) => [
    primaryKey({ name: 'otel_spans_pk', columns: [t.trace_id, t.span_id] }),
    // The idle sweep looks for traces whose waiting spans have gone quiet.
    index('otel_spans_waiting_idx').on(t.received_at_us).where(sql`not ${t.applied}`),
    // Deleting a session (by hand or by retention) deletes the rows of its spans.
    index('otel_spans_session_idx').on(t.session_id),
  ],
);

/**
 * The sessions the OTLP receiver created, with what closing them needs: when
 * a span last arrived, and the outcome of the root span that ends a session
 * keyed by its trace. The sweep closes a session once its spans stop arriving.
 */
export const otelSessions = pgTable(
  'otel_sessions',
  {
    session_id: text('session_id').primaryKey(),
    /** True when the session is its trace (no conversation or session id): its root ends it. */
    keyed_by_trace: boolean('keyed_by_trace').notNull(),
    last_received_at_us: bigint('last_received_at_us', { mode: 'number' }).notNull(),
    /** The end time of the last root span applied; null while none was. */
    root_end_us: bigint('root_end_us', { mode: 'number' }),
    root_failed: boolean('root_failed'),
    root_error: text('root_error'),
    root_output: text('root_output'),
    closed: boolean('closed').notNull(),
  },
  (t) => [index('otel_sessions_open_idx').on(t.last_received_at_us).where(sql`not ${t.closed}`)],
);
