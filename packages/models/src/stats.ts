import * as v from 'valibot';
import { Count, DurationMs } from './primitives.js';

export const ChainStatistics = v.object({
  total_stages: Count,
  completed_stages: Count,
  failed_stages: Count,
  stages_by_agent: v.record(v.string(), Count),
});
export type ChainStatistics = v.InferOutput<typeof ChainStatistics>;

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
  chain_statistics: ChainStatistics,
});
export type SessionStats = v.InferOutput<typeof SessionStats>;
