import type {
  LLMInteractionBody,
  MCPCommunicationBody,
  OtelAttributes,
  OtelSpanRecord,
  SessionStartedBody,
  StageStartedBody,
} from '@hindsight/models';
import { asObject, countOf, numberOf, structured, text, textList } from './attributes.js';
import { conversationOf, outputTextOf } from './messages.js';
import type { OtelOptions } from './options.js';

const maxLabel = 255;

/** Text cut to a label's bound (ids, names); empty becomes the fallback. */
function label(value: string | undefined, fallback: string): string {
  const chosen = value === undefined || value === '' ? fallback : value;
  return chosen.length > maxLabel ? chosen.slice(0, maxLabel) : chosen;
}

/** An attribute of the span, else of its resource. */
function lookup(span: OtelSpanRecord, keys: readonly string[]): string | undefined {
  return text(span.attributes, ...keys) ?? text(span.resource, ...keys);
}

export function durationMs(span: OtelSpanRecord): number {
  return Math.round((span.end_us - span.start_us) / 1000);
}

/** The session a span names (conversation or session id), if it names one. */
export function sessionKeyOf(span: OtelSpanRecord, options: OtelOptions): string | undefined {
  const key = lookup(span, options.sessionAttributes);
  return key === undefined ? undefined : label(key, key);
}

/**
 * Why a span failed, or null when it did not: an ERROR status, or an
 * `error.type` (which the GenAI conventions set exactly when the call failed).
 */
export function errorOf(span: OtelSpanRecord): string | null {
  const errorType = text(span.attributes, 'error.type');
  if (span.status_code !== 2 && errorType === undefined) return null;
  const exception = span.events.find((e) => e.name === 'exception');
  const exceptionMessage = exception ? text(exception.attributes, 'exception.message') : undefined;
  return span.status_message ?? exceptionMessage ?? errorType ?? 'the span ended with an error';
}

function agentTypeOf(span: OtelSpanRecord, options: OtelOptions): string {
  return label(lookup(span, options.agentTypeAttributes), 'otel');
}

/** `session.started` from the span that opens the session (its trace's root, or its earliest span). */
export function sessionStartedBody(
  root: OtelSpanRecord,
  sessionId: string,
  options: OtelOptions,
): SessionStartedBody {
  const agentType = agentTypeOf(root, options);
  const alertType = lookup(root, options.alertTypeAttributes);
  const author = lookup(root, ['user.id', 'enduser.id']);
  const service = text(root.resource, 'service.name');
  return {
    session_id: sessionId,
    alert_id: label(lookup(root, ['hindsight.alert_id']), sessionId),
    alert_type: alertType === undefined ? null : label(alertType, alertType),
    agent_type: agentType,
    alert_data: {
      trace_id: root.trace_id,
      root_span: root.name,
      ...(service === undefined ? {} : { service_name: service }),
    },
    chain_id: label(text(root.attributes, 'gen_ai.workflow.name'), agentType),
    chain_definition: { source: 'opentelemetry' },
    started_at_us: root.start_us,
    author: author === undefined ? null : label(author, author),
    session_metadata: { source: 'opentelemetry', trace_id: root.trace_id },
  };
}

function stageNameOf(span: OtelSpanRecord): string {
  const a = span.attributes;
  return label(
    text(
      a,
      'gen_ai.agent.name',
      'gen_ai.workflow.name',
      'agent.name',
      'traceloop.entity.name',
      'ai.telemetry.functionId',
    ),
    span.name || 'agent',
  );
}

/**
 * The id of a stage, LLM call or MCP call: its span id qualified by its trace.
 * Span ids are unique within a trace only, and one session (a conversation)
 * holds many traces: two of them may reuse a span id.
 */
export function spanEntityIdOf(span: { trace_id: string; span_id: string }): string {
  return `${span.trace_id}-${span.span_id}`;
}

export function stageStartedBody(
  span: OtelSpanRecord,
  sessionId: string,
  stageIndex: number,
): StageStartedBody {
  const name = stageNameOf(span);
  return {
    execution_id: spanEntityIdOf(span),
    session_id: sessionId,
    stage_id: label(text(span.attributes, 'gen_ai.agent.id'), name),
    stage_index: stageIndex,
    stage_name: label(span.name, name),
    agent: name,
    started_at_us: span.start_us,
  };
}

