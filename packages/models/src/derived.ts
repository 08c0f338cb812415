import {
  canonicalUsd,
  type LlmCallCost,
  type LlmCostColumns,
  sumUsd,
  type UnpricedReason,
} from './cost.js';
import type { LLMConversationHistory } from './final-analysis.js';
import type {
  Interaction,
  LLMInteraction,
  LLMInteractionRecord,
  MCPCommunicationRecord,
  MCPInteraction,
} from './interaction.js';
import type { DetailedSession, SessionOverview, SessionRecord } from './session.js';
import type { DetailedStage, ParallelChildStage, StageExecutionRecord } from './stage.js';
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

/**
 * The timeline view of a stored LLM interaction, as the session detail shows it (Tarsy's field
 * names).
 */
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
      cache_read_tokens: record.cache_read_tokens,
      cache_creation_tokens: record.cache_creation_tokens,
      reasoning_tokens: record.reasoning_tokens,
      success: record.success,
      error_message: record.error_message,
      interaction_type: record.interaction_type,
      conversation: { messages: record.messages },
      thinking_content: record.thinking_content,
      response_metadata: record.response_metadata,
      native_tools_config: record.native_tools_config,
      mcp_event_id: record.mcp_event_id,
      cost_usd: llmCallCostOf(record),
      unpriced_reason: record.unpriced_reason,
    },
  };
}

/** The cost columns of a call from its cost (the inverse of llmCallCostOf). */
export function llmCostColumnsOf(
  cost: LlmCallCost | null,
  unpricedReason: UnpricedReason | null,
): LlmCostColumns {
  return {
    cost_usd: cost?.total_usd ?? null,
    input_cost_usd: cost?.input_usd ?? null,
    cache_read_cost_usd: cost?.cache_read_usd ?? null,
    cache_creation_cost_usd: cost?.cache_creation_usd ?? null,
    output_cost_usd: cost?.output_usd ?? null,
    price_source: cost?.price_source ?? null,
    priced_provider: cost?.priced_provider ?? null,
    priced_model: cost?.priced_model ?? null,
    unpriced_reason: cost ? null : unpricedReason,
  };
}

/** A stored call's cost columns as one cost, or null when it has none. */
export function llmCallCostOf(record: LlmCostColumns): LlmCallCost | null {
  if (record.cost_usd === null || record.priced_model === null) return null;
  // numeric columns read back with all 12 decimals: shown in the form they were priced in.
  return {
    total_usd: canonicalUsd(record.cost_usd),
    input_usd: canonicalUsd(record.input_cost_usd ?? '0'),
    cache_read_usd: canonicalUsd(record.cache_read_cost_usd ?? '0'),
    cache_creation_usd: canonicalUsd(record.cache_creation_cost_usd ?? '0'),
    output_usd: canonicalUsd(record.output_cost_usd ?? '0'),
    price_source: record.price_source ?? '',
    priced_provider: record.priced_provider,
    priced_model: record.priced_model,
  };
}

/**
 * The timeline view of a stored MCP communication, as the session detail shows it (Tarsy's
 * field names).
 */
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
      tool_arguments: record.parameters ?? {},
      tool_result: record.result ?? {},
      available_tools: record.available_tools ?? {},
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

/** The provider a stage's output names (`stage_output.llm_provider`), as Tarsy reports it. */
function llmProviderOf(stage: StageExecutionRecord): string | null {
  const provider = stage.stage_output?.llm_provider;
  return typeof provider === 'string' && provider !== '' ? provider : null;
}

/** The iteration strategy, or else the one the stage output names (Tarsy's fallback). */
function iterationStrategyOf(stage: StageExecutionRecord): string | null {
  if (stage.iteration_strategy != null) return stage.iteration_strategy;
  const fromOutput = stage.stage_output?.iteration_strategy;
  return typeof fromOutput === 'string' && fromOutput !== '' ? fromOutput : null;
}

/**
 * The exact sum of the priced calls (and of sub-totals already summed, a
 * parallel stage's children), null when nothing is priced; and how many calls
 * have no cost.
 */
export function costOfCalls(
  calls: readonly LLMInteraction[],
  subtotals: readonly (string | null)[] = [],
): { cost: string | null; unpriced: number } {
  const priced = [
    ...calls.flatMap((c) => (c.details.cost_usd ? [c.details.cost_usd.total_usd] : [])),
    ...subtotals.filter((t): t is string => t !== null),
  ];
  return {
    cost: priced.length === 0 ? null : sumUsd(priced),
    unpriced: calls.filter((c) => !c.details.cost_usd).length,
  };
}

function addPresent(a: number | null, b: number | null): number | null {
  return a == null ? b : b == null ? a : a + b;
}

