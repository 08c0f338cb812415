// Builders of valid read-API query and answer models. Each call returns a fresh object.
import type {
  FinalAnalysisQuery,
  FinalAnalysisResponse,
  LLMConversationHistory,
  SessionCursor,
  SessionListQuery,
} from '../src/index.js';
import { llmMessages, T0 } from './fixtures.js';

/** A list query in its parsed form (what parsing returns unchanged). */
export function sessionListQuery(overrides: Partial<SessionListQuery> = {}): SessionListQuery {
  return {
    status: ['completed', 'failed'],
    agent_type: 'sre',
    page: 2,
    page_size: 10,
    sort_by: 'duration_ms',
    sort_order: 'asc',
    ...overrides,
  };
}

export function sessionCursor(overrides: Partial<SessionCursor> = {}): SessionCursor {
  return {
    value: T0,
    session_id: 'session-1',
    page: 2,
    total_items: 40,
    fingerprint: 'abc123',
    ...overrides,
  };
}

export function llmConversationHistory(): LLMConversationHistory {
  return {
    model_name: 'gpt-4o',
    provider: 'openai',
    timestamp_us: T0 + 5_000,
    input_tokens: 120,
    output_tokens: 80,
    total_tokens: 200,
    messages: llmMessages(),
  };
}

export function finalAnalysisResponse(): FinalAnalysisResponse {
  return {
    session_id: 'session-1',
    status: 'completed',
    final_analysis: '## Root cause\nThe disk is full.',
    final_analysis_summary: 'The disk is full.',
    executive_summary_error: null,
    llm_conversation: llmConversationHistory(),
  };
}

export function finalAnalysisQuery(): FinalAnalysisQuery {
  return { include_conversation: true };
}
