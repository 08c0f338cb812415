import {
  deleteTraceSpans,
  findOtelSessionsToClose,
  findQuietWaitingTraces,
  findTraceSpans,
  lockTraces,
  markOtelSessionsClosed,
  markOtelSpansApplied,
  type OtelSessionRow,
  type OtelSpanRow,
  upsertOtelSessions,
} from '@hindsight/repository';
import * as v from 'valibot';
import { nowOf, type ServiceContext, withTransaction } from '../context.js';
import { operation } from '../hub/operation.js';
import { ingestBatch } from '../ingest/ingest-batch.js';
import { defaultIngestLimits } from '../ingest/limits.js';
import { applyTraces } from './apply-plans.js';
import { defaultOtelOptions, type OtelOptions } from './options.js';

/** Traces and sessions handled per pass unless the options say otherwise. */
const defaultSweepPageSize = 200;

/** The event that ends a session, from the outcome of its last root span. */
function endEvent(session: OtelSessionRow, nowUs: number) {
  const id = `otel:${session.session_id}:session.ended`;
  const timestamp = new Date(Math.floor(nowUs / 1000)).toISOString();
  if (session.root_end_us === null) {
    // No root span ever came: the run stopped reporting.
    return {
      id,
      timestamp,
      type: 'session.timed_out' as const,
      body: {
        session_id: session.session_id,
        completed_at_us: nowUs,
        error_message: 'no span arrived within the idle timeout, and the root span never did',
      },
    };
  }
  if (session.root_failed) {
    return {
      id,
      timestamp,
      type: 'session.failed' as const,
      body: {
        session_id: session.session_id,
        completed_at_us: session.root_end_us,
        error_message: session.root_error || 'the root span ended with an error',
      },
    };
  }
  return {
    id,
    timestamp,
    type: 'session.completed' as const,
    body: {
      session_id: session.session_id,
      completed_at_us: session.root_end_us,
      ...(session.root_output ? { final_analysis: session.root_output } : {}),
    },
  };
}

/**
 * What one sweep pass did: traces whose spans it applied, and sessions it
 * closed. `more`: a page was full, so more may be due now; the caller runs
 * another pass rather than wait for its next tick (a server taking more
 * sessions a second than one pass closes would otherwise fall behind for good).
 */
export const CloseOtelSessionsResult = v.object({
  traces_applied: v.number(),
  sessions_closed: v.number(),
  more: v.boolean(),
});
export type CloseOtelSessionsResult = v.InferOutput<typeof CloseOtelSessionsResult>;

/**
 * The sweep the server runs every second or so. It applies the traces whose
 * waiting spans went quiet for the idle timeout (their root never came: the
 * earliest span opens the session, orphans attach to it), then ends the
 * sessions that are due: a session keyed by its trace once its root arrived
 * and it settled, with the root's outcome; any session idle for the timeout,
 * with its last root's outcome or, without one, as `timed_out`.
 */
export async function closeOtelSessions({
  ctx,
  options = ctx.otel ?? defaultOtelOptions,
}: {
  ctx: ServiceContext;
  options?: OtelOptions;
}): Promise<CloseOtelSessionsResult> {
  const nowUs = nowOf(ctx);
  const pageSize = options.sweepPageSize ?? defaultSweepPageSize;
  const idleBeforeUs = nowUs - options.idleTimeoutMs * 1000;
  const traces = await findQuietWaitingTraces(ctx.db, idleBeforeUs, pageSize);
  for (const traceId of traces) {
    await withTransaction(ctx, async (tx) => {
      await lockTraces(tx.db, [traceId]);
      const rows: OtelSpanRow[] = await findTraceSpans(tx.db, [traceId]);
      const applied = await applyTraces(tx, new Map([[traceId, rows]]), options, {
        nowUs,
        force: true,
      });
      await markOtelSpansApplied(tx.db, applied.applied);
      await upsertOtelSessions(tx.db, applied.sessions);
      await deleteTraceSpans(tx.db, [...applied.withoutGenAi, ...applied.deletedTraces]);
    });
  }
  const due = await findOtelSessionsToClose(
    ctx.db,
    { settledBeforeUs: nowUs - options.settleMs * 1000, idleBeforeUs },
    pageSize,
  );
  if (due.length > 0) {
    // One transaction and one ingest batch for the lot: an end event refused (ended
    // already by a native client, or an end before the start) closes it all the same,
    // and another instance sweeping at once sends the same idempotent events.
    await withTransaction(ctx, async (tx) => {
      const limits = ctx.ingestLimits ?? defaultIngestLimits;
      const ends = due.map((session) => endEvent(session, nowUs));
      for (let start = 0; start < ends.length; start += limits.maxEvents) {
        await ingestBatch({
          ctx: tx,
          input: { batch: ends.slice(start, start + limits.maxEvents) },
          limits,
        });
      }
      await markOtelSessionsClosed(
        tx.db,
        due.map((session) => session.session_id),
      );
    });
  }
  return {
    traces_applied: traces.length,
    sessions_closed: due.length,
    more: traces.length >= pageSize || due.length >= pageSize,
  };
}

export const closeOtelSessionsOperation = operation({
  name: 'ingest.closeOtelSessions',
  input: v.object({}),
  output: CloseOtelSessionsResult,
  scope: 'internal',
  audit: false,
  run: ({ ctx }) => closeOtelSessions({ ctx }),
});
