import {
  type DeletedRows,
  emptyDeletedRows,
  RetentionRunInput,
  RetentionRunResult,
} from '@hindsight/models';
import {
  countExpired,
  deleteSessionsCascade,
  lockExpiredSessions,
  pruneTombstones,
  tryRetentionLock,
} from '@hindsight/repository';
import { nowOf, withTransaction } from '../context.js';
import { operation } from '../hub/operation.js';

const dayUs = 86_400_000_000;

function add(a: DeletedRows, b: DeletedRows): DeletedRows {
  return {
    sessions: a.sessions + b.sessions,
    stages: a.stages + b.stages,
    llm_interactions: a.llm_interactions + b.llm_interactions,
    mcp_communications: a.mcp_communications + b.mcp_communications,
    ingest_events: a.ingest_events + b.ingest_events,
    live_events: a.live_events + b.live_events,
  };
}

/**
 * The retention job: deletes sessions past their period (RetentionPolicy)
 * with everything under them, `batch_size` sessions per transaction, so no
 * transaction holds locks or WAL for long and ingest and reads go on between
 * batches. Each batch takes the retention advisory lock (try, never wait): when
 * another instance holds it, this run stops and says `skipped`. Tombstones
 * older than the default period are pruned last. A dry run only counts.
 */
export const runRetentionOperation = operation({
  name: 'retention.run',
  input: RetentionRunInput,
  output: RetentionRunResult,
  scope: 'internal',
  audit: false,
  run: async ({ ctx, input, caller }) => {
    const started = performance.now();
    const now = input.now_us ?? nowOf(ctx);
    const policy = input.policy;
    const tombstonesBefore = now - policy.default_days * dayUs;
    const elapsed = () => Math.round(performance.now() - started);
    if (input.dry_run) {
      const deleted = await countExpired(ctx.db, { policy, nowUs: now });
      const tombstones = await pruneTombstones(ctx.db, tombstonesBefore, true);
      return {
        dry_run: true,
        skipped: false,
        batches: 0,
        deleted,
        tombstones,
        duration_ms: elapsed(),
      };
    }
    let deleted = emptyDeletedRows;
    let batches = 0;
    for (;;) {
      caller.signal?.throwIfAborted();
      if (input.max_batches !== undefined && batches >= input.max_batches) break;
      const batch = await withTransaction(ctx, async (tx) => {
        if (!(await tryRetentionLock(tx.db))) return 'locked' as const;
        const ids = await lockExpiredSessions(tx.db, {
          policy,
          nowUs: now,
          limit: input.batch_size,
        });
        return deleteSessionsCascade(tx.db, ids);
      });
      if (batch === 'locked') {
        return {
          dry_run: false,
          skipped: true,
          batches,
          deleted,
          tombstones: 0,
          duration_ms: elapsed(),
        };
      }
      if (batch.sessions === 0) break;
      batches += 1;
      deleted = add(deleted, batch);
      if (batch.sessions < input.batch_size) break;
    }
    const tombstones = await pruneTombstones(ctx.db, tombstonesBefore);
    return { dry_run: false, skipped: false, batches, deleted, tombstones, duration_ms: elapsed() };
  },
});
