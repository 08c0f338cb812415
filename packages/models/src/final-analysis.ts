import * as v from 'valibot';
import { LLMMessage } from './interaction.js';
import { Count, Id, Label, PlainObject, TimestampUs } from './primitives.js';
import { SessionStatus } from './status.js';

/** One LLM call's whole conversation, as Tarsy's `LLMConversationHistory` shows it. */
export const LLMConversationHistory = v.object({
  model_name: Label,
  provider: v.nullable(Label),
  timestamp_us: TimestampUs,
  input_tokens: v.nullable(Count),
  output_tokens: v.nullable(Count),
  total_tokens: v.nullable(Count),
  messages: v.array(LLMMessage),
});
export type LLMConversationHistory = v.InferOutput<typeof LLMConversationHistory>;

/**
 * A session's final analysis (null until it has one) and, when asked for, the
 * conversation of its last LLM call: the exchange that produced the analysis.
 */
export const FinalAnalysisResponse = v.object({
  session_id: Id,
  status: SessionStatus,
  final_analysis: v.nullable(v.string()),
  /** The executive summary of the analysis, and why it is missing when it could not be made. */
  final_analysis_summary: v.nullable(v.string()),
  executive_summary_error: v.nullable(v.string()),
  llm_conversation: v.nullable(LLMConversationHistory),
});
export type FinalAnalysisResponse = v.InferOutput<typeof FinalAnalysisResponse>;

/** `true`/`false` (or `1`/`0`) from a query string, or a boolean from code. */
const BooleanParam = v.union(
  [
    v.pipe(
      v.picklist(['true', 'false', '1', '0']),
      v.transform((value) => value === 'true' || value === '1'),
    ),
    v.boolean(),
  ],
  'must be true or false',
);

/** The query of `GET /sessions/{id}/final-analysis`. */
export const FinalAnalysisQuery = v.pipe(
  PlainObject,
  v.object({ include_conversation: v.optional(BooleanParam, false) }),
);
export type FinalAnalysisQuery = v.InferOutput<typeof FinalAnalysisQuery>;
