import {
  type LLMInteractionRecord,
  type MCPCommunicationRecord,
  noLlmCost,
  type SessionRecord,
  type SessionStatus,
  type StageExecutionRecord,
  sessionStatuses,
} from '@hindsight/models';
import type { Db } from '../database.js';
import { llmInteractions } from '../schema/llm-interactions.js';
import { mcpCommunications } from '../schema/mcp-communications.js';
import { alertSessions } from '../schema/sessions.js';
import { stageExecutions } from '../schema/stages.js';

/** Everything a set of generated runs recorded. */
export interface History {
  readonly sessions: SessionRecord[];
  readonly stages: StageExecutionRecord[];
  readonly llm: LLMInteractionRecord[];
  readonly mcp: MCPCommunicationRecord[];
}

const baseUs = 1_767_225_600_000_000; // 2026-01-01T00:00:00Z
const terminal: readonly SessionStatus[] = ['completed', 'failed', 'cancelled', 'timed_out'];

/**
 * `count` varied sessions for list tests: every status, three agent types,
 * alert types and authors with nulls among them, start times and durations
 * that tie (so session_id must break ties), stages and interactions with
 * tokens. Deterministic; ids and values are lowercase ASCII so that every
 * collation orders them as JavaScript does.
 */
export function generateHistory(count: number): History {
  const history: History = { sessions: [], stages: [], llm: [], mcp: [] };
  for (let i = 0; i < count; i++) {
    const session_id = `s${String((i * 37) % count).padStart(4, '0')}`;
    const status = sessionStatuses[i % sessionStatuses.length] as SessionStatus;
    const started_at_us = baseUs + Math.floor(((i * 13) % count) / 3) * 60_000_000;
    const ended = terminal.includes(status);
    const completed_at_us = ended ? started_at_us + ((i * 7) % 5) * 1_000_000 + (i % 2) : null;
    history.sessions.push({
      session_id,
      alert_id: `alert-${i}`,
      alert_type: i % 4 === 3 ? null : (['disk', 'memory', 'latency'][i % 3] as string),
      agent_type: ['alpha', 'beta', 'gamma'][i % 3] as string,
      status,
      started_at_us,
      completed_at_us,
      error_message: status === 'failed' ? `run ${i} failed` : null,
      final_analysis: status === 'completed' ? `analysis of run ${i}` : null,
      alert_data: { index: i, cluster: `cluster${i % 2}` },
      session_metadata: null,
      chain_id: 'chain',
      chain_definition: i % 5 === 0 ? { name: 'adhoc' } : { stages: [{ id: 'a' }, { id: 'b' }] },
      current_stage_index: 0,
      current_stage_id: 'a',
      author: i % 3 === 2 ? null : (['ann', 'bob'][i % 2] as string),
      final_analysis_summary: status === 'completed' ? `summary of run ${i}` : null,
      executive_summary_error: null,
      pause_metadata:
        status === 'paused'
          ? {
              reason: 'max_iterations_reached',
              current_iteration: 5,
              message: 'paused',
              paused_at_us: started_at_us + 1,
            }
          : null,
      runbook_url: null,
      mcp_selection: null,
      slack_message_fingerprint: null,
    });
    const stageCount = i % 3;
    for (let s = 0; s < stageCount; s++) {
      history.stages.push({
        execution_id: `${session_id}-e${s}`,
        session_id,
        stage_id: s === 0 ? 'a' : 'b',
        stage_index: s,
        stage_name: `stage ${s}`,
        agent: s === 0 ? 'CollectAgent' : 'ReportAgent',
        status: s === 1 && status === 'failed' ? 'failed' : 'completed',
        started_at_us: started_at_us + s,
        completed_at_us: started_at_us + s + 1,
        duration_ms: 0,
        stage_output: null,
        error_message: null,
        iteration_strategy: null,
        parallel_type: 'single',
        parallel_index: 0,
        parent_stage_execution_id: null,
        chat_id: null,
        chat_user_message_id: null,
        chat_user_message: null,
      });
    }
    for (let k = 0; k < i % 4; k++) {
      history.llm.push({
        ...noLlmCost,
        interaction_id: `${session_id}-l${k}`,
        session_id,
        stage_execution_id: stageCount > 0 ? `${session_id}-e0` : null,
        timestamp_us: started_at_us + 10 + k,
        duration_ms: 5,
        step_description: 'think',
        model_name: 'gpt-4o',
        provider: 'openai',
        temperature: null,
        messages: [{ role: 'user', content: `question ${k} of run ${i}` }],
        tool_calls: null,
        tool_results: null,
        input_tokens: 10 + k,
        output_tokens: k === 0 ? null : 5,
        total_tokens: 15 + k,
        cache_read_tokens: null,
        cache_creation_tokens: null,
        reasoning_tokens: null,
        success: k !== 2,
        error_message: null,
        interaction_type: 'investigation',
        thinking_content: null,
        response_metadata: null,
        native_tools_config: null,
        mcp_event_id: null,
      });
    }
    if (i % 2 === 1) {
      history.mcp.push({
        communication_id: `${session_id}-m0`,
        session_id,
        stage_execution_id: null,
        timestamp_us: started_at_us + 20,
        duration_ms: 3,
        step_description: 'look',
        server_name: 'kubernetes',
        communication_type: 'tool_call',
        tool_name: 'get_pods',
        parameters: {},
        result: { pods: [`pod${i}`] },
        available_tools: null,
        success: true,
        error_message: null,
      });
    }
  }
  return history;
}

/** Writes a history in a few multi-row inserts. */
export async function writeHistory(db: Db, history: History): Promise<void> {
  const chunk = 500;
  const insertAll = async <T>(rows: readonly T[], write: (part: T[]) => Promise<unknown>) => {
    for (let start = 0; start < rows.length; start += chunk) {
      await write(rows.slice(start, start + chunk));
    }
  };
  await insertAll(history.sessions, (part) => db.insert(alertSessions).values(part));
  await insertAll(history.stages, (part) => db.insert(stageExecutions).values(part));
  await insertAll(history.llm, (part) => db.insert(llmInteractions).values(part));
  await insertAll(history.mcp, (part) => db.insert(mcpCommunications).values(part));
}