/**
 * A stage with its interactions and everything derived from them. A parallel
 * stage's children are given beside it: they are nested in
 * `parallel_executions` (by `parallel_index`) and its token totals include theirs.
 */
export function buildDetailedStage(
  stage: StageExecutionRecord,
  interactions: readonly Interaction[],
  children: readonly ParallelChildStage[] | null = null,
): DetailedStage {
  const ordered = chronological(interactions);
  const { llm, mcp } = splitByType(ordered);
  const tokens = tokenTotals(llm);
  const nested = children
    ? [...children].sort(
        (a, b) =>
          a.parallel_index - b.parallel_index || (a.started_at_us ?? 0) - (b.started_at_us ?? 0),
      )
    : null;
  const childTokens = (pick: (c: ParallelChildStage) => number | null) =>
    (nested ?? []).reduce<number | null>((sum, child) => addPresent(sum, pick(child)), null);
  return {
    ...stage,
    iteration_strategy: iterationStrategyOf(stage),
    llm_provider: llmProviderOf(stage),
    llm_interactions: llm,
    mcp_communications: mcp,
    llm_interaction_count: llm.length,
    mcp_communication_count: mcp.length,
    total_interactions: ordered.length,
    stage_interactions_duration_ms: sumPresent(ordered.map((i) => i.duration_ms)),
    stage_input_tokens: addPresent(
      tokens.input,
      childTokens((c) => c.stage_input_tokens),
    ),
    stage_output_tokens: addPresent(
      tokens.output,
      childTokens((c) => c.stage_output_tokens),
    ),
    stage_cost_usd: costOfCalls(
      llm,
      (nested ?? []).map((c) => c.stage_cost_usd),
    ).cost,
    stage_total_tokens: addPresent(
      tokens.total,
      childTokens((c) => c.stage_total_tokens),
    ),
    chronological_interactions: ordered,
    parallel_executions: nested,
  };
}

/** A child of a parallel stage, for its parent's `parallel_executions`. */
export function buildParallelChildStage(
  stage: StageExecutionRecord,
  interactions: readonly Interaction[],
): ParallelChildStage {
  return { ...buildDetailedStage(stage, interactions), parallel_executions: null };
}

/**
 * Stages as Tarsy orders them: chain stages by `stage_index`, `parallel_index`
 * and start; chat stages (with a `chat_id`) after them, by start.
 */
export function compareStages(
  a: Pick<StageExecutionRecord, 'chat_id' | 'stage_index' | 'parallel_index' | 'started_at_us'>,
  b: Pick<StageExecutionRecord, 'chat_id' | 'stage_index' | 'parallel_index' | 'started_at_us'>,
): number {
  const chatA = a.chat_id != null;
  const chatB = b.chat_id != null;
  if (chatA !== chatB) return chatA ? 1 : -1;
  if (chatA) return (a.started_at_us ?? 0) - (b.started_at_us ?? 0);
  return (
    a.stage_index - b.stage_index ||
    a.parallel_index - b.parallel_index ||
    (a.started_at_us ?? 0) - (b.started_at_us ?? 0)
  );
}

/**
 * The stages of a session as the detail shows them: parallel children nested
 * in their parent, the rest in `compareStages` order. A child whose parent is
 * not stored stays a top-level stage, so nothing recorded is hidden.
 */
export function nestStages(
  stages: readonly StageExecutionRecord[],
  interactionsOf: (executionId: string) => readonly Interaction[],
): DetailedStage[] {
  const ids = new Set(stages.map((s) => s.execution_id));
  const childrenOf = new Map<string, StageExecutionRecord[]>();
  const topLevel: StageExecutionRecord[] = [];
  for (const stage of stages) {
    const parent = stage.parent_stage_execution_id;
    if (parent != null && parent !== stage.execution_id && ids.has(parent)) {
      const list = childrenOf.get(parent);
      if (list) list.push(stage);
      else childrenOf.set(parent, [stage]);
    } else topLevel.push(stage);
  }
  return [...topLevel].sort(compareStages).map((stage) => {
    const children = childrenOf.get(stage.execution_id);
    return buildDetailedStage(
      stage,
      interactionsOf(stage.execution_id),
      children
        ? children.map((child) =>
            buildParallelChildStage(child, interactionsOf(child.execution_id)),
          )
        : null,
    );
  });
}

