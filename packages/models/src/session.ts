import * as v from 'valibot';
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
});

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
};

/** A session in a list (EP-0010 `SessionOverview`). */
export const SessionOverview = v.pipe(
  v.object({
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
export type SessionOverview = v.InferOutput<typeof SessionOverview>;

/** A session with everything: stages, their interactions and the totals (EP-0010 `DetailedSession`). */
export const DetailedSession = v.pipe(
  v.object({
    ...SessionRecordFields.entries,
    duration_ms: v.nullable(DurationMs),
    ...sessionTotalsEntries,
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

export const PaginatedSessions = v.object({
  sessions: v.array(SessionOverview),
  pagination: PaginationInfo,
  filters_applied: v.record(v.string(), v.unknown()),
  /** Beyond Tarsy: pass as `cursor` for the next page (keyset paging); null on the last page. */
  next_cursor: v.nullable(v.string()),
});
export type PaginatedSessions = v.InferOutput<typeof PaginatedSessions>;
