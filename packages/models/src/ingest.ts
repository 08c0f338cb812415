import * as v from 'valibot';
import {
  LLMInteractionRecord,
  MCPCommunicationRecordFields,
  toolCallHasToolName,
  toolCallNeedsToolName,
} from './interaction.js';
import { Count, Id, IsoTimestamp, JsonObject, Label } from './primitives.js';
import { SessionRecordFields } from './session.js';
import { StageExecutionRecordFields } from './stage.js';

const session = SessionRecordFields.entries;
const stage = StageExecutionRecordFields.entries;
const llm = LLMInteractionRecord.entries;
const mcp = MCPCommunicationRecordFields.entries;

/** Optional in a request body: a client may leave the field out or send null. */
function optional<const T extends v.GenericSchema>(schema: T) {
  return v.nullish(schema);
}

// ---------------------------------------------------------------------------
// Event bodies
// ---------------------------------------------------------------------------

/** Body of `session.started`: the session as it begins, with its alert and its chain. */
export const SessionStartedBody = v.object({
  session_id: session.session_id,
  alert_id: session.alert_id,
  alert_type: optional(session.alert_type.wrapped),
  agent_type: session.agent_type,
  alert_data: session.alert_data,
  chain_id: session.chain_id,
  chain_definition: session.chain_definition,
  started_at_us: session.started_at_us,
  author: optional(session.author.wrapped),
  session_metadata: optional(session.session_metadata.wrapped),
  runbook_url: optional(session.runbook_url.wrapped),
  mcp_selection: optional(session.mcp_selection.wrapped),
  slack_message_fingerprint: optional(session.slack_message_fingerprint.wrapped),
});
export type SessionStartedBody = v.InferOutput<typeof SessionStartedBody>;

/** Body of `session.updated`: what changed on a running session (status, current stage, pause). */
export const SessionUpdatedBody = v.object({
  session_id: session.session_id,
  status: optional(v.picklist(['in_progress', 'paused'])),
  current_stage_index: optional(session.current_stage_index.wrapped),
  current_stage_id: optional(session.current_stage_id.wrapped),
  session_metadata: optional(session.session_metadata.wrapped),
  /**
   * Why the session paused (Tarsy's `{reason, current_iteration, message,
   * paused_at_us}`), sent with `status: "paused"`: stored while it is paused,
   * cleared when it runs again, and published with `session.paused`.
   */
  pause_metadata: optional(session.pause_metadata.wrapped),
});
export type SessionUpdatedBody = v.InferOutput<typeof SessionUpdatedBody>;

/** Body of `session.completed`: when it ended and, usually, the final analysis. */
export const SessionCompletedBody = v.object({
  session_id: session.session_id,
  completed_at_us: session.completed_at_us.wrapped,
  final_analysis: optional(v.string()),
  final_analysis_summary: optional(v.string()),
  executive_summary_error: optional(v.string()),
});
export type SessionCompletedBody = v.InferOutput<typeof SessionCompletedBody>;

/** Body of `session.failed`: when it ended and the error that ended it. */
export const SessionFailedBody = v.object({
  session_id: session.session_id,
  completed_at_us: session.completed_at_us.wrapped,
  error_message: v.pipe(v.string(), v.minLength(1, 'a failed session needs error_message')),
});
export type SessionFailedBody = v.InferOutput<typeof SessionFailedBody>;

/** Body of `session.cancelled` and `session.timed_out`. */
export const SessionEndedBody = v.object({
  session_id: session.session_id,
  completed_at_us: session.completed_at_us.wrapped,
  error_message: optional(v.string()),
});
export type SessionEndedBody = v.InferOutput<typeof SessionEndedBody>;

/**
 * Body of `stage.started`: a stage of the session's chain begins (a child of a parallel stage
 * names its parent).
 */
export const StageStartedBody = v.object({
  execution_id: stage.execution_id,
  session_id: stage.session_id,
  stage_id: stage.stage_id,
  stage_index: stage.stage_index,
  stage_name: stage.stage_name,
  agent: stage.agent,
  started_at_us: stage.started_at_us.wrapped,
  iteration_strategy: optional(stage.iteration_strategy.wrapped),
  /** `single` when absent. */
  parallel_type: optional(stage.parallel_type),
  /** 0 when absent; 1..N for the children of a parallel stage. */
  parallel_index: optional(stage.parallel_index),
  /** The parallel stage of the same session this one is a child of. */
  parent_stage_execution_id: optional(stage.parent_stage_execution_id.wrapped),
  /** For live followers: how many children a parallel stage will start (not stored). */
  expected_parallel_count: optional(stage.parallel_index),
  chat_id: optional(stage.chat_id.wrapped),
  chat_user_message_id: optional(stage.chat_user_message_id.wrapped),
  chat_user_message: optional(stage.chat_user_message.wrapped),
});
export type StageStartedBody = v.InferOutput<typeof StageStartedBody>;