/** Whether any stage ran in parallel; the number of distinct chat user messages (null for none). */
export function stageFacts(
  stages: readonly Pick<
    StageExecutionRecord,
    | 'parallel_type'
    | 'parent_stage_execution_id'
    | 'chat_id'
    | 'chat_user_message_id'
    | 'chat_user_message'
  >[],
): { has_parallel_stages: boolean; chat_message_count: number | null } {
  const messages = new Set<string>();
  for (const stage of stages) {
    if (stage.chat_id == null) continue;
    const id = stage.chat_user_message?.message_id ?? stage.chat_user_message_id;
    if (id != null) messages.add(id);
  }
  return {
    has_parallel_stages: stages.some(
      (s) => s.parallel_type !== 'single' || s.parent_stage_execution_id != null,
    ),
    chat_message_count: messages.size === 0 ? null : messages.size,
  };
}

/** A stage and its nested children, flattened. */
export function withChildren(stage: DetailedStage): Array<DetailedStage | ParallelChildStage> {
  return [stage, ...(stage.parallel_executions ?? [])];
}

/**
 * A session with its top-level stages (children nested, see `nestStages`) and
 * the session-wide totals, which count the children's interactions too.
 */
export function buildDetailedSession(
  session: SessionRecord,
  stages: readonly DetailedStage[],
  sessionLevelInteractions: readonly Interaction[],
): DetailedSession {
  const sessionLevel = chronological(sessionLevelInteractions);
  const everyStage = stages.flatMap(withChildren);
  const all = [...everyStage.flatMap((s) => s.chronological_interactions), ...sessionLevel];
  const { llm, mcp } = splitByType(all);
  const tokens = tokenTotals(llm);
  const costs = costOfCalls(llm);
  return {
    ...session,
    duration_ms: durationMsBetween(session.started_at_us, session.completed_at_us),
    llm_interaction_count: llm.length,
    mcp_communication_count: mcp.length,
    total_interactions: all.length,
    session_input_tokens: tokens.input,
    session_output_tokens: tokens.output,
    session_total_tokens: tokens.total,
    session_cost_usd: costs.cost,
    unpriced_llm_interaction_count: costs.unpriced,
    ...stageFacts(everyStage),
    stages: [...stages].sort(compareStages),
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
  readonly session_cost_usd: string | null;
  readonly unpriced_llm_interaction_count: number;
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
    session_cost_usd: source.session_cost_usd,
    unpriced_llm_interactions: source.unpriced_llm_interaction_count,
    chain_statistics: chainStatistics(source.stages),
  };
}

/** Statistics of a session read in full; the same rules as `summarizeSession`. */
export function sessionStats(session: DetailedSession): SessionStats {
  const interactions = [
    ...session.stages.flatMap(withChildren).flatMap((s) => s.chronological_interactions),
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
    session_cost_usd: session.session_cost_usd,
    unpriced_llm_interaction_count: session.unpriced_llm_interaction_count,
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
  /** The session's maintained cost total; null when no call is priced. */
  readonly session_cost_usd: string | null;
  readonly unpriced_llm_interaction_count: number;
  /** Stage executions recorded so far, and how many of them completed or failed. */
  readonly stage_count: number;
  readonly completed_stages: number;
  readonly failed_stages: number;
  readonly has_parallel_stages: boolean;
  readonly chat_message_count: number | null;
}

/** The totals of a session with no stages and no interactions yet. */
export const emptySessionTotals: SessionTotals = {
  llm_interaction_count: 0,
  mcp_communication_count: 0,
  session_input_tokens: null,
  session_output_tokens: null,
  session_total_tokens: null,
  session_cost_usd: null,
  unpriced_llm_interaction_count: 0,
  stage_count: 0,
  completed_stages: 0,
  failed_stages: 0,
  has_parallel_stages: false,
  chat_message_count: null,
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
  | 'final_analysis_summary'
  | 'pause_metadata'
  | 'runbook_url'
  | 'mcp_selection'
  | 'slack_message_fingerprint'
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
    session_cost_usd: totals.session_cost_usd,
    unpriced_llm_interaction_count: totals.unpriced_llm_interaction_count,
    chain_id: session.chain_id,
    total_stages: session.chain_stage_count ?? totals.stage_count,
    completed_stages: totals.completed_stages,
    failed_stages: totals.failed_stages,
    current_stage_index: session.current_stage_index,
    final_analysis_summary: session.final_analysis_summary,
    pause_metadata: session.pause_metadata,
    runbook_url: session.runbook_url,
    mcp_selection: session.mcp_selection,
    slack_message_fingerprint: session.slack_message_fingerprint,
    has_parallel_stages: totals.has_parallel_stages,
    chat_message_count: totals.chat_message_count,
  };
}

/** Seconds from the start to the end, or to `nowUs` while running (Tarsy's `duration_seconds`). */
export function durationSecondsOf(
  session: Pick<SessionOverview, 'started_at_us' | 'completed_at_us'>,
  nowUs: number,
): number {
  const end = session.completed_at_us ?? nowUs;
  return Math.max(0, (end - session.started_at_us) / 1_000_000);
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
