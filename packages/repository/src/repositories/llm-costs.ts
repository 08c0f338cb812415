import type { LlmCostColumns } from '@hindsight/models';
import { and, asc, gt, gte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';
import { llmInteractions } from '../schema/llm-interactions.js';

/** What a call is priced from: its key, model, time and token counts. */
export interface LlmCallToPrice {
  readonly session_id: string;
  readonly interaction_id: string;
  readonly timestamp_us: number;
  readonly model_name: string;
  readonly provider: string | null;
  readonly input_tokens: number | null;
  readonly output_tokens: number | null;
  readonly cache_read_tokens: number | null;
  readonly cache_creation_tokens: number | null;
  readonly reasoning_tokens: number | null;
}

/** Where a walk over the calls stands: after this call, in (session_id, interaction_id) order. */
export interface LlmCallKey {
  readonly session_id: string;
  readonly interaction_id: string;
}

/**
 * One batch of calls to price again, in primary-key order after `after`, made
 * at or after `sinceUs` when given. The key order walks the primary key index,
 * so each batch costs the same however deep the walk is.
 */
export async function findLlmCallsToPrice(
  db: Db,
  options: { readonly after?: LlmCallKey; readonly sinceUs?: number; readonly limit: number },
): Promise<LlmCallToPrice[]> {
  const conditions: SQL[] = [];
  if (options.after) {
    const { session_id, interaction_id } = options.after;
    const after = or(
      gt(llmInteractions.session_id, session_id),
      and(
        sql`${llmInteractions.session_id} = ${session_id}`,
        gt(llmInteractions.interaction_id, interaction_id),
      ),
    );
    if (after) conditions.push(after);
  }
  if (options.sinceUs !== undefined) {
    conditions.push(gte(llmInteractions.timestamp_us, options.sinceUs));
  }
  return db
    .select({
      session_id: llmInteractions.session_id,
      interaction_id: llmInteractions.interaction_id,
      timestamp_us: llmInteractions.timestamp_us,
      model_name: llmInteractions.model_name,
      provider: llmInteractions.provider,
      input_tokens: llmInteractions.input_tokens,
      output_tokens: llmInteractions.output_tokens,
      cache_read_tokens: llmInteractions.cache_read_tokens,
      cache_creation_tokens: llmInteractions.cache_creation_tokens,
      reasoning_tokens: llmInteractions.reasoning_tokens,
    })
    .from(llmInteractions)
    .where(and(...conditions))
    .orderBy(asc(llmInteractions.session_id), asc(llmInteractions.interaction_id))
    .limit(options.limit);
}

/** A call's key and the cost it is to have. */
export type LlmCallCostUpdate = LlmCallKey & LlmCostColumns;

/**
 * Sets the cost of these calls in one statement; only calls whose cost
 * changes are written, so the triggers of migration 0014 adjust the sessions'
 * totals by the difference. Returns how many calls changed.
 */
export async function updateLlmCallCosts(
  db: Db,
  updates: readonly LlmCallCostUpdate[],
): Promise<number> {
  if (updates.length === 0) return 0;
  const changed = await db.execute(sql`
    update llm_interactions as l set
      cost_usd = u.cost_usd, input_cost_usd = u.input_cost_usd,
      cache_read_cost_usd = u.cache_read_cost_usd,
      cache_creation_cost_usd = u.cache_creation_cost_usd,
      output_cost_usd = u.output_cost_usd, price_source = u.price_source,
      priced_provider = u.priced_provider, priced_model = u.priced_model,
      unpriced_reason = u.unpriced_reason
    from jsonb_populate_recordset(null::llm_interactions, ${JSON.stringify(updates)}::jsonb) as u
    where l.session_id = u.session_id and l.interaction_id = u.interaction_id
      and (l.cost_usd, l.input_cost_usd, l.cache_read_cost_usd, l.cache_creation_cost_usd,
        l.output_cost_usd, l.price_source, l.priced_provider, l.priced_model, l.unpriced_reason)
        is distinct from
        (u.cost_usd, u.input_cost_usd, u.cache_read_cost_usd, u.cache_creation_cost_usd,
        u.output_cost_usd, u.price_source, u.priced_provider, u.priced_model, u.unpriced_reason)
    returning 1`);
  return rowsOf(changed).length;
}