/** The stage's end: `stage.failed` with its error, or `stage.completed` with its output. */
export function stageEnd(span: OtelSpanRecord, sessionId: string) {
  const error = errorOf(span);
  if (error !== null) {
    return {
      type: 'stage.failed' as const,
      body: {
        execution_id: spanEntityIdOf(span),
        session_id: sessionId,
        completed_at_us: span.end_us,
        error_message: error,
      },
    };
  }
  const output = outputTextOf(span);
  return {
    type: 'stage.completed' as const,
    body: {
      execution_id: spanEntityIdOf(span),
      session_id: sessionId,
      completed_at_us: span.end_us,
      ...(output === null ? {} : { stage_output: { output } }),
    },
  };
}

const requestParameters = [
  ['gen_ai.request.max_tokens', 'max_tokens'],
  ['gen_ai.request.top_p', 'top_p'],
  ['gen_ai.request.top_k', 'top_k'],
  ['gen_ai.request.frequency_penalty', 'frequency_penalty'],
  ['gen_ai.request.presence_penalty', 'presence_penalty'],
  ['gen_ai.request.seed', 'seed'],
  ['gen_ai.request.choice.count', 'choice_count'],
] as const;

/**
 * The step as one line: the span name, then what the call record has no
 * column for (the requested model when another answered, finish reasons,
 * request parameters beside temperature).
 */
