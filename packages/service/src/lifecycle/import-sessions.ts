import {
  type DetailedSession,
  ImportSessionsInput,
  ImportSessionsResult,
  type Interaction,
  type LLMInteractionRecord,
  llmCostColumnsOf,
  type MCPCommunicationRecord,
  type SessionRecord,
  type StageExecutionRecord,
} from '@hindsight/models';
import { insertImportedSessions, type SessionImport } from '@hindsight/repository';
import { operation } from '../hub/operation.js';

/** A stored LLM or MCP row from its read model (the inverse of toLLMInteraction/toMCPInteraction). */
function interactionRows(
  sessionId: string,
  interactions: readonly Interaction[],
  llm: LLMInteractionRecord[],
  mcp: MCPCommunicationRecord[],
): void {
  for (const i of interactions) {
    const common = {
      session_id: sessionId,
      stage_execution_id: i.stage_execution_id,
      timestamp_us: i.timestamp_us,
      duration_ms: i.duration_ms,
      // The read model shows a missing description as ''; it is stored as ''.
      step_description: i.step_description,
      success: i.details.success,
      error_message: i.details.error_message,
    };
    if (i.type === 'llm') {
      // `conversation` repeats `messages` for Tarsy's dashboard: it is not stored.
      const {
        success: _s,
        error_message: _e,
        conversation: _c,
        cost_usd,
        unpriced_reason,
        ...details
      } = i.details;
      llm.push({
        ...common,
        ...details,
        ...llmCostColumnsOf(cost_usd, unpriced_reason),
        interaction_id: i.id,
      });
    } else {
      const d = i.details;
      mcp.push({
        ...common,
        communication_id: i.id,
        server_name: d.server_name,
        communication_type: d.communication_type,
        tool_name: d.tool_name,
        parameters: d.tool_arguments,
        result: d.tool_result,
        available_tools: d.available_tools,
      });
    }
  }
}

/** The rows a `DetailedSession` was built from: what an export holds, ready to insert. */
export function rowsOfDetailedSessions(sessions: readonly DetailedSession[]): SessionImport {
  const records: SessionRecord[] = [];
  const stages: StageExecutionRecord[] = [];
  const llm: LLMInteractionRecord[] = [];
  const mcp: MCPCommunicationRecord[] = [];
  for (const s of sessions) {
    records.push({
      session_id: s.session_id,
      alert_id: s.alert_id,
      alert_type: s.alert_type,
      agent_type: s.agent_type,
      status: s.status,
      started_at_us: s.started_at_us,
      completed_at_us: s.completed_at_us,
      error_message: s.error_message,
      final_analysis: s.final_analysis,
      alert_data: s.alert_data,
      session_metadata: s.session_metadata,
      chain_id: s.chain_id,
      chain_definition: s.chain_definition,
      current_stage_index: s.current_stage_index,
      current_stage_id: s.current_stage_id,
      author: s.author,
      final_analysis_summary: s.final_analysis_summary,
      executive_summary_error: s.executive_summary_error,
      pause_metadata: s.pause_metadata,
      runbook_url: s.runbook_url,
      mcp_selection: s.mcp_selection,
      slack_message_fingerprint: s.slack_message_fingerprint,
    });
    // Children of a parallel stage are nested under it in the read model; each is a row.
    const flat = s.stages.flatMap((stage) => [stage, ...(stage.parallel_executions ?? [])]);
    for (const stage of flat) {
      stages.push({
        execution_id: stage.execution_id,
        session_id: stage.session_id,
        stage_id: stage.stage_id,
        stage_index: stage.stage_index,
        stage_name: stage.stage_name,
        agent: stage.agent,
        status: stage.status,
        started_at_us: stage.started_at_us,
        completed_at_us: stage.completed_at_us,
        duration_ms: stage.duration_ms,
        stage_output: stage.stage_output,
        error_message: stage.error_message,
        iteration_strategy: stage.iteration_strategy,
        parallel_type: stage.parallel_type,
        parallel_index: stage.parallel_index,
        parent_stage_execution_id: stage.parent_stage_execution_id,
        chat_id: stage.chat_id,
        chat_user_message_id: stage.chat_user_message_id,
        chat_user_message: stage.chat_user_message,
      });
      interactionRows(s.session_id, stage.chronological_interactions, llm, mcp);
    }
    interactionRows(s.session_id, s.session_level_interactions, llm, mcp);
  }
  return { sessions: records, stages, llm, mcp };
}

/**
 * Restores exported sessions (one `DetailedSession` each) in one
 * transaction: sessions not stored yet are written whole; sessions already
 * there are skipped untouched, so importing a file twice changes nothing.
 */
export const importSessionsOperation = operation({
  name: 'sessions.import',
  input: ImportSessionsInput,
  output: ImportSessionsResult,
  scope: 'admin',
  audit: true,
  summarize: (input) => ({ sessions: input.sessions.length }),
  run: async ({ ctx, input }) => {
    const inserted = await insertImportedSessions(ctx.db, rowsOfDetailedSessions(input.sessions));
    return { imported: inserted.length, skipped: input.sessions.length - inserted.length };
  },
});
