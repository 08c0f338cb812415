import { RepriceInput, RepriceResult } from '@hindsight/models';
import { findLlmCallsToPrice, type LlmCallKey, updateLlmCallCosts } from '@hindsight/repository';
import { type ServiceContext, withTransaction } from '../context.js';
import { operation } from '../hub/operation.js';
import { costColumnsOf, pricingOf } from './price-book.js';

/**
 * Prices stored calls again with the prices in force now (after an override
 * changed, or for calls stored before pricing existed), in bounded batches:
 * each batch reads its calls, prices them and writes those whose cost
 * changed in one transaction, and the triggers move the sessions' totals by
 * the difference. A batch that commits is never redone, so a reprice
 * interrupted half-way can simply be run again.
 */
export async function reprice({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: RepriceInput;
}): Promise<RepriceResult> {
  const book = pricingOf(ctx);
  book.invalidate();
  let after: LlmCallKey | undefined;
  let examined = 0;
  let changed = 0;
  let batches = 0;
  for (;;) {
    const result = await withTransaction(ctx, async ({ db }) => {
      const calls = await findLlmCallsToPrice(db, {
        limit: input.batch_size,
        ...(after ? { after } : {}),
        ...(input.since_us === undefined ? {} : { sinceUs: input.since_us }),
      });
      const overrides = await book.overrides(db);
      const updates = calls.map((call) => ({
        session_id: call.session_id,
        interaction_id: call.interaction_id,
        ...costColumnsOf(call, overrides),
      }));
      return { calls, changed: await updateLlmCallCosts(db, updates) };
    });
    if (result.calls.length === 0) break;
    batches += 1;
    examined += result.calls.length;
    changed += result.changed;
    const last = result.calls.at(-1);
    if (!last || result.calls.length < input.batch_size) break;
    after = { session_id: last.session_id, interaction_id: last.interaction_id };
  }
  return { calls_examined: examined, calls_changed: changed, batches };
}

/** Re-prices stored calls (admin; the CLI's `hindsight reprice`). */
export const repriceOperation = operation({
  name: 'prices.reprice',
  input: RepriceInput,
  output: RepriceResult,
  scope: 'admin',
  audit: true,
  target: () => 'prices',
  run: reprice,
});
