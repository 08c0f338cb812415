import * as v from 'valibot';
import { UsdAmount } from './cost.js';
import { PaginationInfo } from './filters.js';
import { Interaction } from './interaction.js';
import {
  Count,
  completedNotBeforeStarted,
  completesAfterStart,
  DurationMs,
  Id,
  JsonObject,
  Label,
  TimestampUs,
} from './primitives.js';
import { DetailedStage } from './stage.js';
import { SessionStatus } from './status.js';
import { McpSelection, PauseMetadata } from './tarsy-fields.js';

/** One session as stored, one field per column of `alert_sessions`. */
export const SessionRecordFields = v.object({
  session_id: Id,
  alert_id: Id,
  alert_type: v.nullable(Label),
  agent_type: Label,
  status: SessionStatus,
  started_at_us: TimestampUs,
  completed_at_us: v.nullable(TimestampUs),
  error_message: v.nullable(v.string()),
  final_analysis: v.nullable(v.string()),
  alert_data: JsonObject,
  session_metadata: v.nullable(JsonObject),
  chain_id: Id,
  chain_definition: JsonObject,
  current_stage_index: v.nullable(Count),
  current_stage_id: v.nullable(Id),
  author: v.nullable(Label),
  /** The executive summary of the final analysis (markdown). */
  final_analysis_summary: v.nullable(v.string()),
  /** Why no executive summary could be made. */
  executive_summary_error: v.nullable(v.string()),
  /** Set while the session is paused; cleared when it runs again. */
  pause_metadata: v.nullable(PauseMetadata),
  runbook_url: v.nullable(v.pipe(v.string(), v.maxLength(2048))),
  mcp_selection: v.nullable(McpSelection),
  slack_message_fingerprint: v.nullable(v.pipe(v.string(), v.maxLength(1024))),
});

/**
 * A stored session, one field per column of `alert_sessions`; it does not end before it
 * started.
 */
export const SessionRecord = v.pipe(
  SessionRecordFields,
  v.forward(
    v.partialCheck(
      [['started_at_us'], ['completed_at_us']],
      (input) => completesAfterStart(input),
      completedNotBeforeStarted,
    ),
    ['completed_at_us'],
  ),
);
export type SessionRecord = v.InferOutput<typeof SessionRecord>;

/** Interaction counts and token totals shown beside a session. */
const sessionTotalsEntries = {
  llm_interaction_count: Count,
  mcp_communication_count: Count,
  total_interactions: Count,
  session_input_tokens: v.nullable(Count),
  session_output_tokens: v.nullable(Count),
  session_total_tokens: v.nullable(Count),
  /** The sum of the costs of the session's priced LLM calls; null when none is priced. */
  session_cost_usd: v.nullable(UsdAmount),
  /** LLM calls with no cost (unknown model, no tokens): the cost leaves them out. */
  unpriced_llm_interaction_count: Count,
};

/** Facts of a session's stages shown beside it (Tarsy lists them in its rows). */
const sessionStageFactsEntries = {
  /** True when a stage ran agents in parallel (or is the child of such a stage). */
  has_parallel_stages: v.boolean(),
  /** User messages of the session's chat; null when there is no chat or no message. */
  chat_message_count: v.nullable(Count),
};

/** A session in a list (EP-0010 `SessionOverview`). */
export const SessionOverviewFields = v.object({
  session_id: Id,
  alert_id: Id,
  alert_type: v.nullable(Label),
  agent_type: Label,
  status: SessionStatus,
  author: v.nullable(Label),
  started_at_us: TimestampUs,
  completed_at_us: v.nullable(TimestampUs),
  duration_ms: v.nullable(DurationMs),
  error_message: v.nullable(v.string()),
  ...sessionTotalsEntries,
  chain_id: Id,
  total_stages: v.nullable(Count),
  completed_stages: v.nullable(Count),
  failed_stages: Count,
  current_stage_index: v.nullable(Count),
  final_analysis_summary: SessionRecordFields.entries.final_analysis_summary,
  pause_metadata: SessionRecordFields.entries.pause_metadata,
  runbook_url: SessionRecordFields.entries.runbook_url,
  mcp_selection: SessionRecordFields.entries.mcp_selection,
  slack_message_fingerprint: SessionRecordFields.entries.slack_message_fingerprint,
  ...sessionStageFactsEntries,
});

/** A session as the session list shows it: its record with its stage counts and totals. */
export const SessionOverview = v.pipe(
  SessionOverviewFields,
  v.forward(
    v.partialCheck(
      [['started_at_us'], ['completed_at_us']],
      (input) => completesAfterStart(input),
      completedNotBeforeStarted,
    ),
    ['completed_at_us'],
  ),
);
export type SessionOverview = v.InferOutput<typeof SessionOverview>;

/** A session with everything: stages, their interactions and the totals (EP-0010 `DetailedSession`). */
export const DetailedSession = v.pipe(
  v.object({
    ...SessionRecordFields.entries,
    duration_ms: v.nullable(DurationMs),
    ...sessionTotalsEntries,
    ...sessionStageFactsEntries,
    /** Top-level stages: parallel children are nested in their parent's `parallel_executions`. */
    stages: v.array(DetailedStage),
    /** Interactions recorded outside any stage. */
    session_level_interactions: v.array(Interaction),
  }),
  v.forward(
    v.partialCheck(
      [['started_at_us'], ['completed_at_us']],
      (input) => completesAfterStart(input),
      completedNotBeforeStarted,
    ),
    ['completed_at_us'],
  ),
);
export type DetailedSession = v.InferOutput<typeof DetailedSession>;

/**
 * A row of `/active-sessions`: the overview plus Tarsy's `duration_seconds`,
 * seconds since the start (to the end once it ended), fractional.
 */
export const ActiveSession = v.object({
  ...SessionOverviewFields.entries,
  duration_seconds: v.pipe(v.number(), v.minValue(0)),
});
export type ActiveSession = v.InferOutput<typeof ActiveSession>;

/** A page of the session list (`GET /api/v1/history/sessions`). */
export const PaginatedSessions = v.object({
  sessions: v.array(SessionOverview),
  pagination: PaginationInfo,
  filters_applied: v.record(v.string(), v.unknown()),
  /** Beyond Tarsy: pass as `cursor` for the next page (keyset paging); null on the last page. */
  next_cursor: v.nullable(v.string()),
});
export type PaginatedSessions = v.InferOutput<typeof PaginatedSessions>;
