import * as v from 'valibot';
import { LlmCallCost, llmCostColumns, UnpricedReason } from './cost.js';
import { Count, DurationMs, Id, JsonObject, JsonValue, Label, TimestampUs } from './primitives.js';
import { LLMInteractionType, NativeToolsConfig } from './tarsy-fields.js';

/** The roles of an LLM conversation's messages. */
export const llmMessageRoles = ['system', 'user', 'assistant', 'tool'] as const;
/** Who wrote one message of an LLM conversation. */
export const LLMMessageRole = v.picklist(llmMessageRoles);
export type LLMMessageRole = v.InferOutput<typeof LLMMessageRole>;

/** One message of an LLM conversation: its role and its text. */
export const LLMMessage = v.object({
  role: LLMMessageRole,
  content: v.string(),
});
export type LLMMessage = v.InferOutput<typeof LLMMessage>;

/** The kinds of MCP communication: listing a server's tools, or calling one. */
export const communicationTypes = ['tool_list', 'tool_call'] as const;
/**
 * Whether an MCP communication listed a server's tools (`tool_list`) or called one
 * (`tool_call`).
 */
export const CommunicationType = v.picklist(communicationTypes);
export type CommunicationType = v.InferOutput<typeof CommunicationType>;

/** Sampling temperature; providers differ on the upper bound, so only sanity is enforced. */
export const Temperature = v.pipe(v.number(), v.finite(), v.minValue(0));

/** The message of the rule that a `tool_call` names its tool. */
export const toolCallNeedsToolName = 'an MCP tool_call needs tool_name';

/** An MCP `tool_call` names its tool; a `tool_list` does not. */
export function toolCallHasToolName(input: {
  communication_type: CommunicationType;
  tool_name?: string | null | undefined;
}): boolean {
  return input.communication_type !== 'tool_call' || (input.tool_name ?? '') !== '';
}

/**
 * Token counts beside input and output, each its own column. Per the GenAI
 * conventions they are parts of the totals, not additions: cache-read and
 * cache-creation tokens are included in `input_tokens`, reasoning tokens in
 * `output_tokens`, so nothing sums them again.
 */
const tokenDetailEntries = {
  cache_read_tokens: v.nullable(Count),
  cache_creation_tokens: v.nullable(Count),
  reasoning_tokens: v.nullable(Count),
};

// ---------------------------------------------------------------------------
// Stored rows: what the repository writes and reads, one field per column.
// ---------------------------------------------------------------------------

/** A stored LLM interaction, one field per column of `llm_interactions`. */
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
  ...tokenDetailEntries,
  success: v.boolean(),
  error_message: v.nullable(v.string()),
  interaction_type: LLMInteractionType,
  /** Native thinking text of the model (Gemini thinking, Claude extended thinking). */
  thinking_content: v.nullable(v.string()),
  /** Provider metadata: grounding, search queries, code execution parts. */
  response_metadata: v.nullable(JsonObject),
  native_tools_config: v.nullable(NativeToolsConfig),
  /** For a summarization call: the MCP communication it summarised. */
  mcp_event_id: v.nullable(Id),
  ...llmCostColumns,
});
export type LLMInteractionRecord = v.InferOutput<typeof LLMInteractionRecord>;

/**
 * The fields of a stored MCP communication, without its cross-field rule (to extend or pick
 * from).
 */
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

/**
 * A stored MCP communication, one field per column of `mcp_communications`; a `tool_call` names
 * its tool.
 */
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

/** The `details` of an LLM event in a session's timeline. */
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
  ...tokenDetailEntries,
  success: v.boolean(),
  error_message: v.nullable(v.string()),
  interaction_type: LLMInteractionType,
  /** The same messages as `messages`, where Tarsy's dashboard reads them first. */
  conversation: v.object({ messages: v.array(LLMMessage) }),
  thinking_content: v.nullable(v.string()),
  response_metadata: v.nullable(JsonObject),
  native_tools_config: v.nullable(NativeToolsConfig),
  mcp_event_id: v.nullable(Id),
  /** What the call cost, priced when it was recorded; null when it has no cost. */
  cost_usd: v.nullable(LlmCallCost),
  /** Why it has no cost (null when priced, or when recorded before pricing existed). */
  unpriced_reason: v.nullable(UnpricedReason),
});
export type LLMEventDetails = v.InferOutput<typeof LLMEventDetails>;

/** The `details` of an MCP event in a session's timeline. */
export const MCPEventDetails = v.pipe(
  v.object({
    server_name: Label,
    communication_type: CommunicationType,
    tool_name: v.nullable(Label),
    /** `{}` when none was recorded, as Tarsy sends it. */
    tool_arguments: JsonObject,
    tool_result: JsonObject,
    available_tools: JsonObject,
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

/** An LLM call as a session's timeline shows it. */
export const LLMInteraction = v.object({
  ...timelineEventEntries,
  type: v.literal('llm'),
  details: LLMEventDetails,
});
export type LLMInteraction = v.InferOutput<typeof LLMInteraction>;

/** An MCP communication as a session's timeline shows it. */
export const MCPInteraction = v.object({
  ...timelineEventEntries,
  type: v.literal('mcp'),
  details: MCPEventDetails,
});
export type MCPInteraction = v.InferOutput<typeof MCPInteraction>;

/** One event of a session's timeline, told apart by `type` (`llm` or `mcp`). */
export const Interaction = v.variant('type', [LLMInteraction, MCPInteraction]);
export type Interaction = v.InferOutput<typeof Interaction>;

/** An LLM call in a stage's summary: when, what for, and its outcome, without the messages. */
export const LLMInteractionSummary = v.object({
  interaction_id: Id,
  timestamp_us: TimestampUs,
  step_description: v.string(),
  model_name: Label,
  duration_ms: v.nullable(DurationMs),
});
export type LLMInteractionSummary = v.InferOutput<typeof LLMInteractionSummary>;

/**
 * An MCP communication in a stage's summary: when, what for, and its outcome, without its
 * payloads.
 */
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
