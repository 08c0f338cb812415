import type { LLMConversationHistory } from './final-analysis.js';
import type {
  Interaction,
  LLMInteraction,
  LLMInteractionRecord,
  MCPCommunicationRecord,
  MCPInteraction,
} from './interaction.js';
import type { DetailedSession, SessionOverview, SessionRecord } from './session.js';
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
export function chainStatistics(
  stages: readonly Pick<StageExecutionRecord, 'agent' | 'status'>[],
): ChainStatistics {
  const stagesByAgent: Record<string, number> = {};
  for (const stage of stages) stagesByAgent[stage.agent] = (stagesByAgent[stage.agent] ?? 0) + 1;
  return {
    total_stages: stages.length,
    completed_stages: stages.filter((s) => s.status === 'completed').length,
    failed_stages: stages.filter((s) => s.status === 'failed').length,
    stages_by_agent: stagesByAgent,
  };
}

/** What a session's statistics are computed from: its times, its stages and its interaction totals. */
export interface SessionStatsSource {
  readonly started_at_us: number;
  readonly completed_at_us: number | null;
  readonly stages: readonly Pick<StageExecutionRecord, 'agent' | 'status'>[];
  readonly llm_interaction_count: number;
  readonly mcp_communication_count: number;
  /** Interactions (LLM or MCP) that did not succeed. */
  readonly failed_interaction_count: number;
  readonly session_input_tokens: number | null;
  readonly session_output_tokens: number | null;
  readonly session_total_tokens: number | null;
}

/** Statistics of one session: errors count failed stages and failed interactions. */
export function summarizeSession(source: SessionStatsSource): SessionStats {
  const failedStages = source.stages.filter((s) => s.status === 'failed').length;
  return {
    total_interactions: source.llm_interaction_count + source.mcp_communication_count,
    llm_interactions: source.llm_interaction_count,
    mcp_communications: source.mcp_communication_count,
    system_events: 0,
    errors_count: failedStages + source.failed_interaction_count,
    total_duration_ms: durationMsBetween(source.started_at_us, source.completed_at_us) ?? 0,
    session_input_tokens: source.session_input_tokens ?? 0,
    session_output_tokens: source.session_output_tokens ?? 0,
    session_total_tokens: source.session_total_tokens ?? 0,
    chain_statistics: chainStatistics(source.stages),
  };
}

/** Statistics of a session read in full; the same rules as `summarizeSession`. */
export function sessionStats(session: DetailedSession): SessionStats {
  const interactions = [
    ...session.stages.flatMap((s) => s.chronological_interactions),
    ...session.session_level_interactions,
  ];
  return summarizeSession({
    started_at_us: session.started_at_us,
    completed_at_us: session.completed_at_us,
    stages: session.stages,
    llm_interaction_count: session.llm_interaction_count,
    mcp_communication_count: session.mcp_communication_count,
    failed_interaction_count: interactions.filter((i) => !i.details.success).length,
    session_input_tokens: session.session_input_tokens,
    session_output_tokens: session.session_output_tokens,
    session_total_tokens: session.session_total_tokens,
  });
}

/**
 * Interaction and stage totals of a session, as a list shows them beside it.
 * Computed on read today; a store of running totals would fill the same shape.
 */
export interface SessionTotals {
  readonly llm_interaction_count: number;
  readonly mcp_communication_count: number;
  readonly session_input_tokens: number | null;
  readonly session_output_tokens: number | null;
  readonly session_total_tokens: number | null;
  /** Stage executions recorded so far, and how many of them completed or failed. */
  readonly stage_count: number;
  readonly completed_stages: number;
  readonly failed_stages: number;
}

export const emptySessionTotals: SessionTotals = {
  llm_interaction_count: 0,
  mcp_communication_count: 0,
  session_input_tokens: null,
  session_output_tokens: null,
  session_total_tokens: null,
  stage_count: 0,
  completed_stages: 0,
  failed_stages: 0,
};

/** The stages a chain definition lists, when it lists them as an array. */
export function chainStageCount(chainDefinition: Record<string, unknown>): number | null {
  const stages = chainDefinition.stages;
  return Array.isArray(stages) ? stages.length : null;
}

/** The session fields a list row needs; the chain definition is reduced to its stage count. */
export type SessionOverviewSource = Pick<
  SessionRecord,
  | 'session_id'
  | 'alert_id'
  | 'alert_type'
  | 'agent_type'
  | 'status'
  | 'author'
  | 'started_at_us'
  | 'completed_at_us'
  | 'error_message'
  | 'chain_id'
  | 'current_stage_index'
> & { readonly chain_stage_count: number | null };

/**
 * A session as a list shows it. `total_stages` is the number of stages its
 * chain defines, or, when the definition does not list them, the stages run so far.
 */
export function buildSessionOverview(
  session: SessionOverviewSource,
  totals: SessionTotals,
): SessionOverview {
  return {
    session_id: session.session_id,
    alert_id: session.alert_id,
    alert_type: session.alert_type,
    agent_type: session.agent_type,
    status: session.status,
    author: session.author,
    started_at_us: session.started_at_us,
    completed_at_us: session.completed_at_us,
    duration_ms: durationMsBetween(session.started_at_us, session.completed_at_us),
    error_message: session.error_message,
    llm_interaction_count: totals.llm_interaction_count,
    mcp_communication_count: totals.mcp_communication_count,
    total_interactions: totals.llm_interaction_count + totals.mcp_communication_count,
    session_input_tokens: totals.session_input_tokens,
    session_output_tokens: totals.session_output_tokens,
    session_total_tokens: totals.session_total_tokens,
    chain_id: session.chain_id,
    total_stages: session.chain_stage_count ?? totals.stage_count,
    completed_stages: totals.completed_stages,
    failed_stages: totals.failed_stages,
    current_stage_index: session.current_stage_index,
  };
}

/** The conversation of one LLM call, as the final-analysis endpoint shows it. */
export function toLLMConversationHistory(record: LLMInteractionRecord): LLMConversationHistory {
  return {
    model_name: record.model_name,
    provider: record.provider,
    timestamp_us: record.timestamp_us,
    input_tokens: record.input_tokens,
    output_tokens: record.output_tokens,
    total_tokens: record.total_tokens,
    messages: record.messages,
  };
}