function llmStepDescription(
  span: OtelSpanRecord,
  requestModel: string | undefined,
  modelName: string,
): string {
  const a = span.attributes;
  const parts = [span.name || 'chat'];
  if (requestModel !== undefined && requestModel !== modelName)
    parts.push(`requested ${requestModel}`);
  const finish = textList(a, 'gen_ai.response.finish_reasons');
  if (finish.length === 0) finish.push(...textList(a, 'ai.response.finishReason'));
  if (finish.length > 0) parts.push(`finish ${finish.join(', ')}`);
  const params = requestParameters
    .map(([key, name]) => [name, numberOf(a, key)] as const)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name} ${value}`);
  const stop = textList(a, 'gen_ai.request.stop_sequences');
  if (stop.length > 0) params.push(`stop ${JSON.stringify(stop)}`);
  if (params.length > 0) parts.push(params.join(', '));
  return parts.join(' · ');
}

/** Token counts, new names first, then the older GenAI, OpenLLMetry, OpenInference and Vercel ones. */
function tokensOf(a: OtelAttributes) {
  return {
    input_tokens: countOf(
      a,
      'gen_ai.usage.input_tokens',
      'gen_ai.usage.prompt_tokens',
      'llm.token_count.prompt',
      'ai.usage.inputTokens',
      'ai.usage.promptTokens',
    ),
    output_tokens: countOf(
      a,
      'gen_ai.usage.output_tokens',
      'gen_ai.usage.completion_tokens',
      'llm.token_count.completion',
      'ai.usage.outputTokens',
      'ai.usage.completionTokens',
    ),
    total_tokens: countOf(
      a,
      'gen_ai.usage.total_tokens',
      'llm.usage.total_tokens',
      'llm.token_count.total',
      'ai.usage.totalTokens',
    ),
    cache_read_tokens: countOf(
      a,
      'gen_ai.usage.cache_read.input_tokens',
      'gen_ai.usage.cache_read_input_tokens',
      'llm.token_count.prompt_details.cache_read',
      'ai.usage.cachedInputTokens',
      'ai.usage.inputTokenDetails.cacheReadTokens',
    ),
    cache_creation_tokens: countOf(
      a,
      'gen_ai.usage.cache_creation.input_tokens',
      'gen_ai.usage.cache_creation_input_tokens',
      'llm.token_count.prompt_details.cache_write',
      'ai.usage.inputTokenDetails.cacheWriteTokens',
    ),
    reasoning_tokens: countOf(
      a,
      'gen_ai.usage.reasoning.output_tokens',
      'gen_ai.usage.reasoning_tokens',
      'llm.token_count.completion_details.reasoning',
      'ai.usage.reasoningTokens',
      'ai.usage.outputTokenDetails.reasoningTokens',
    ),
  };
}

/** Drops undefined members, so that optional body fields are absent rather than undefined. */
function defined<T extends Record<string, unknown>>(
  record: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

export function llmBody(
  span: OtelSpanRecord,
  sessionId: string,
  stageId: string | null,
): LLMInteractionBody {
  const a = span.attributes;
  const requestModel = text(a, 'gen_ai.request.model', 'llm.request.model', 'ai.model.id');
  const modelName = label(
    text(a, 'gen_ai.response.model', 'llm.response.model', 'ai.response.model') ??
      requestModel ??
      text(a, 'llm.model_name'),
    'unknown',
  );
  const provider = text(
    a,
    'gen_ai.provider.name',
    'gen_ai.system',
    'llm.provider',
    'llm.system',
    'ai.model.provider',
  );
  const conversation = conversationOf(span);
  const error = errorOf(span);
  return {
    interaction_id: spanEntityIdOf(span),
    session_id: sessionId,
    stage_execution_id: stageId,
    timestamp_us: span.start_us,
    duration_ms: durationMs(span),
    step_description: llmStepDescription(span, requestModel, modelName),
    model_name: modelName,
    provider: provider === undefined ? null : label(provider, provider),
    temperature: numberOf(a, 'gen_ai.request.temperature', 'llm.temperature') ?? null,
    messages: conversation.messages,
    tool_calls: conversation.toolCalls.length > 0 ? conversation.toolCalls : null,
    ...defined(tokensOf(a)),
    success: error === null,
    error_message: error,
  };
}

/** The server a tool call went to: the MCP server's name or address when the span names one. */
function serverNameOf(span: OtelSpanRecord, isMcp: boolean): string {
  const a = span.attributes;
  const address = text(a, 'server.address');
  const port = text(a, 'server.port');
  const named = text(a, 'mcp.server.name', 'gen_ai.tool.server.name');
  if (named !== undefined) return label(named, 'mcp');
  if (address !== undefined)
    return label(port === undefined ? address : `${address}:${port}`, 'mcp');
  return isMcp ? 'mcp' : label(text(a, 'gen_ai.tool.type'), 'tool');
}

export function toolBody(
  span: OtelSpanRecord,
  sessionId: string,
  stageId: string | null,
): MCPCommunicationBody {
  const a = span.attributes;
  const method = text(a, 'mcp.method.name');
  const isList = method === 'tools/list';
  const fromName = span.name.startsWith('execute_tool ')
    ? span.name.slice('execute_tool '.length)
    : undefined;
  const toolName =
    text(a, 'gen_ai.tool.name', 'tool.name', 'ai.toolCall.name', 'traceloop.entity.name') ??
    fromName;
  const args =
    structured(a, 'gen_ai.tool.call.arguments') ??
    structured(a, 'ai.toolCall.args') ??
    structured(a, 'ai.toolCall.input') ??
    structured(a, 'tool.parameters') ??
    structured(a, 'input.value') ??
    structured(a, 'traceloop.entity.input');
  const result =
    structured(a, 'gen_ai.tool.call.result') ??
    structured(a, 'ai.toolCall.result') ??
    structured(a, 'ai.toolCall.output') ??
    structured(a, 'mcp.response.value') ??
    structured(a, 'output.value') ??
    structured(a, 'traceloop.entity.output');
  const error = errorOf(span);
  const details = [span.name || 'execute_tool'];
  const callId = text(a, 'gen_ai.tool.call.id', 'ai.toolCall.id');
  if (callId !== undefined) details.push(`call ${callId}`);
  const mcpSession = text(a, 'mcp.session.id');
  if (mcpSession !== undefined) details.push(`mcp session ${mcpSession}`);
  const resultObject = asObject(result);
  return {
    communication_id: spanEntityIdOf(span),
    session_id: sessionId,
    stage_execution_id: stageId,
    timestamp_us: span.start_us,
    duration_ms: durationMs(span),
    step_description: details.join(' · '),
    server_name: serverNameOf(span, method !== undefined),
    communication_type: isList ? 'tool_list' : 'tool_call',
    tool_name: isList ? null : label(toolName, 'tool'),
    parameters: asObject(args) ?? null,
    result: isList ? null : (resultObject ?? null),
    available_tools: isList ? (resultObject ?? null) : null,
    success: error === null,
    error_message: error,
  };
}

/** What ends a session keyed by this root: failed with its error, or completed with its output. */
export function rootOutcome(span: OtelSpanRecord) {
  const error = errorOf(span);
  return {
    end_us: span.end_us,
    failed: error !== null,
    error,
    output: error === null ? outputTextOf(span) : null,
  };
}
