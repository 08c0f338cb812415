import { TimestampUs } from '@hindsight/models';
import {
  insertLLMInteraction,
  insertMCPCommunication,
  insertSession,
  insertStage,
} from '@hindsight/repository';
import * as v from 'valibot';
import type { ServiceContext } from '../context.js';
import { withTransaction } from '../context.js';
import { pricingOf } from '../cost/price-book.js';
import { operation } from '../hub/operation.js';
import { demoSessions } from './demo-sessions.js';

/** How many demo sessions a seed wrote and how many were already there. */
export interface SeedResult {
  readonly inserted: number;
  readonly skipped: number;
}

/**
 * Loads the demo runs, each in one transaction. Their ids are fixed, so
 * seeding again skips what is already there instead of duplicating it.
 */
export async function seedDemoSessions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { now_us: number };
}): Promise<SeedResult> {
  let inserted = 0;
  for (const run of demoSessions(input.now_us)) {
    const created = await withTransaction(ctx, async ({ db }) => {
      if (!(await insertSession(db, run.session))) return false;
      for (const stage of run.stages) await insertStage(db, stage);
      for (const interaction of await pricingOf(ctx).priceAll(db, run.llm)) {
        await insertLLMInteraction(db, interaction);
      }
      for (const communication of run.mcp) await insertMCPCommunication(db, communication);
      return true;
    });
    if (created) inserted += 1;
  }
  return { inserted, skipped: demoSessions(input.now_us).length - inserted };
}

/** The schema of a seed's result, the output of the `demo.seed` operation. */
export const SeedResult = v.object({
  inserted: v.pipe(v.number(), v.safeInteger()),
  skipped: v.pipe(v.number(), v.safeInteger()),
});

/** The CLI's `seed` (and tests): internal, no route calls it. */
export const seedDemoSessionsOperation = operation({
  name: 'demo.seed',
  input: v.object({ now_us: TimestampUs }),
  output: SeedResult,
  scope: 'internal',
  audit: false,
  run: seedDemoSessions,
});
