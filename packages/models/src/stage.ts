import * as v from 'valibot';
import { Interaction, LLMInteraction, MCPInteraction } from './interaction.js';
import {
  Count,
  completedNotBeforeStarted,
  completesAfterStart,
  DurationMs,
  Id,
  JsonObject,
  Label,
  TimestampUs,
} from './primitives.js';
import { StageStatus } from './status.js';

/** One stage execution as stored, one field per column of `stage_executions`. */
export const StageExecutionRecordFields = v.object({
  execution_id: Id,
  session_id: Id,
  stage_id: Id,
  stage_index: Count,
  stage_name: Label,
  agent: Label,
  status: StageStatus,
  started_at_us: v.nullable(TimestampUs),
  completed_at_us: v.nullable(TimestampUs),
  duration_ms: v.nullable(DurationMs),
  stage_output: v.nullable(JsonObject),
  error_message: v.nullable(v.string()),
});

export const StageExecutionRecord = v.pipe(
  StageExecutionRecordFields,
  v.forward(
    v.partialCheck(
      [['started_at_us'], ['completed_at_us']],
      (input) => completesAfterStart(input),
      completedNotBeforeStarted,
    ),
    ['completed_at_us'],
  ),
);
export type StageExecutionRecord = v.InferOutput<typeof StageExecutionRecord>;

/** A stage with every interaction it made, for the detail view (EP-0010 `DetailedStage`). */
export const DetailedStage = v.pipe(
  v.object({
    ...StageExecutionRecordFields.entries,
    llm_interactions: v.array(LLMInteraction),
    mcp_communications: v.array(MCPInteraction),
    llm_interaction_count: Count,
    mcp_communication_count: Count,
    total_interactions: Count,
    stage_interactions_duration_ms: v.nullable(DurationMs),
    stage_input_tokens: v.nullable(Count),
    stage_output_tokens: v.nullable(Count),
    stage_total_tokens: v.nullable(Count),
    chronological_interactions: v.array(Interaction),
  }),
  v.forward(
    v.partialCheck(
      [['started_at_us'], ['completed_at_us']],
      (input) => completesAfterStart(input),
      completedNotBeforeStarted,
    ),
    ['completed_at_us'],
  ),
);
export type DetailedStage = v.InferOutput<typeof DetailedStage>;
