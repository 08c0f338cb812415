import {
  type LLMInteractionRecord,
  type MCPCommunicationRecord,
  noLlmCost,
  type SessionRecord,
  type StageExecutionRecord,
} from '@hindsight/models';

// Builders of valid records for tests; each call returns a fresh object.

const baseTimeUs = 1_767_225_600_000_000; // 2026-01-01T00:00:00Z

/** A valid stored session for tests; `overrides` sets the fields a test cares about. */
export function sessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    session_id: 'session-1',
    alert_id: 'alert-1',
    alert_type: 'PodCrashLooping',
    agent_type: 'kubernetes',
    status: 'in_progress',
    started_at_us: baseTimeUs,
    completed_at_us: null,
    error_message: null,
    final_analysis: null,
    alert_data: { namespace: 'payments', pod: 'api-7f9c' },
    session_metadata: null,
    chain_id: 'k8s-triage',
    chain_definition: { stages: ['collect', 'analyse'] },
    current_stage_index: 0,
    current_stage_id: 'collect',
    author: null,
    final_analysis_summary: null,
    executive_summary_error: null,
    pause_metadata: null,
    runbook_url: null,
    mcp_selection: null,
    slack_message_fingerprint: null,
    ...overrides,
  };
}

/** A valid stored stage execution for tests; `overrides` sets the fields a test cares about. */
export function stageRecord(overrides: Partial<StageExecutionRecord> = {}): StageExecutionRecord {
  return {
    execution_id: 'exec-1',
    session_id: 'session-1',
    stage_id: 'collect',
    stage_index: 0,
    stage_name: 'Collect data',
    agent: 'KubernetesAgent',
    status: 'active',
    started_at_us: baseTimeUs + 1_000,
    completed_at_us: null,
    duration_ms: null,
    stage_output: null,
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

/** A valid stored LLM interaction for tests; `overrides` sets the fields a test cares about. */
export function llmRecord(overrides: Partial<LLMInteractionRecord> = {}): LLMInteractionRecord {
  return {
    ...noLlmCost,
    interaction_id: 'llm-1',
    session_id: 'session-1',
    stage_execution_id: 'exec-1',
    timestamp_us: baseTimeUs + 2_000,
    duration_ms: 850,
    step_description: 'Plan the investigation',
    model_name: 'gpt-4o',
    provider: 'openai',
    temperature: 0.2,
    messages: [
      { role: 'system', content: 'You are an SRE agent.' },
      { role: 'user', content: 'Pod api-7f9c is crash looping.' },
      { role: 'assistant', content: 'Let me look at its events.' },
    ],
    tool_calls: null,
    tool_results: null,
    input_tokens: 120,
    output_tokens: 30,
    total_tokens: 150,
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
    ...overrides,
  };
}

/** A valid stored MCP communication for tests; `overrides` sets the fields a test cares about. */
export function mcpRecord(overrides: Partial<MCPCommunicationRecord> = {}): MCPCommunicationRecord {
  return {
    communication_id: 'mcp-1',
    session_id: 'session-1',
    stage_execution_id: 'exec-1',
    timestamp_us: baseTimeUs + 3_000,
    duration_ms: 120,
    step_description: 'Read pod events',
    server_name: 'kubernetes',
    communication_type: 'tool_call',
    tool_name: 'get_events',
    parameters: { namespace: 'payments', pod: 'api-7f9c' },
    result: { events: ['BackOff'] },
    available_tools: null,
    success: true,
    error_message: null,
    ...overrides,
  };
}
