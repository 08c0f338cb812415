// Builders of valid model values. Each call returns a fresh object, so a test may mutate it.
import * as v from 'valibot';
import type {
  DetailedSession,
  DetailedStage,
  LLMEventDetails,
  LLMInteraction,
  LLMInteractionRecord,
  LLMInteractionSummary,
  LLMMessage,
  MCPCommunicationRecord,
  MCPCommunicationSummary,
  MCPEventDetails,
  MCPInteraction,
  SessionOverview,
  SessionRecord,
  StageExecutionRecord,
} from '../src/index.js';

/** A realistic start time: 2023-11-14, in microseconds since the epoch. */
export const T0 = 1_700_000_000_000_000;

/** The dot path of every issue of a failed parse; `[]` when the input is valid, `''` for the root. */
export function issuePaths(schema: v.GenericSchema, input: unknown): string[] {
  const result = v.safeParse(schema, input);
  return result.success ? [] : result.issues.map((issue) => v.getDotPath(issue) ?? '');
}

/** A copy of `value` as a plain record, so a test can put any value in any field. */
export function loose(value: object): Record<string, unknown> {
  return { ...value };
}

/** Values that no `*_us`, `*_ms` or count field accepts. */
export const notCounts: readonly unknown[] = [-1, 1.5, 2 ** 53, Number.NaN, Infinity, '1', null];

export function llmMessages(): LLMMessage[] {
  return [
    { role: 'system', content: 'You triage alerts.' },
    { role: 'user', content: 'Disk almost full on db-1' },
  ];
}

export function llmInteractionRecord(
  overrides: Partial<LLMInteractionRecord> = {},
): LLMInteractionRecord {
  return {
    interaction_id: 'llm-1',
    session_id: 'session-1',
    stage_execution_id: 'exec-1',
    timestamp_us: T0 + 1_000,
    duration_ms: 1_200,
    step_description: 'Analyse the alert',
    model_name: 'gpt-4o',
    provider: 'openai',
    temperature: 0.2,
    messages: llmMessages(),
    tool_calls: [{ name: 'kubectl', arguments: { namespace: 'db' } }],
    tool_results: null,
    input_tokens: 120,
    output_tokens: 80,
    total_tokens: 200,
    cache_read_tokens: null,
    cache_creation_tokens: null,
    reasoning_tokens: null,
    success: true,
    error_message: null,
    interaction_type: 'investigation',
    thinking_content: null,
    response_metadata: null,
    native_tools_config: null,
    mcp_event_id: null,
    cost_usd: null,
    input_cost_usd: null,
    cache_read_cost_usd: null,
    cache_creation_cost_usd: null,
    output_cost_usd: null,
    price_source: null,
    priced_provider: null,
    priced_model: null,
    unpriced_reason: null,
    ...overrides,
  };
}

export function mcpCommunicationRecord(
  overrides: Partial<MCPCommunicationRecord> = {},
): MCPCommunicationRecord {
  return {
    communication_id: 'mcp-1',
    session_id: 'session-1',
    stage_execution_id: 'exec-1',
    timestamp_us: T0 + 2_000,
    duration_ms: 300,
    step_description: 'Check the disk',
    server_name: 'kubernetes',
    communication_type: 'tool_call',
    tool_name: 'df',
    parameters: { host: 'db-1' },
    result: { used_percent: 97 },
    available_tools: null,
    success: true,
    error_message: null,
    ...overrides,
  };
}

export function llmEventDetails(overrides: Partial<LLMEventDetails> = {}): LLMEventDetails {
  return {
    model_name: 'gpt-4o',
    provider: 'openai',
    temperature: 0.2,
    messages: llmMessages(),
    tool_calls: null,
    tool_results: null,
    input_tokens: 120,
    output_tokens: 80,
    total_tokens: 200,
    cache_read_tokens: null,
    cache_creation_tokens: null,
    reasoning_tokens: null,
    success: true,
    error_message: null,
    interaction_type: 'investigation',
    conversation: { messages: llmMessages() },
    thinking_content: null,
    response_metadata: null,
    native_tools_config: null,
    mcp_event_id: null,
    cost_usd: null,
    unpriced_reason: null,
    ...overrides,
  };
}

export function mcpEventDetails(overrides: Partial<MCPEventDetails> = {}): MCPEventDetails {
  return {
    server_name: 'kubernetes',
    communication_type: 'tool_call',
    tool_name: 'df',
    tool_arguments: { host: 'db-1' },
    tool_result: { used_percent: 97 },
    available_tools: {},
    success: true,
    error_message: null,
    ...overrides,
  };
}

export function llmInteraction(overrides: Partial<LLMInteraction> = {}): LLMInteraction {
  const id = overrides.id ?? 'llm-1';
  return {
    id,
    event_id: id,
    type: 'llm',
    timestamp_us: T0 + 1_000,
    step_description: 'Analyse the alert',
    duration_ms: 1_200,
    stage_execution_id: 'exec-1',
    details: llmEventDetails(),
    ...overrides,
  };
}

