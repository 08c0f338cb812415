import { countStaleUsageHours, rebuildStaleUsageHours } from '@hindsight/repository';
import * as v from 'valibot';
import { type ServiceContext, withTransaction } from '../context.js';
import { operation } from '../hub/operation.js';

/** Hours one refresh rebuilds at most, each transaction a few of them: a backlog drains in steps. */
export const usageRefreshBatch = 24;
const hoursPerTransaction = 4;

/**
 * Rebuilds the usage rollup of the hours written since their last rebuild,
 * up to `max_hours`, and says how many are still stale. Safe on several
 * instances at once: an hour one of them is rebuilding, the others skip.
 */
export async function refreshUsage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { max_hours: number };
}): Promise<{ rebuilt_hours: number; stale_hours: number }> {
  let rebuilt = 0;
  while (rebuilt < input.max_hours) {
    const limit = Math.min(hoursPerTransaction, input.max_hours - rebuilt);
    const hours = await withTransaction(ctx, (tx) => rebuildStaleUsageHours(tx.db, limit));
    if (hours.length === 0) break;
    rebuilt += hours.length;
  }
  return { rebuilt_hours: rebuilt, stale_hours: await countStaleUsageHours(ctx.db) };
}

export const refreshUsageOperation = operation({
  name: 'usage.refresh',
  input: v.object({
    max_hours: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1)), usageRefreshBatch),
  }),
  output: v.object({ rebuilt_hours: v.number(), stale_hours: v.number() }),
  scope: 'internal',
  audit: false,
  run: refreshUsage,
});
