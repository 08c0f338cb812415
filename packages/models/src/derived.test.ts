import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  llmEventDetails,
  llmInteraction,
  llmInteractionRecord,
  mcpCommunicationRecord,
  mcpEventDetails,
  mcpInteraction,
  sessionRecord,
  stageExecutionRecord,
  T0,
} from '../test/fixtures.js';
import {
  buildDetailedSession,
  buildDetailedStage,
  chainStatistics,
  chronological,
  durationMsBetween,
  sessionStats,
  sumPresent,
  toLLMInteraction,
  toMCPInteraction,
} from './derived.js';
import { LLMInteraction, MCPInteraction } from './interaction.js';
import { DetailedSession } from './session.js';
import { DetailedStage } from './stage.js';
import { ChainStatistics, SessionStats } from './stats.js';

describe('durationMsBetween', () => {
  it('gives whole milliseconds, rounded down', () => {
    expect(durationMsBetween(T0, T0 + 1_500_999)).toBe(1_500);
    expect(durationMsBetween(T0, T0 + 999)).toBe(0);
    expect(durationMsBetween(T0, T0)).toBe(0);
  });

  it('is null while either end is unknown', () => {
    expect(durationMsBetween(null, T0)).toBeNull();
    expect(durationMsBetween(T0, null)).toBeNull();
  });
});

describe('sumPresent', () => {
  it('is null when no value is present', () => {
    expect(sumPresent([])).toBeNull();
    expect(sumPresent([null, undefined])).toBeNull();
  });

  it('sums the present values, a present zero included', () => {
    expect(sumPresent([1, null, 2, undefined, 3])).toBe(6);
    expect(sumPresent([null, 0])).toBe(0);
  });
});

describe('toLLMInteraction', () => {
  it('maps a record to a timeline event that passes LLMInteraction', () => {
    const record = llmInteractionRecord({
      interaction_id: 'llm-7',
      step_description: null,
      cache_read_tokens: 40,
      cache_creation_tokens: 10,
      reasoning_tokens: 25,
    });
    const event = v.parse(LLMInteraction, toLLMInteraction(record));
    expect(event).toMatchObject({
      id: 'llm-7',
      event_id: 'llm-7',
      type: 'llm',
      timestamp_us: record.timestamp_us,
      step_description: '',
      duration_ms: record.duration_ms,
      stage_execution_id: record.stage_execution_id,
    });
    expect(event.details).toEqual({
      model_name: record.model_name,
      provider: record.provider,
      temperature: record.temperature,
      messages: record.messages,
      tool_calls: record.tool_calls,
      tool_results: record.tool_results,
      input_tokens: record.input_tokens,
      output_tokens: record.output_tokens,
      total_tokens: record.total_tokens,
      cache_read_tokens: 40,
      cache_creation_tokens: 10,
      reasoning_tokens: 25,
      success: record.success,
      error_message: record.error_message,
      interaction_type: 'investigation',
      conversation: { messages: record.messages },
      thinking_content: null,
      response_metadata: null,
      native_tools_config: null,
      mcp_event_id: null,
      cost_usd: null,
      unpriced_reason: null,
    });
  });

  it('passes on the Tarsy fields ingested with the call', () => {
    const record = llmInteractionRecord({
      interaction_type: 'summarization',
      thinking_content: 'Let me think.',
      response_metadata: { grounding: { queries: ['disk'] } },
      native_tools_config: { google_search: true },
      mcp_event_id: 'mcp-9',
    });
    const { details } = v.parse(LLMInteraction, toLLMInteraction(record));
    expect(details).toMatchObject({
      interaction_type: 'summarization',
      thinking_content: 'Let me think.',
      response_metadata: { grounding: { queries: ['disk'] } },
      native_tools_config: { google_search: true },
      mcp_event_id: 'mcp-9',
    });
    expect(details.conversation.messages).toEqual(record.messages);
  });
});