export function mcpInteraction(overrides: Partial<MCPInteraction> = {}): MCPInteraction {
  const id = overrides.id ?? 'mcp-1';
  return {
    id,
    event_id: id,
    type: 'mcp',
    timestamp_us: T0 + 2_000,
    step_description: 'Check the disk',
    duration_ms: 300,
    stage_execution_id: 'exec-1',
    details: mcpEventDetails(),
    ...overrides,
  };
}

export function llmInteractionSummary(): LLMInteractionSummary {
  return {
    interaction_id: 'llm-1',
    timestamp_us: T0 + 1_000,
    step_description: 'Analyse the alert',
    model_name: 'gpt-4o',
    duration_ms: 1_200,
  };
}

export function mcpCommunicationSummary(): MCPCommunicationSummary {
  return {
    communication_id: 'mcp-1',
    timestamp_us: T0 + 2_000,
    step_description: 'Check the disk',
    server_name: 'kubernetes',
    tool_name: 'df',
    success: true,
    duration_ms: 300,
  };
}

export function stageExecutionRecord(
  overrides: Partial<StageExecutionRecord> = {},
): StageExecutionRecord {
  return {
    execution_id: 'exec-1',
    session_id: 'session-1',
    stage_id: 'data-collection',
    stage_index: 0,
    stage_name: 'Data collection',
    agent: 'KubernetesAgent',
    status: 'completed',
    started_at_us: T0,
    completed_at_us: T0 + 5_000_000,
    duration_ms: 5_000,
    stage_output: { summary: 'disk 97% full' },
    error_message: null,
    iteration_strategy: null,
    parallel_type: 'single',
    parallel_index: 0,
    parent_stage_execution_id: null,
    chat_id: null,
    chat_user_message_id: null,
    chat_user_message: null,
    ...overrides,
  };
}

/** A stage with one LLM and one MCP interaction, its derived fields consistent with them. */
export function detailedStage(overrides: Partial<DetailedStage> = {}): DetailedStage {
  const llm = llmInteraction();
  const mcp = mcpInteraction();
  return {
    ...stageExecutionRecord(),
    llm_provider: null,
    llm_interactions: [llm],
    mcp_communications: [mcp],
    llm_interaction_count: 1,
    mcp_communication_count: 1,
    total_interactions: 2,
    stage_interactions_duration_ms: 1_500,
    stage_input_tokens: 120,
    stage_output_tokens: 80,
    stage_total_tokens: 200,
    stage_cost_usd: null,
    chronological_interactions: [llmInteraction(), mcpInteraction()],
    parallel_executions: null,
    ...overrides,
  };
}

export function sessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    session_id: 'session-1',
    alert_id: 'alert-1',
    alert_type: 'DiskFull',
    agent_type: 'sre',
    status: 'completed',
    started_at_us: T0,
    completed_at_us: T0 + 60_000_000,
    error_message: null,
    final_analysis: 'Log rotation was disabled.',
    alert_data: { host: 'db-1', severity: 'critical' },
    session_metadata: null,
    chain_id: 'disk-chain',
    chain_definition: { stages: [{ id: 'data-collection', agent: 'KubernetesAgent' }] },
    current_stage_index: 0,
    current_stage_id: 'data-collection',
    author: 'oncall@example.com',
    final_analysis_summary: null,
    executive_summary_error: null,
    pause_metadata: null,
    runbook_url: null,
    mcp_selection: null,
    slack_message_fingerprint: null,
    ...overrides,
  };
}

export function sessionOverview(overrides: Partial<SessionOverview> = {}): SessionOverview {
  return {
    session_id: 'session-1',
    alert_id: 'alert-1',
    alert_type: 'DiskFull',
    agent_type: 'sre',
    status: 'completed',
    author: null,
    started_at_us: T0,
    completed_at_us: T0 + 60_000_000,
    duration_ms: 60_000,
    error_message: null,
    llm_interaction_count: 1,
    mcp_communication_count: 1,
    total_interactions: 2,
    session_input_tokens: 120,
    session_output_tokens: 80,
    session_total_tokens: 200,
    session_cost_usd: null,
    unpriced_llm_interaction_count: 0,
    chain_id: 'disk-chain',
    total_stages: 1,
    completed_stages: 1,
    failed_stages: 0,
    current_stage_index: 0,
    final_analysis_summary: null,
    pause_metadata: null,
    runbook_url: null,
    mcp_selection: null,
    slack_message_fingerprint: null,
    has_parallel_stages: false,
    chat_message_count: null,
    ...overrides,
  };
}

export function detailedSession(overrides: Partial<DetailedSession> = {}): DetailedSession {
  return {
    ...sessionRecord(),
    duration_ms: 60_000,
    llm_interaction_count: 1,
    mcp_communication_count: 1,
    total_interactions: 2,
    session_input_tokens: 120,
    session_output_tokens: 80,
    session_total_tokens: 200,
    session_cost_usd: null,
    unpriced_llm_interaction_count: 0,
    has_parallel_stages: false,
    chat_message_count: null,
    stages: [detailedStage()],
    session_level_interactions: [],
    ...overrides,
  };
}
