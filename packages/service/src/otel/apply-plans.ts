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
  for (const [traceId, rows] of rowsByTrace) {
    if (!rows.some((row) => row.role !== 'other')) withoutGenAi.push(traceId);
    const plan = planTrace(rows, options, { existingSessions, force, receivedAt });
    if (plan.sessionId === null) continue;
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
  const rejected = await ingestInChunks(ctx, events);
  return { sessions: [...sessions.values()], applied, rejected, ignored, withoutGenAi };
}

/** Runs the events through the ingest verb, at most a batch's worth at a time, in order. */
async function ingestInChunks(
  ctx: ServiceContext,
  events: readonly PlannedEvent[],
): Promise<Map<string, string>> {
  const rejected = new Map<string, string>();
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
      if (!rejected.has(event.spanKey))
        rejected.set(event.spanKey, `${error.status} ${error.message}`);
    }
  }
  return rejected;
}