describe('toMCPInteraction', () => {
  it('renames parameters and result and passes MCPInteraction', () => {
    const record = mcpCommunicationRecord({ communication_id: 'mcp-7', stage_execution_id: null });
    const event = v.parse(MCPInteraction, toMCPInteraction(record));
    expect(event).toMatchObject({
      id: 'mcp-7',
      event_id: 'mcp-7',
      type: 'mcp',
      timestamp_us: record.timestamp_us,
      step_description: record.step_description,
      duration_ms: record.duration_ms,
      stage_execution_id: null,
    });
    expect(event.details).toEqual({
      server_name: record.server_name,
      communication_type: record.communication_type,
      tool_name: record.tool_name,
      tool_arguments: record.parameters,
      tool_result: record.result,
      available_tools: {},
      success: record.success,
      error_message: record.error_message,
    });
  });

  it('sends {} for arguments, result and tools that were not recorded, as Tarsy does', () => {
    const record = mcpCommunicationRecord({
      parameters: null,
      result: null,
      available_tools: null,
    });
    const { details } = v.parse(MCPInteraction, toMCPInteraction(record));
    expect(details.tool_arguments).toEqual({});
    expect(details.tool_result).toEqual({});
    expect(details.available_tools).toEqual({});
  });

  it('keeps a tool_list without tool_name valid', () => {
    const record = mcpCommunicationRecord({ communication_type: 'tool_list', tool_name: null });
    expect(v.safeParse(MCPInteraction, toMCPInteraction(record)).success).toBe(true);
  });
});