/** Body of `stage.completed`: when the stage ended and its output. */
export const StageCompletedBody = v.object({
  execution_id: stage.execution_id,
  session_id: stage.session_id,
  completed_at_us: stage.completed_at_us.wrapped,
  stage_output: optional(stage.stage_output.wrapped),
  status: optional(v.picklist(['completed', 'partial'])),
});
export type StageCompletedBody = v.InferOutput<typeof StageCompletedBody>;

/** Body of `stage.failed`: when the stage ended and its error. */
export const StageFailedBody = v.object({
  execution_id: stage.execution_id,
  session_id: stage.session_id,
  completed_at_us: stage.completed_at_us.wrapped,
  error_message: v.pipe(v.string(), v.minLength(1, 'a failed stage needs error_message')),
});
export type StageFailedBody = v.InferOutput<typeof StageFailedBody>;

/** The message of the rule that cache tokens are part of the input tokens. */
export const cacheTokensWithinInput =
  'cache_read_tokens and cache_creation_tokens are part of input_tokens: together they cannot exceed it';
/** The message of the rule that reasoning tokens are part of the output tokens. */
export const reasoningTokensWithinOutput =
  'reasoning_tokens are part of output_tokens: they cannot exceed it';

// A bad or absent whole is reported on its own field (or has nothing to exceed).
function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Body of `llm.interaction`: one LLM call, its messages, tool calls, tokens and outcome. */
export const LLMInteractionBody = v.pipe(
  v.object({
    interaction_id: llm.interaction_id,
    session_id: llm.session_id,
    /** Absent or null for an interaction made outside any stage. */
    stage_execution_id: optional(llm.stage_execution_id.wrapped),
    timestamp_us: llm.timestamp_us,
    duration_ms: llm.duration_ms.wrapped,
    step_description: optional(v.string()),
    model_name: llm.model_name,
    provider: optional(llm.provider.wrapped),
    temperature: optional(llm.temperature.wrapped),
    messages: llm.messages,
    tool_calls: optional(llm.tool_calls.wrapped),
    tool_results: optional(llm.tool_results.wrapped),
    input_tokens: optional(llm.input_tokens.wrapped),
    output_tokens: optional(llm.output_tokens.wrapped),
    total_tokens: optional(llm.total_tokens.wrapped),
    /** Included in input_tokens (GenAI conventions): a part, never added to it. */
    cache_read_tokens: optional(llm.cache_read_tokens.wrapped),
    cache_creation_tokens: optional(llm.cache_creation_tokens.wrapped),
    /** Included in output_tokens. */
    reasoning_tokens: optional(llm.reasoning_tokens.wrapped),
    success: llm.success,
    error_message: optional(v.string()),
    /** `investigation` when absent. */
    interaction_type: optional(llm.interaction_type),
    thinking_content: optional(v.string()),
    response_metadata: optional(llm.response_metadata.wrapped),
    native_tools_config: optional(llm.native_tools_config.wrapped),
    mcp_event_id: optional(llm.mcp_event_id.wrapped),
  }),
  // Parts never exceed their wholes (TokenUsage), when the whole is given: a token is never
  // counted twice. A part without its whole is kept, and the call is priced as if it were 0.
  v.forward(
    v.partialCheck(
      [['input_tokens'], ['cache_read_tokens'], ['cache_creation_tokens']],
      (b) =>
        !isCount(b.input_tokens) ||
        (b.cache_read_tokens ?? 0) + (b.cache_creation_tokens ?? 0) <= b.input_tokens,
      cacheTokensWithinInput,
    ),
    ['cache_read_tokens'],
  ),
  v.forward(
    v.partialCheck(
      [['output_tokens'], ['reasoning_tokens']],
      (b) => !isCount(b.output_tokens) || (b.reasoning_tokens ?? 0) <= b.output_tokens,
      reasoningTokensWithinOutput,
    ),
    ['reasoning_tokens'],
  ),
);
export type LLMInteractionBody = v.InferOutput<typeof LLMInteractionBody>;

