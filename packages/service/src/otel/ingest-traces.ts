import { type OtelSpanRecord, OtlpTraceRequest, OtlpTraceResponse } from '@hindsight/models';
import {
  deleteTraceSpans,
  findExistingSessionIds,
  findTraceSpans,
  insertOtelSpans,
  lockTraces,
  markOtelSpansApplied,
  type OtelSpanRow,
  upsertOtelSessions,
} from '@hindsight/repository';
import { nowOf, type ServiceContext, withTransaction } from '../context.js';
import { operation } from '../hub/operation.js';
import { inOrder } from '../ingest/apply.js';
import { applyTraces } from './apply-plans.js';
import { sessionKeyOf } from './map.js';
import { normalizeRequest } from './normalize.js';
import { defaultOtelOptions, type OtelOptions } from './options.js';
import { spanKeyOf } from './plan-trace.js';

/** What one export request did, beside the OTLP answer (for metrics and tests). */
export interface TraceIngestCounts {
  readonly received: number;
  readonly duplicates: number;
  readonly ignored: number;
  readonly rejected: number;
}

function groupByTrace(rows: readonly OtelSpanRow[]): Map<string, OtelSpanRow[]> {
  const traces = new Map<string, OtelSpanRow[]>();
  for (const row of rows) {
    const list = traces.get(row.trace_id);
    if (list) list.push(row);
    else traces.set(row.trace_id, [row]);
  }
  return traces;
}

function rowOf(span: OtelSpanRecord, receivedAtUs: number): OtelSpanRow {
  return {
    trace_id: span.trace_id,
    span_id: span.span_id,
    parent_span_id: span.parent_span_id,
    role: span.role,
    received_at_us: receivedAtUs,
    applied: false,
    span,
    session_id: null,
    stage_scope_id: null,
  };
}

/** The `partial_success` message: what was refused and why, and what was ignored. */
function summary(rejected: readonly string[], ignored: number): string {
  const parts: string[] = [];
  if (rejected.length > 0) {
    const shown = rejected.slice(0, 5).join('; ');
    const more = rejected.length > 5 ? `; and ${rejected.length - 5} more` : '';
    parts.push(`${rejected.length} span(s) rejected: ${shown}${more}`);
  }
  if (ignored > 0) parts.push(`${ignored} span(s) ignored: not GenAI spans Hindsight records`);
  return parts.join('. ');
}

/**
 * `POST /otel/v1/traces`: records the spans of an export request (a span sent
 * again is recognised by trace and span id and counted once), then turns
 * every span whose place in its trace is known into native ingest events,
 * all in one transaction, under a lock per trace (so that two instances each
 * holding a parent and its child cannot both miss the other). A span whose parent has not arrived waits for it;
 * a trace waits for its root span, which opens its session. Answers as OTLP
 * does: `partialSuccess` counts the spans refused, with why.
 */
export async function ingestTraces({
  ctx,
  input,
  options = ctx.otel ?? defaultOtelOptions,
}: {
  ctx: ServiceContext;
  input: OtlpTraceRequest;
  options?: OtelOptions;
}): Promise<OtlpTraceResponse & { counts: TraceIngestCounts }> {
  const normalized = normalizeRequest(input);
  const unique = new Map(normalized.spans.map((span) => [spanKeyOf(span), span]));
  const rejected = [...normalized.rejected];
  let duplicates = normalized.spans.length - unique.size;
  let ignored = 0;
  if (unique.size > 0) {
    const outcome = await withTransaction(ctx, async (tx) => {
      const spans = [...unique.values()];
      const traceIds = [...new Set(spans.map((span) => span.trace_id))];
      const candidates = new Set(spans.map((span) => sessionKeyOf(span, options) ?? span.trace_id));
      // One round trip: the locks first, then (under them, so nothing stored of these traces
      // can change until commit) their spans and which of the sessions they may name exist.
      const [, stored, existing] = await inOrder([
        lockTraces(tx.db, traceIds),
        findTraceSpans(tx.db, traceIds),
        findExistingSessionIds(tx.db, [...candidates]),
      ] as const);
      const known = new Set(stored.map(spanKeyOf));
      const nowUs = nowOf(ctx);
      const fresh = spans.filter((span) => !known.has(spanKeyOf(span))).map((s) => rowOf(s, nowUs));
      if (fresh.length === 0) return { duplicates: spans.length, rejected: [], ignored: 0 };
      const applied = await applyTraces(tx, groupByTrace([...stored, ...fresh]), options, {
        nowUs,
        force: false,
        checked: { ids: candidates, existing: new Set(existing) },
      });
      // A new span is written once, as applied or as waiting; spans that waited are updated.
      // A trace whose session was deleted keeps nothing: its stored spans go too.
      const placed = new Map(applied.applied.map((a) => [spanKeyOf(a), a]));
      const freshKeys = new Set(fresh.map(spanKeyOf));
      const deleted = new Set(applied.deletedTraces);
      await inOrder([
        deleteTraceSpans(tx.db, applied.deletedTraces),
        insertOtelSpans(
          tx.db,
          fresh
            .filter((row) => !deleted.has(row.trace_id))
            .map((row) => {
              const place = placed.get(spanKeyOf(row));
              return place === undefined
                ? row
                : {
                    ...row,
                    applied: true,
                    span: null,
                    session_id: place.session_id,
                    stage_scope_id: place.stage_scope_id,
                  };
            }),
        ),
        markOtelSpansApplied(
          tx.db,
          applied.applied.filter((a) => !freshKeys.has(spanKeyOf(a))),
        ),
        upsertOtelSessions(tx.db, applied.sessions),
      ] as const);
      const refusals = [...applied.rejected].map(([key, message]) => `${key}: ${message}`);
      return {
        duplicates: spans.length - fresh.length,
        rejected: refusals,
        ignored: applied.ignored,
      };
    });
    duplicates += outcome.duplicates;
    rejected.push(...outcome.rejected);
    ignored = outcome.ignored;
  }
  const message = summary(rejected, ignored);
  const counts = {
    received: normalized.spans.length + normalized.rejected.length,
    duplicates,
    ignored,
    rejected: rejected.length,
  };
  return message === ''
    ? { counts }
    : { partialSuccess: { rejectedSpans: rejected.length, errorMessage: message }, counts };
}

export const ingestTracesOperation = operation({
  name: 'ingest.otlpTraces',
  input: OtlpTraceRequest,
  output: OtlpTraceResponse,
  scope: 'ingest',
  audit: false,
  run: ({ ctx, input }) => ingestTraces({ ctx, input }),
});
