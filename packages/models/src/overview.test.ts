import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { llmInteractionRecord, sessionRecord, T0 } from '../test/fixtures.js';
import {
  buildSessionOverview,
  chainStageCount,
  emptySessionTotals,
  summarizeSession,
  toLLMConversationHistory,
} from './derived.js';
import { LLMConversationHistory } from './final-analysis.js';
import { SessionOverview } from './session.js';
import { SessionStats } from './stats.js';

const session = sessionRecord({ started_at_us: T0, completed_at_us: T0 + 61_000_999 });
const source = { ...session, chain_stage_count: chainStageCount(session.chain_definition) };

describe('buildSessionOverview', () => {
  it('builds a valid overview with the totals and the derived duration', () => {
    const overview = buildSessionOverview(source, {
      llm_interaction_count: 3,
      mcp_communication_count: 2,
      session_input_tokens: 100,
      session_output_tokens: 50,
      session_total_tokens: 150,
      session_cost_usd: '0.0125',
      unpriced_llm_interaction_count: 1,
      stage_count: 1,
      completed_stages: 1,
      failed_stages: 0,
      has_parallel_stages: false,
      chat_message_count: null,
    });
    expect(v.parse(SessionOverview, overview)).toEqual(overview);
    expect(overview).toMatchObject({
      duration_ms: 61_000,
      total_interactions: 5,
      session_total_tokens: 150,
      session_cost_usd: '0.0125',
      unpriced_llm_interaction_count: 1,
      total_stages: 1,
      completed_stages: 1,
    });
  });

  it('counts the stages run so far when the chain does not list its stages', () => {
    const bare = { ...source, chain_stage_count: chainStageCount({ name: 'adhoc' }) };
    const overview = buildSessionOverview(bare, { ...emptySessionTotals, stage_count: 2 });
    expect(overview.total_stages).toBe(2);
    expect(overview.session_input_tokens).toBeNull();
    expect(chainStageCount({ stages: [{}, {}, {}] })).toBe(3);
    expect(chainStageCount({ stages: 'three' })).toBeNull();
  });

  it('leaves duration_ms null while the session runs', () => {
    const running = { ...source, status: 'in_progress' as const, completed_at_us: null };
    expect(buildSessionOverview(running, emptySessionTotals).duration_ms).toBeNull();
  });
});

describe('summarizeSession', () => {
  it('counts failed stages and failed interactions as errors and fills stages_by_agent', () => {
    const stats = summarizeSession({
      started_at_us: T0,
      completed_at_us: T0 + 2_000_000,
      stages: [
        { agent: 'KubernetesAgent', status: 'completed' },
        { agent: 'KubernetesAgent', status: 'failed' },
        { agent: 'ReportAgent', status: 'completed' },
      ],
      llm_interaction_count: 4,
      mcp_communication_count: 3,
      failed_interaction_count: 2,
      session_input_tokens: 10,
      session_output_tokens: null,
      session_total_tokens: 10,
      session_cost_usd: '1.5',
      unpriced_llm_interaction_count: 1,
    });
    expect(v.parse(SessionStats, stats)).toEqual({
      total_interactions: 7,
      llm_interactions: 4,
      mcp_communications: 3,
      system_events: 0,
      errors_count: 3,
      total_duration_ms: 2_000,
      session_input_tokens: 10,
      session_output_tokens: 0,
      session_total_tokens: 10,
      session_cost_usd: '1.5',
      unpriced_llm_interactions: 1,
      chain_statistics: {
        total_stages: 3,
        completed_stages: 2,
        failed_stages: 1,
        stages_by_agent: { KubernetesAgent: 2, ReportAgent: 1 },
      },
    });
  });
});

describe('toLLMConversationHistory', () => {
  it('keeps the model, tokens and the whole message list', () => {
    const record = llmInteractionRecord();
    const history = v.parse(LLMConversationHistory, toLLMConversationHistory(record));
    expect(history.messages).toEqual(record.messages);
    expect(history.model_name).toBe(record.model_name);
    expect(history.timestamp_us).toBe(record.timestamp_us);
  });
});