/**
 * Body of `mcp.communication`: one MCP tool list or tool call, its parameters, result and
 * outcome.
 */
export const MCPCommunicationBody = v.pipe(
  v.object({
    communication_id: mcp.communication_id,
    session_id: mcp.session_id,
    /** Absent or null for a communication made outside any stage. */
    stage_execution_id: optional(mcp.stage_execution_id.wrapped),
    timestamp_us: mcp.timestamp_us,
    duration_ms: mcp.duration_ms.wrapped,
    step_description: optional(v.string()),
    server_name: mcp.server_name,
    communication_type: mcp.communication_type,
    tool_name: optional(mcp.tool_name.wrapped),
    parameters: optional(mcp.parameters.wrapped),
    result: optional(mcp.result.wrapped),
    available_tools: optional(mcp.available_tools.wrapped),
    success: mcp.success,
    error_message: optional(v.string()),
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
export type MCPCommunicationBody = v.InferOutput<typeof MCPCommunicationBody>;

/**
 * What a running session is doing now (Tarsy's progress text): recorded once
 * (idempotent by event id) and published as `session.progress_update`; it
 * changes no stored record.
 */
export const SessionProgressUpdateBody = v.object({
  session_id: session.session_id,
  /** `investigating`, `gathering_info`, `synthesizing`, `distilling`, `concluding`, `finalizing`... */
  phase: Label,
  metadata: optional(JsonObject),
  stage_execution_id: optional(Id),
  parent_stage_execution_id: optional(Id),
  parallel_index: optional(Count),
  agent_name: optional(Label),
});
export type SessionProgressUpdateBody = v.InferOutput<typeof SessionProgressUpdateBody>;

/** The kinds of streamed LLM text a `llm.stream.chunk` event carries to live viewers. */
export const streamTypes = [
  'thought',
  'final_answer',
  'intermediate_response',
  'summarization',
  'native_thinking',
] as const;

/**
 * Text an LLM is streaming: `chunk` is all the text so far. Transient: it is
 * published to the session's live subscribers and never stored (no event id
 * is recorded, so a repeat is published again; no catch-up).
 */
export const LLMStreamChunkBody = v.object({
  session_id: session.session_id,
  stage_execution_id: optional(Id),
  chunk: v.string(),
  stream_type: v.picklist(streamTypes),
  is_complete: v.boolean(),
  llm_interaction_id: optional(Id),
  mcp_event_id: optional(Id),
  parent_stage_execution_id: optional(Id),
  parallel_index: optional(Count),
  agent_name: optional(Label),
});
export type LLMStreamChunkBody = v.InferOutput<typeof LLMStreamChunkBody>;

// ---------------------------------------------------------------------------
// Envelopes
// ---------------------------------------------------------------------------

/** Every event type of the ingest API, each with its own body schema. */
export const ingestEventTypes = [
  'session.started',
  'session.updated',
  'session.completed',
  'session.failed',
  'session.cancelled',
  'session.timed_out',
  'stage.started',
  'stage.completed',
  'stage.failed',
  'llm.interaction',
  'mcp.communication',
  'session.progress_update',
  'llm.stream.chunk',
] as const;
/** The `type` of an ingest event. */
export const IngestEventType = v.picklist(ingestEventTypes);
export type IngestEventType = v.InferOutput<typeof IngestEventType>;

/** The body schema of each event type. */
export const ingestBodySchemas = {
  'session.started': SessionStartedBody,
  'session.updated': SessionUpdatedBody,
  'session.completed': SessionCompletedBody,
  'session.failed': SessionFailedBody,
  'session.cancelled': SessionEndedBody,
  'session.timed_out': SessionEndedBody,
  'stage.started': StageStartedBody,
  'stage.completed': StageCompletedBody,
  'stage.failed': StageFailedBody,
  'llm.interaction': LLMInteractionBody,
  'mcp.communication': MCPCommunicationBody,
  'session.progress_update': SessionProgressUpdateBody,
  'llm.stream.chunk': LLMStreamChunkBody,
} as const satisfies Record<IngestEventType, v.GenericSchema>;

function envelope<const T extends IngestEventType>(type: T) {
  return v.object({
    id: Id,
    timestamp: IsoTimestamp,
    type: v.literal(type),
    body: ingestBodySchemas[type],
  });
}

/** An ingest event of type `session.started` (id, timestamp, type and body). */
export const SessionStartedEvent = envelope('session.started');
/** An ingest event of type `session.updated`. */
export const SessionUpdatedEvent = envelope('session.updated');
/** An ingest event of type `session.completed`. */
export const SessionCompletedEvent = envelope('session.completed');
/** An ingest event of type `session.failed`. */
export const SessionFailedEvent = envelope('session.failed');
/** An ingest event of type `session.cancelled`. */
export const SessionCancelledEvent = envelope('session.cancelled');
/** An ingest event of type `session.timed_out`. */
export const SessionTimedOutEvent = envelope('session.timed_out');
/** An ingest event of type `stage.started`. */
export const StageStartedEvent = envelope('stage.started');
/** An ingest event of type `stage.completed`. */
export const StageCompletedEvent = envelope('stage.completed');
/** An ingest event of type `stage.failed`. */
export const StageFailedEvent = envelope('stage.failed');
/** An ingest event of type `llm.interaction`. */
export const LLMInteractionEvent = envelope('llm.interaction');
/** An ingest event of type `mcp.communication`. */
export const MCPCommunicationEvent = envelope('mcp.communication');
/** An ingest event of type `session.progress_update`: a status line for live viewers. */
export const SessionProgressUpdateEvent = envelope('session.progress_update');
/** An ingest event of type `llm.stream.chunk`: streamed text for live viewers. */
export const LLMStreamChunkEvent = envelope('llm.stream.chunk');

/** Ingest events that are published and never stored (no ingest record, no live row). */
export const transientIngestEventTypes = ['llm.stream.chunk'] as const;

/** Any ingest event; `type` picks the body schema. */
export const IngestEvent = v.variant('type', [
  SessionStartedEvent,
  SessionUpdatedEvent,
  SessionCompletedEvent,
  SessionFailedEvent,
  SessionCancelledEvent,
  SessionTimedOutEvent,
  StageStartedEvent,
  StageCompletedEvent,
  StageFailedEvent,
  LLMInteractionEvent,
  MCPCommunicationEvent,
  SessionProgressUpdateEvent,
  LLMStreamChunkEvent,
]);
export type IngestEvent = v.InferOutput<typeof IngestEvent>;

/**
 * The envelope alone, body unchecked. A batch is accepted when every envelope
 * is well formed; each body is then checked on its own so one bad event never
 * fails the others.
 */
export const IngestEnvelope = v.object({
  id: Id,
  timestamp: IsoTimestamp,
  type: IngestEventType,
  body: v.unknown(),
});
export type IngestEnvelope = v.InferOutput<typeof IngestEnvelope>;

/** Default upper bound of events in one batch; the server may configure another. */
export const defaultMaxBatchEvents = 1000;

/**
 * Body of `POST /api/v1/ingest/batch`: events applied in order, each on its own (one bad event
 * does not fail the rest).
 */
export const IngestBatch = v.object({
  batch: v.pipe(
    v.array(IngestEnvelope),
    v.minLength(1, 'batch must hold at least one event'),
    v.maxLength(defaultMaxBatchEvents, `batch must hold at most ${defaultMaxBatchEvents} events`),
  ),
});
export type IngestBatch = v.InferOutput<typeof IngestBatch>;

/**
 * An event the batch applied: 201 when it wrote something, 200 when it was a replay of an event
 * already applied.
 */
export const IngestSuccess = v.object({
  id: Id,
  status: v.picklist([200, 201]),
  /** Something the sender should know, e.g. that the session had timed out before this event. */
  note: v.optional(v.string()),
});
export type IngestSuccess = v.InferOutput<typeof IngestSuccess>;

/** An event the batch refused, with the HTTP status it would have had alone and the reason. */
export const IngestError = v.object({
  id: v.string(),
  /** 410: the session was deleted (a tombstone refuses events that name it). */
  status: v.picklist([400, 404, 409, 410, 413, 422, 500]),
  message: v.string(),
});
export type IngestError = v.InferOutput<typeof IngestError>;

/** The answer to a batch (HTTP 207): one success or one error per event. */
export const IngestResult = v.object({
  successes: v.array(IngestSuccess),
  errors: v.array(IngestError),
});
export type IngestResult = v.InferOutput<typeof IngestResult>;
