import type { IngestResult } from '@hindsight/models';
import {
  type AppliedSpan,
  findExistingSessionIds,
  type OtelSessionRow,
  type OtelSpanRow,
} from '@hindsight/repository';
import type { ServiceContext } from '../context.js';
import { ingestBatch } from '../ingest/ingest-batch.js';
import { defaultIngestLimits } from '../ingest/limits.js';
import type { OtelOptions } from './options.js';
import { type PlannedEvent, planTrace, sessionOfTrace } from './plan-trace.js';

export interface AppliedTraces {
  /** The sessions' activity, for upsertOtelSessions: the caller writes it with the spans. */
  readonly sessions: OtelSessionRow[];
  /** Where each span applied now went; the caller records it (see markOtelSpansApplied). */
  readonly applied: AppliedSpan[];
  /** Spans whose events the ingest refused, with the first refusal's message. */
  readonly rejected: Map<string, string>;
  readonly ignored: number;
  /** Traces with no GenAI span at all: nothing will come of them. */
  readonly withoutGenAi: string[];
  /**
   * Traces whose session was deleted (ingest answered 410): their spans are
   * neither applied nor kept, so that a retrying exporter or a late span
   * leaves nothing behind of a session an operator removed.
   */
  readonly deletedTraces: string[];
}

/**
 * Plans the waiting spans of these traces and applies their events through
 * the ingest service, in the caller's transaction (so that the spans and
 * their effects commit together): live events, limits and every rule of
 * native ingest apply unchanged. Answers where each span went and the
 * sessions' activity, which the caller stores with the spans. `checked`:
 * session ids whose existence the caller read already (with the spans, in
 * one round trip); only the others are looked up.
 */
export async function applyTraces(
  ctx: ServiceContext,
  rowsByTrace: ReadonlyMap<string, readonly OtelSpanRow[]>,
  options: OtelOptions,
  {
    nowUs,
    force,
    checked,
  }: {
    nowUs: number;
    force: boolean;
    checked?: { readonly ids: ReadonlySet<string>; readonly existing: ReadonlySet<string> };
  },
): Promise<AppliedTraces> {
  const candidates = [...rowsByTrace.values()]
    .map((rows) => sessionOfTrace(rows, options, force)?.sessionId)
    .filter((id): id is string => id !== undefined && !checked?.ids.has(id));
  const existingSessions = new Set([
    ...(checked?.existing ?? []),
    ...(candidates.length === 0 ? [] : await findExistingSessionIds(ctx.db, candidates)),
  ]);
  const receivedAt = new Date(Math.floor(nowUs / 1000)).toISOString();
  const events: PlannedEvent[] = [];
  const sessions = new Map<string, OtelSessionRow>();
  const applied: AppliedSpan[] = [];
  let ignored = 0;
  const withoutGenAi: string[] = [];
  const tracesOfSession = new Map<string, string[]>();
  for (const [traceId, rows] of rowsByTrace) {
    if (!rows.some((row) => row.role !== 'other')) withoutGenAi.push(traceId);
    const plan = planTrace(rows, options, { existingSessions, force, receivedAt });
    if (plan.sessionId === null) continue;
    const traces = tracesOfSession.get(plan.sessionId);
    if (traces) traces.push(traceId);
    else tracesOfSession.set(plan.sessionId, [traceId]);
    events.push(...plan.events);
    applied.push(...plan.applied);
    ignored += plan.ignored;
    const outcome = plan.rootOutcome;
    const previous = sessions.get(plan.sessionId);
    const keep =
      previous?.root_end_us != null && (outcome === null || outcome.end_us < previous.root_end_us);
    sessions.set(plan.sessionId, {
      session_id: plan.sessionId,
      keyed_by_trace: plan.keyedByTrace,
      last_received_at_us: nowUs,
      root_end_us: keep ? (previous?.root_end_us ?? null) : (outcome?.end_us ?? null),
      root_failed: keep ? (previous?.root_failed ?? null) : (outcome?.failed ?? null),
      root_error: keep ? (previous?.root_error ?? null) : (outcome?.error ?? null),
      root_output: keep ? (previous?.root_output ?? null) : (outcome?.output ?? null),
      closed: false,
    });
  }
  const { rejected, deletedSessions } = await ingestInChunks(ctx, events);
  return {
    sessions: [...sessions.values()].filter((row) => !deletedSessions.has(row.session_id)),
    applied: applied.filter((span) => !deletedSessions.has(span.session_id)),
    rejected,
    ignored,
    withoutGenAi,
    deletedTraces: [...deletedSessions].flatMap((id) => tracesOfSession.get(id) ?? []),
  };
}

/**
 * Runs the events through the ingest verb, at most a batch's worth at a time,
 * in order. Answers the first refusal of each span, and the sessions that
 * were deleted (their events are refused with 410).
 */
async function ingestInChunks(
  ctx: ServiceContext,
  events: readonly PlannedEvent[],
): Promise<{ rejected: Map<string, string>; deletedSessions: Set<string> }> {
  const rejected = new Map<string, string>();
  const deletedSessions = new Set<string>();
  const size = (ctx.ingestLimits ?? defaultIngestLimits).maxEvents;
  const spanOf = new Map(events.map((e) => [e.id, e]));
  for (let start = 0; start < events.length; start += size) {
    const chunk = events.slice(start, start + size);
    const batch = chunk.map(({ id, type, body, timestamp }) => ({ id, type, body, timestamp }));
    const result: IngestResult = await ingestBatch({
      ctx,
      input: { batch },
      limits: ctx.ingestLimits ?? defaultIngestLimits,
    });
    for (const error of result.errors) {
      const event = spanOf.get(error.id);
      if (!event) continue;
      // Another trace of the conversation created the session first: nothing is lost.
      if (event.type === 'session.started' && error.status === 409) continue;
      if (error.status === 410) deletedSessions.add(sessionIdOfBody(event.body));
      if (!rejected.has(event.spanKey))
        rejected.set(event.spanKey, `${error.status} ${error.message}`);
    }
  }
  return { rejected, deletedSessions };
}

function sessionIdOfBody(body: unknown): string {
  return String((body as { session_id?: unknown }).session_id);
}
