import * as v from 'valibot';
import { UsdAmount } from './cost.js';
import { Count, DurationMs } from './primitives.js';

/** How a session's chain went: stages in all, completed, failed, and how many each agent ran. */
export const ChainStatistics = v.object({
  total_stages: Count,
  completed_stages: Count,
  failed_stages: Count,
  stages_by_agent: v.record(v.string(), Count),
});
export type ChainStatistics = v.InferOutput<typeof ChainStatistics>;

/**
 * A session's statistics: interactions, tokens, durations and its chain (`GET
 * /api/v1/history/sessions/{id}/summary`).
 */
export const SessionStats = v.object({
  total_interactions: Count,
  llm_interactions: Count,
  mcp_communications: Count,
  system_events: Count,
  errors_count: Count,
  total_duration_ms: DurationMs,
  session_input_tokens: Count,
  session_output_tokens: Count,
  session_total_tokens: Count,
  /** The sum of the costs of the session's priced LLM calls; null when none is priced. */
  session_cost_usd: v.nullable(UsdAmount),
  /** LLM calls the cost leaves out: they have no price (see `unpriced_reason` on each). */
  unpriced_llm_interactions: Count,
  chain_statistics: ChainStatistics,
});
export type SessionStats = v.InferOutput<typeof SessionStats>;
