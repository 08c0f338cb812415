import * as v from 'valibot';
import { Count, DurationMs, Id, JsonObject, JsonValue, Label, TimestampUs } from './primitives.js';

export const llmMessageRoles = ['system', 'user', 'assistant', 'tool'] as const;
export const LLMMessageRole = v.picklist(llmMessageRoles);
export type LLMMessageRole = v.InferOutput<typeof LLMMessageRole>;

export const LLMMessage = v.object({
  role: LLMMessageRole,
  content: v.string(),
});
export type LLMMessage = v.InferOutput<typeof LLMMessage>;

export const communicationTypes = ['tool_list', 'tool_call'] as const;
export const CommunicationType = v.picklist(communicationTypes);
export type CommunicationType = v.InferOutput<typeof CommunicationType>;

/** Sampling temperature; providers differ on the upper bound, so only sanity is enforced. */
export const Temperature = v.pipe(v.number(), v.finite(), v.minValue(0));

export const toolCallNeedsToolName = 'an MCP tool_call needs tool_name';

/** An MCP `tool_call` names its tool; a `tool_list` does not. */
export function toolCallHasToolName(input: {
  communication_type: CommunicationType;
  tool_name?: string | null | undefined;
}): boolean {
  return input.communication_type !== 'tool_call' || (input.tool_name ?? '') !== '';
}

// ---------------------------------------------------------------------------
// Stored rows: what the repository writes and reads, one field per column.
// ---------------------------------------------------------------------------

export const LLMInteractionRecord = v.object({
  interaction_id: Id,
  session_id: Id,
  stage_execution_id: v.nullable(Id),
  timestamp_us: TimestampUs,
  duration_ms: v.nullable(DurationMs),
  step_description: v.nullable(v.string()),
  model_name: Label,
  provider: v.nullable(Label),
  temperature: v.nullable(Temperature),
  messages: v.array(LLMMessage),
  tool_calls: v.nullable(JsonValue),
  tool_results: v.nullable(JsonValue),
  input_tokens: v.nullable(Count),
  output_tokens: v.nullable(Count),
  total_tokens: v.nullable(Count),
  success: v.boolean(),
  error_message: v.nullable(v.string()),
});
export type LLMInteractionRecord = v.InferOutput<typeof LLMInteractionRecord>;

export const MCPCommunicationRecordFields = v.object({
  communication_id: Id,
  session_id: Id,
  stage_execution_id: v.nullable(Id),
  timestamp_us: TimestampUs,
  duration_ms: v.nullable(DurationMs),
  step_description: v.nullable(v.string()),
  server_name: Label,
  communication_type: CommunicationType,
  tool_name: v.nullable(Label),
  parameters: v.nullable(JsonObject),
  result: v.nullable(JsonObject),
  available_tools: v.nullable(JsonObject),
  success: v.boolean(),
  error_message: v.nullable(v.string()),
});

export const MCPCommunicationRecord = v.pipe(
  MCPCommunicationRecordFields,
  v.forward(
    v.partialCheck(
      [['communication_type'], ['tool_name']],
      (input) => toolCallHasToolName(input),
      toolCallNeedsToolName,
    ),
    ['tool_name'],
  ),
);
export type MCPCommunicationRecord = v.InferOutput<typeof MCPCommunicationRecord>;

// ---------------------------------------------------------------------------
// Read models (EP-0010 / Tarsy API): timeline events with their details.
// ---------------------------------------------------------------------------

export const LLMEventDetails = v.object({
  model_name: Label,
  provider: v.nullable(Label),
  temperature: v.nullable(Temperature),
  messages: v.array(LLMMessage),
  tool_calls: v.nullable(JsonValue),
  tool_results: v.nullable(JsonValue),
  input_tokens: v.nullable(Count),
  output_tokens: v.nullable(Count),
  total_tokens: v.nullable(Count),
  success: v.boolean(),
  error_message: v.nullable(v.string()),
});
export type LLMEventDetails = v.InferOutput<typeof LLMEventDetails>;

export const MCPEventDetails = v.pipe(
  v.object({
    server_name: Label,
    communication_type: CommunicationType,
    tool_name: v.nullable(Label),
    tool_arguments: v.nullable(JsonObject),
    tool_result: v.nullable(JsonObject),
    available_tools: v.nullable(JsonObject),
    success: v.boolean(),
    error_message: v.nullable(v.string()),
  }),
  v.forward(
    v.partialCheck(
      [['communication_type'], ['tool_name']],
      (input) => toolCallHasToolName(input),
      toolCallNeedsToolName,
    ),
    ['tool_name'],
  ),
);
export type MCPEventDetails = v.InferOutput<typeof MCPEventDetails>;

const timelineEventEntries = {
  /** Same as `event_id`; kept because Tarsy clients read `id`. */
  id: Id,
  event_id: Id,
  timestamp_us: TimestampUs,
  step_description: v.string(),
  duration_ms: v.nullable(DurationMs),
  stage_execution_id: v.nullable(Id),
};

export const LLMInteraction = v.object({
  ...timelineEventEntries,
  type: v.literal('llm'),
  details: LLMEventDetails,
});
export type LLMInteraction = v.InferOutput<typeof LLMInteraction>;

export const MCPInteraction = v.object({
  ...timelineEventEntries,
  type: v.literal('mcp'),
  details: MCPEventDetails,
});
export type MCPInteraction = v.InferOutput<typeof MCPInteraction>;

export const Interaction = v.variant('type', [LLMInteraction, MCPInteraction]);
export type Interaction = v.InferOutput<typeof Interaction>;

export const LLMInteractionSummary = v.object({
  interaction_id: Id,
  timestamp_us: TimestampUs,
  step_description: v.string(),
  model_name: Label,
  duration_ms: v.nullable(DurationMs),
});
export type LLMInteractionSummary = v.InferOutput<typeof LLMInteractionSummary>;

export const MCPCommunicationSummary = v.object({
  communication_id: Id,
  timestamp_us: TimestampUs,
  step_description: v.string(),
  server_name: Label,
  /** Null for a `tool_list`, which names no tool. */
  tool_name: v.nullable(Label),
  success: v.boolean(),
  duration_ms: v.nullable(DurationMs),
});
export type MCPCommunicationSummary = v.InferOutput<typeof MCPCommunicationSummary>;
