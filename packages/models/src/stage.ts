import * as v from 'valibot';
import { UsdAmount } from './cost.js';
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
import { ChatUserMessage, ParallelType } from './tarsy-fields.js';

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
  /** How the agent iterated (`react`, `native-thinking`, ...). */
  iteration_strategy: v.nullable(Label),
  parallel_type: ParallelType,
  /** 0 for a top-level stage; 1..N for the children of a parallel stage. */
  parallel_index: Count,
  /** The parallel stage this one is a child of. */
  parent_stage_execution_id: v.nullable(Id),
  /** Set on the stages that answer a chat message. */
  chat_id: v.nullable(Id),
  chat_user_message_id: v.nullable(Id),
  chat_user_message: v.nullable(ChatUserMessage),
});

/**
 * A stored stage execution, one field per column of `stage_executions`; it does not end before
 * it started.
 */
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

const detailedStageEntries = {
  ...StageExecutionRecordFields.entries,
  /** The provider named in `stage_output.llm_provider`, as Tarsy reports it. */
  llm_provider: v.nullable(Label),
  llm_interactions: v.array(LLMInteraction),
  mcp_communications: v.array(MCPInteraction),
  llm_interaction_count: Count,
  mcp_communication_count: Count,
  total_interactions: Count,
  stage_interactions_duration_ms: v.nullable(DurationMs),
  stage_input_tokens: v.nullable(Count),
  stage_output_tokens: v.nullable(Count),
  stage_total_tokens: v.nullable(Count),
  /** The sum of the stage's priced LLM calls (its children's too); null when none is priced. */
  stage_cost_usd: v.nullable(UsdAmount),
  chronological_interactions: v.array(Interaction),
};

/** A child of a parallel stage: one of its agents. Children do not nest further. */
export const ParallelChildStage = v.pipe(
  v.object({ ...detailedStageEntries, parallel_executions: v.null() }),
  v.forward(
    v.partialCheck(
      [['started_at_us'], ['completed_at_us']],
      (input) => completesAfterStart(input),
      completedNotBeforeStarted,
    ),
    ['completed_at_us'],
  ),
);
export type ParallelChildStage = v.InferOutput<typeof ParallelChildStage>;

/**
 * A stage with every interaction it made, for the detail view (EP-0010
 * `DetailedStage`). A parallel stage holds its agents in `parallel_executions`
 * (by `parallel_index`); any other stage has null there.
 */
export const DetailedStage = v.pipe(
  v.object({
    ...detailedStageEntries,
    parallel_executions: v.nullable(v.array(ParallelChildStage)),
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
