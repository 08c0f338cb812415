import type {
  Interaction,
  LLMInteraction,
  LLMInteractionRecord,
  MCPCommunicationRecord,
  MCPInteraction,
} from './interaction.js';
import type { DetailedSession, SessionRecord } from './session.js';
import type { DetailedStage, StageExecutionRecord } from './stage.js';
import type { ChainStatistics, SessionStats } from './stats.js';

// Values that follow from stored fields are computed here, never stored twice.

/** Whole milliseconds between two microsecond timestamps; null while still running. */
export function durationMsBetween(
  startedAtUs: number | null,
  completedAtUs: number | null,
): number | null {
  if (startedAtUs == null || completedAtUs == null) return null;
  return Math.floor((completedAtUs - startedAtUs) / 1000);
}

/** Sum of the present values; null when none is present (as Tarsy reports it). */
export function sumPresent(values: ReadonlyArray<number | null | undefined>): number | null {
  let total: number | null = null;
  for (const value of values) if (value != null) total = (total ?? 0) + value;
  return total;
}

export function toLLMInteraction(record: LLMInteractionRecord): LLMInteraction {
  return {
    id: record.interaction_id,
    event_id: record.interaction_id,
    type: 'llm',
    timestamp_us: record.timestamp_us,
    step_description: record.step_description ?? '',
    duration_ms: record.duration_ms,
    stage_execution_id: record.stage_execution_id,
    details: {
      model_name: record.model_name,
      provider: record.provider,
      temperature: record.temperature,
      messages: record.messages,
      tool_calls: record.tool_calls,
      tool_results: record.tool_results,
      input_tokens: record.input_tokens,
      output_tokens: record.output_tokens,
      total_tokens: record.total_tokens,
      success: record.success,
      error_message: record.error_message,
    },
  };
}

export function toMCPInteraction(record: MCPCommunicationRecord): MCPInteraction {
  return {
    id: record.communication_id,
    event_id: record.communication_id,
    type: 'mcp',
    timestamp_us: record.timestamp_us,
    step_description: record.step_description ?? '',
    duration_ms: record.duration_ms,
    stage_execution_id: record.stage_execution_id,
    details: {
      server_name: record.server_name,
      communication_type: record.communication_type,
      tool_name: record.tool_name,
      tool_arguments: record.parameters,
      tool_result: record.result,
      available_tools: record.available_tools,
      success: record.success,
      error_message: record.error_message,
    },
  };
}

/** Interactions in the order they happened; ties keep a stable, id-based order. */
export function chronological<T extends Interaction>(interactions: readonly T[]): T[] {
  return [...interactions].sort(
    (a, b) => a.timestamp_us - b.timestamp_us || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

interface TokenTotals {
  input: number | null;
  output: number | null;
  total: number | null;
}

function tokenTotals(interactions: readonly LLMInteraction[]): TokenTotals {
  return {
    input: sumPresent(interactions.map((i) => i.details.input_tokens)),
    output: sumPresent(interactions.map((i) => i.details.output_tokens)),
    total: sumPresent(interactions.map((i) => i.details.total_tokens)),
  };
}

function splitByType(interactions: readonly Interaction[]) {
  const llm: LLMInteraction[] = [];
  const mcp: MCPInteraction[] = [];
  for (const interaction of interactions) {
    if (interaction.type === 'llm') llm.push(interaction);
    else mcp.push(interaction);
  }
  return { llm, mcp };
}

/** A stage with its interactions and everything derived from them. */
export function buildDetailedStage(
  stage: StageExecutionRecord,
  interactions: readonly Interaction[],
): DetailedStage {
  const ordered = chronological(interactions);
  const { llm, mcp } = splitByType(ordered);
  const tokens = tokenTotals(llm);
  return {
    ...stage,
    llm_interactions: llm,
    mcp_communications: mcp,
    llm_interaction_count: llm.length,
    mcp_communication_count: mcp.length,
    total_interactions: ordered.length,
    stage_interactions_duration_ms: sumPresent(ordered.map((i) => i.duration_ms)),
    stage_input_tokens: tokens.input,
    stage_output_tokens: tokens.output,
    stage_total_tokens: tokens.total,
    chronological_interactions: ordered,
  };
}

/** A session with its stages (in `stage_index` order) and the session-wide totals. */
export function buildDetailedSession(
  session: SessionRecord,
  stages: readonly DetailedStage[],
  sessionLevelInteractions: readonly Interaction[],
): DetailedSession {
  const orderedStages = [...stages].sort(
    (a, b) => a.stage_index - b.stage_index || (a.started_at_us ?? 0) - (b.started_at_us ?? 0),
  );
  const sessionLevel = chronological(sessionLevelInteractions);
  const all = [...orderedStages.flatMap((s) => s.chronological_interactions), ...sessionLevel];
  const { llm, mcp } = splitByType(all);
  const tokens = tokenTotals(llm);
  return {
    ...session,
    duration_ms: durationMsBetween(session.started_at_us, session.completed_at_us),
    llm_interaction_count: llm.length,
    mcp_communication_count: mcp.length,
    total_interactions: all.length,
    session_input_tokens: tokens.input,
    session_output_tokens: tokens.output,
    session_total_tokens: tokens.total,
    stages: orderedStages,
    session_level_interactions: sessionLevel,
  };
}

/** Stage counts of a chain, with the number of stages each agent ran. */
export function chainStatistics(stages: readonly StageExecutionRecord[]): ChainStatistics {
  const stagesByAgent: Record<string, number> = {};
  for (const stage of stages) stagesByAgent[stage.agent] = (stagesByAgent[stage.agent] ?? 0) + 1;
  return {
    total_stages: stages.length,
    completed_stages: stages.filter((s) => s.status === 'completed').length,
    failed_stages: stages.filter((s) => s.status === 'failed').length,
    stages_by_agent: stagesByAgent,
  };
}

/** Statistics of one session: errors count failed stages and failed interactions. */
export function sessionStats(session: DetailedSession): SessionStats {
  const interactions = [
    ...session.stages.flatMap((s) => s.chronological_interactions),
    ...session.session_level_interactions,
  ];
  const failedInteractions = interactions.filter((i) => !i.details.success).length;
  const failedStages = session.stages.filter((s) => s.status === 'failed').length;
  return {
    total_interactions: session.total_interactions,
    llm_interactions: session.llm_interaction_count,
    mcp_communications: session.mcp_communication_count,
    system_events: 0,
    errors_count: failedStages + failedInteractions,
    total_duration_ms: session.duration_ms ?? 0,
    session_input_tokens: session.session_input_tokens ?? 0,
    session_output_tokens: session.session_output_tokens ?? 0,
    session_total_tokens: session.session_total_tokens ?? 0,
    chain_statistics: chainStatistics(session.stages),
  };
}