describe('chronological', () => {
  const at = (id: string, timestamp_us: number) =>
    llmInteraction({ id, event_id: id, timestamp_us });

  it('orders by time, then by id, without changing its input', () => {
    const input = [at('b', 2), at('c', 1), at('a', 2), at('d', 0)];
    const ids = input.map((i) => i.id);
    expect(chronological(input).map((i) => i.id)).toEqual(['d', 'c', 'a', 'b']);
    expect(input.map((i) => i.id)).toEqual(ids);
  });

  it('gives the same order whatever the input order', () => {
    const events = [at('x', 5), at('y', 5), at('z', 1), at('w', 9), at('v', 5)];
    const expected = chronological(events).map((i) => i.id);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), (shuffled) => {
        expect(chronological(shuffled).map((i) => i.id)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the input order of full ties', () => {
    const first = at('same', 3);
    const second = { ...at('same', 3), step_description: 'second' };
    expect(chronological([first, second])).toEqual([first, second]);
    expect(chronological([second, first])).toEqual([second, first]);
  });
});

describe('buildDetailedStage', () => {
  const stage = stageExecutionRecord();
  const llmA = llmInteraction({
    id: 'llm-a',
    timestamp_us: T0 + 30,
    duration_ms: 100,
    details: llmEventDetails({ input_tokens: 11, output_tokens: 12, total_tokens: 23 }),
  });
  const llmB = llmInteraction({
    id: 'llm-b',
    timestamp_us: T0 + 10,
    duration_ms: null,
    details: llmEventDetails({ input_tokens: 5, output_tokens: null, total_tokens: 7 }),
  });
  const mcp = mcpInteraction({ id: 'mcp-a', timestamp_us: T0 + 20, duration_ms: 40 });

  it('splits, counts and orders the interactions', () => {
    const detailed = v.parse(DetailedStage, buildDetailedStage(stage, [llmA, mcp, llmB]));
    expect(detailed).toMatchObject(stage);
    expect(detailed.chronological_interactions.map((i) => i.id)).toEqual([
      'llm-b',
      'mcp-a',
      'llm-a',
    ]);
    expect(detailed.llm_interactions.map((i) => i.id)).toEqual(['llm-b', 'llm-a']);
    expect(detailed.mcp_communications.map((i) => i.id)).toEqual(['mcp-a']);
    expect(detailed.llm_interaction_count).toBe(2);
    expect(detailed.mcp_communication_count).toBe(1);
    expect(detailed.total_interactions).toBe(3);
  });

  it('sums tokens and durations over the present values', () => {
    const detailed = buildDetailedStage(stage, [llmA, mcp, llmB]);
    expect(detailed.stage_input_tokens).toBe(11 + 5);
    expect(detailed.stage_output_tokens).toBe(12);
    expect(detailed.stage_total_tokens).toBe(23 + 7);
    expect(detailed.stage_interactions_duration_ms).toBe(140);
  });

  it('has null totals when nothing reports them', () => {
    const silent = llmInteraction({
      duration_ms: null,
      details: llmEventDetails({ input_tokens: null, output_tokens: null, total_tokens: null }),
    });
    const detailed = v.parse(DetailedStage, buildDetailedStage(stage, [silent]));
    expect(detailed.stage_input_tokens).toBeNull();
    expect(detailed.stage_output_tokens).toBeNull();
    expect(detailed.stage_total_tokens).toBeNull();
    expect(detailed.stage_interactions_duration_ms).toBeNull();
    const toolsOnly = buildDetailedStage(stage, [mcp]);
    expect(toolsOnly.stage_total_tokens).toBeNull();
    expect(toolsOnly.stage_interactions_duration_ms).toBe(40);
  });

  it('builds a valid stage without interactions', () => {
    const detailed = v.parse(DetailedStage, buildDetailedStage(stage, []));
    expect(detailed.total_interactions).toBe(0);
    expect(detailed.chronological_interactions).toEqual([]);
  });
});

describe('buildDetailedSession, chainStatistics and sessionStats', () => {
  const session = sessionRecord({ started_at_us: T0, completed_at_us: T0 + 90_000_500 });
  const first = buildDetailedStage(
    stageExecutionRecord({ execution_id: 'e0', stage_index: 0, agent: 'KubernetesAgent' }),
    [
      llmInteraction({
        id: 'l0',
        details: llmEventDetails({ input_tokens: 10, output_tokens: 20, total_tokens: 30 }),
      }),
      mcpInteraction({ id: 'm0' }),
    ],
  );
  const second = buildDetailedStage(
    stageExecutionRecord({
      execution_id: 'e1',
      stage_index: 1,
      agent: 'LogAgent',
      status: 'failed',
      error_message: 'timeout',
    }),
    [mcpInteraction({ id: 'm1', details: mcpEventDetails({ success: false }) })],
  );
  const third = buildDetailedStage(
    stageExecutionRecord({ execution_id: 'e2', stage_index: 2, agent: 'KubernetesAgent' }),
    [],
  );
  const orphan = llmInteraction({
    id: 'l9',
    stage_execution_id: null,
    details: llmEventDetails({
      input_tokens: 1,
      output_tokens: 2,
      total_tokens: 3,
      success: false,
    }),
  });
  const detailed = buildDetailedSession(session, [third, first, second], [orphan]);

  it('orders stages by stage_index and passes DetailedSession', () => {
    expect(v.parse(DetailedSession, detailed)).toEqual(detailed);
    expect(detailed.stages.map((s) => s.execution_id)).toEqual(['e0', 'e1', 'e2']);
    expect(detailed.session_level_interactions).toEqual([orphan]);
  });

  it('totals interactions and tokens across stages and session-level interactions', () => {
    expect(detailed.llm_interaction_count).toBe(2);
    expect(detailed.mcp_communication_count).toBe(2);
    expect(detailed.total_interactions).toBe(4);
    expect(detailed.session_input_tokens).toBe(10 + 1);
    expect(detailed.session_output_tokens).toBe(20 + 2);
    expect(detailed.session_total_tokens).toBe(30 + 3);
  });

  it('derives duration_ms from the session times, null while running', () => {
    expect(detailed.duration_ms).toBe(90_000);
    const running = sessionRecord({ status: 'in_progress', completed_at_us: null });
    expect(buildDetailedSession(running, [], []).duration_ms).toBeNull();
  });

  it('chainStatistics counts stages by status and by agent', () => {
    const stats = v.parse(ChainStatistics, chainStatistics(detailed.stages));
    expect(stats).toEqual({
      total_stages: 3,
      completed_stages: 2,
      failed_stages: 1,
      stages_by_agent: { KubernetesAgent: 2, LogAgent: 1 },
    });
    expect(chainStatistics([])).toEqual({
      total_stages: 0,
      completed_stages: 0,
      failed_stages: 0,
      stages_by_agent: {},
    });
  });

  it('sessionStats counts failed stages and failed interactions as errors', () => {
    const stats = v.parse(SessionStats, sessionStats(detailed));
    expect(stats.errors_count).toBe(1 + 2);
    expect(stats).toMatchObject({
      total_interactions: 4,
      llm_interactions: 2,
      mcp_communications: 2,
      total_duration_ms: 90_000,
      session_total_tokens: detailed.session_total_tokens,
    });
    expect(stats.chain_statistics.stages_by_agent).toEqual({ KubernetesAgent: 2, LogAgent: 1 });
  });

  it('sessionStats reports zero for unknown totals of a running session', () => {
    const running = sessionRecord({ status: 'in_progress', completed_at_us: null });
    const stats = v.parse(SessionStats, sessionStats(buildDetailedSession(running, [], [])));
    expect(stats).toMatchObject({ total_duration_ms: 0, session_total_tokens: 0, errors_count: 0 });
  });
});
