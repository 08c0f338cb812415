import type { LiveEventDraft } from '@hindsight/models';
import {
  defaultLLMInteractionType,
  durationMsBetween,
  isTerminalSessionStatus,
  isTerminalStageStatus,
  type LLMInteractionRecord,
  type MCPCommunicationRecord,
  noLlmCost,
  type SessionRecord,
  type SessionStatus,
  type SessionTombstone,
  type StageExecutionRecord,
  type StageStatus,
} from '@hindsight/models';
import type {
  AppliedEvent,
  InteractionKey,
  SessionPatch,
  SessionState,
  StagePatch,
  StageState,
  TransientEvent,
} from '@hindsight/repository';
import { ConflictError, NotFoundError, ServiceError } from '../errors.js';
import { deriveLiveEvents, isTransient } from '../live/derive.js';
import { timedOutNote, tombstoneError } from './lifecycle-notes.js';
import { type BodyOf, entityIdOf, type PreparedEvent } from './prepare.js';

/** What the database holds of the sessions, stages, interactions and event ids a group names. */
export interface StoredState {
  readonly sessions: readonly SessionState[];
  readonly stages: readonly StageState[];
  readonly appliedEventIds: readonly string[];
  /** The body digests of applied events, where kept: another digest under an id is a conflict. */
  readonly appliedDigests?: ReadonlyMap<string, string | null>;
  readonly llmInteractions?: readonly InteractionKey[];
  readonly mcpCommunications?: readonly InteractionKey[];
  /** Deleted sessions among those the events name: every event for one is refused (410). */
  readonly tombstones?: readonly SessionTombstone[];
}

/** The answer to one event: applied now (201), applied before (200), or a typed error. */
export type EventOutcome =
  | { readonly status: 200 | 201; readonly note?: string }
  | { readonly error: ServiceError };

/** Everything a group of events writes, gathered so that each table gets one statement. */
export interface PlannedWrites {
  readonly newSessions: SessionRecord[];
  readonly sessionPatches: Map<string, SessionPatch>;
  readonly newStages: StageExecutionRecord[];
  readonly stagePatches: Array<{
    readonly key: { session_id: string; execution_id: string };
    readonly patch: StagePatch;
  }>;
  readonly llm: LLMInteractionRecord[];
  readonly mcp: MCPCommunicationRecord[];
  /** The `ingest_events` rows: written in the same transaction as the effects. */
  readonly applied: AppliedEvent[];
  /** The live events the applied events cause, in order: written in the same transaction. */
  readonly live: LiveEventDraft[];
  /** Transient live events (stream chunks): published on commit, never stored. */
  readonly transient: TransientEvent[];
}

export interface Plan {
  readonly outcomes: EventOutcome[];
  readonly writes: PlannedWrites;
}

interface SessionEntry {
  status: SessionStatus;
  readonly started_at_us: number;
  /** Set when this group creates the session: later events change it in place. */
  readonly created?: SessionRecord;
  patch?: SessionPatch;
}

interface StageEntry {
  readonly session_id: string;
  readonly execution_id: string;
  readonly stage_name?: string | undefined;
  status: StageStatus;
  readonly started_at_us: number | null;
  readonly created?: StageExecutionRecord;
  patch?: StagePatch;
}

const endedSessionStatus = {
  'session.completed': 'completed',
  'session.failed': 'failed',
  'session.cancelled': 'cancelled',
  'session.timed_out': 'timed_out',
} as const satisfies Record<string, SessionStatus>;

function interactionKey(kind: string, sessionId: string, id: string): string {
  return `${kind}\u0000${sessionId}\u0000${id}`;
}

class Planner {
  private readonly sessions = new Map<string, SessionEntry>();
  /** By execution id; ids are unique per session only, so one id may map to several stages. */
  private readonly stages = new Map<string, StageEntry[]>();
  /** Ids of the events applied, before or by this group, with their digests (null: not kept). */
  private readonly applied: Map<string, string | null>;
  private readonly interactionKeys = new Set<string>();
  private readonly tombstones: ReadonlyMap<string, SessionTombstone>;
  private readonly stagePatchOrder: StageEntry[] = [];
  private readonly sessionPatchOrder: string[] = [];
  readonly writes: PlannedWrites = {
    newSessions: [],
    sessionPatches: new Map(),
    newStages: [],
    stagePatches: [],
    llm: [],
    mcp: [],
    applied: [],
    live: [],
    transient: [],
  };

  constructor(
    stored: StoredState,
    private readonly receivedAtUs: number,
  ) {
    for (const s of stored.sessions) {
      this.sessions.set(s.session_id, { status: s.status, started_at_us: s.started_at_us });
    }
    for (const s of stored.stages) this.addStage({ ...s });
    this.tombstones = new Map((stored.tombstones ?? []).map((t) => [t.session_id, t]));
    this.applied = new Map(
      stored.appliedEventIds.map((id) => [id, stored.appliedDigests?.get(id) ?? null]),
    );
    for (const key of stored.llmInteractions ?? []) {
      this.interactionKeys.add(interactionKey('llm interaction', key.session_id, key.id));
    }
    for (const key of stored.mcpCommunications ?? []) {
      this.interactionKeys.add(interactionKey('mcp communication', key.session_id, key.id));
    }
  }

  plan(event: PreparedEvent): EventOutcome {
    const tombstone = this.tombstones.get(event.body.session_id);
    if (tombstone) return { error: tombstoneError(tombstone) };
    if (isTransient(event)) return this.publishTransient(event);
    if (this.applied.has(event.id)) {
      const digest = this.applied.get(event.id);
      if (digest != null && digest !== event.digest) {
        return {
          error: new ConflictError(
            `event ${JSON.stringify(event.id)} was recorded before with other content; an event id names one event: send a change under a new id`,
          ),
        };
      }
      return { status: 200 };
    }
    const previousStatus = this.sessions.get(event.body.session_id)?.status ?? null;
    const error = this.apply(event);
    if (error) return { error };
    this.publish(event, previousStatus);
    this.applied.set(event.id, event.digest);
    this.writes.applied.push({
      event_id: event.id,
      received_at_us: this.receivedAtUs,
      type: event.type,
      entity_id: entityIdOf(event),
      session_id: event.body.session_id,
      body_digest: event.digest,
    });
    const note = timedOutNote(event, this.sessions.get(event.body.session_id)?.status);
    return note === undefined ? { status: 201 } : { status: 201, note };
  }

  /** Gathers the live events of an applied event (the stage's name from what the group knows). */
  private publish(event: PreparedEvent, previousStatus: SessionStatus | null): void {
    const executionId =
      event.type === 'stage.completed' || event.type === 'stage.failed'
        ? event.body.execution_id
        : null;
    const stage =
      executionId === null
        ? undefined
        : this.stages.get(executionId)?.find((s) => s.session_id === event.body.session_id);
    const derived = deriveLiveEvents(event, {
      previousStatus,
      stageName: stage?.created?.stage_name ?? stage?.stage_name ?? null,
      atUs: this.receivedAtUs,
    });
    this.writes.live.push(...derived.stored);
    this.writes.transient.push(...derived.transient);
  }

  /**
   * A transient event is published if its session exists, and never recorded:
   * it has no ingest record, so sending it again publishes it again.
   */
  private publishTransient(event: PreparedEvent): EventOutcome {
    if (!this.sessions.has(event.body.session_id)) {
      return { error: new NotFoundError('session', event.body.session_id) };
    }
    this.publish(event, null);
    return { status: 201 };
  }

  /** Collects the patches of stored rows, once each, after every event is planned. */
  finish(): PlannedWrites {
    for (const id of this.sessionPatchOrder) {
      const patch = this.sessions.get(id)?.patch;
      if (patch) this.writes.sessionPatches.set(id, patch);
    }
    for (const stage of this.stagePatchOrder) {
      if (stage.patch) {
        this.writes.stagePatches.push({
          key: { session_id: stage.session_id, execution_id: stage.execution_id },
          patch: stage.patch,
        });
      }
    }
    return this.writes;
  }

  /** Applies one event to the state, or says why it cannot be. */
  private apply(event: PreparedEvent): ServiceError | undefined {
    switch (event.type) {
      case 'session.started':
        return this.startSession(event.body);
      case 'session.updated':
        return this.updateSession(event.body);
      case 'session.completed':
      case 'session.failed':
      case 'session.cancelled':
      case 'session.timed_out':
        return this.endSession(event.type, event.body);
      case 'stage.started':
        return this.startStage(event.body);
      case 'stage.completed':
        return this.endStage(event.body, event.body.status ?? 'completed', {
          stage_output: event.body.stage_output ?? null,
        });
      case 'stage.failed':
        return this.endStage(event.body, 'failed', { error_message: event.body.error_message });
      case 'llm.interaction':
        return this.recordLLM(event.body);
      case 'mcp.communication':
        return this.recordMCP(event.body);
      case 'session.progress_update':
        // Recorded (so a repeat is known) and published; it changes no stored record.
        return this.sessions.has(event.body.session_id)
          ? undefined
          : new NotFoundError('session', event.body.session_id);
      case 'llm.stream.chunk':
        return undefined;
    }
  }

  private startSession(body: BodyOf<'session.started'>): ServiceError | undefined {
    const existing = this.sessions.get(body.session_id);
    if (existing) {
      return new ConflictError(
        `session ${JSON.stringify(body.session_id)} already exists (${existing.status})`,
      );
    }
    const record: SessionRecord = {
      session_id: body.session_id,
      alert_id: body.alert_id,
      alert_type: body.alert_type ?? null,
      agent_type: body.agent_type,
      status: 'in_progress',
      started_at_us: body.started_at_us,
      completed_at_us: null,
      error_message: null,
      final_analysis: null,
      alert_data: body.alert_data,
      session_metadata: body.session_metadata ?? null,
      chain_id: body.chain_id,
      chain_definition: body.chain_definition,
      current_stage_index: null,
      current_stage_id: null,
      author: body.author ?? null,
      final_analysis_summary: null,
      executive_summary_error: null,
      pause_metadata: null,
      runbook_url: body.runbook_url ?? null,
      mcp_selection: body.mcp_selection ?? null,
      slack_message_fingerprint: body.slack_message_fingerprint ?? null,
    };
    this.sessions.set(body.session_id, {
      status: record.status,
      started_at_us: record.started_at_us,
      created: record,
    });
    this.writes.newSessions.push(record);
    return undefined;
  }

  /** The session, when it exists and may still change. */
  private openSession(sessionId: string): SessionEntry | ServiceError {
    const session = this.sessions.get(sessionId);
    if (!session) return new NotFoundError('session', sessionId);
    if (isTerminalSessionStatus(session.status)) {
      return new ConflictError(
        `session ${JSON.stringify(sessionId)} is ${session.status}: an ended session cannot change`,
      );
    }
    return session;
  }

  private changeSession(sessionId: string, session: SessionEntry, patch: SessionPatch): void {
    if (patch.status) session.status = patch.status;
    if (session.created) {
      Object.assign(session.created, patch);
      return;
    }
    if (!session.patch) this.sessionPatchOrder.push(sessionId);
    session.patch = { ...session.patch, ...patch };
  }

  private updateSession(body: BodyOf<'session.updated'>): ServiceError | undefined {
    const session = this.openSession(body.session_id);
    if (session instanceof ServiceError) return session;
    const patch: SessionPatch = {};
    // A cancel was asked for: the session stays `canceling` until the runtime reports its end.
    const keepsCanceling = session.status === 'canceling';
    if (body.status != null && !keepsCanceling) patch.status = body.status;
    if (body.current_stage_index != null) patch.current_stage_index = body.current_stage_index;
    if (body.current_stage_id != null) patch.current_stage_id = body.current_stage_id;
    if (body.session_metadata != null) patch.session_metadata = body.session_metadata;
    // Kept while paused; any other status clears it, so a resumed session shows no stale reason.
    if (patch.status === 'paused') patch.pause_metadata = body.pause_metadata ?? null;
    else if (patch.status != null) patch.pause_metadata = null;
    this.changeSession(body.session_id, session, patch);
    return undefined;
  }

  private endSession(
    type: keyof typeof endedSessionStatus,
    body: BodyOf<'session.completed'> | BodyOf<'session.failed'> | BodyOf<'session.cancelled'>,
  ): ServiceError | undefined {
    const session = this.sessions.get(body.session_id);
    if (!session) return new NotFoundError('session', body.session_id);
    if (isTerminalSessionStatus(session.status)) {
      return new ConflictError(
        `session ${JSON.stringify(body.session_id)} is already ${session.status}: its outcome cannot change`,
      );
    }
    if (body.completed_at_us < session.started_at_us) {
      return new ConflictError(
        `completed_at_us ${body.completed_at_us} is before the session's started_at_us ${session.started_at_us}`,
      );
    }
    const patch: SessionPatch = {
      status: endedSessionStatus[type],
      completed_at_us: body.completed_at_us,
    };
    if ('final_analysis' in body) patch.final_analysis = body.final_analysis ?? null;
    if ('final_analysis_summary' in body) {
      patch.final_analysis_summary = body.final_analysis_summary ?? null;
    }
    if ('executive_summary_error' in body) {
      patch.executive_summary_error = body.executive_summary_error ?? null;
    }
    patch.pause_metadata = null;
    if ('error_message' in body) patch.error_message = body.error_message ?? null;
    this.changeSession(body.session_id, session, patch);
    return undefined;
  }

  private addStage(stage: StageEntry): void {
    const list = this.stages.get(stage.execution_id);
    if (list) list.push(stage);
    else this.stages.set(stage.execution_id, [stage]);
  }

  /**
   * The stage `executionId` of `sessionId`; a ConflictError when the id is a
   * stage of another session; undefined when there is no such stage.
   */
  private findStage(
    sessionId: string,
    executionId: string,
  ): StageEntry | ConflictError | undefined {
    const candidates = this.stages.get(executionId) ?? [];
    const stage = candidates.find((s) => s.session_id === sessionId);
    if (stage) return stage;
    const other = candidates[0];
    if (!other) return undefined;
    return new ConflictError(
      `stage ${JSON.stringify(executionId)} belongs to session ${JSON.stringify(other.session_id)}, not ${JSON.stringify(sessionId)}`,
    );
  }

  /** As `findStage`, a missing stage being a NotFoundError. */
  private existingStage(sessionId: string, executionId: string): StageEntry | ServiceError {
    return this.findStage(sessionId, executionId) ?? new NotFoundError('stage', executionId);
  }

  private startStage(body: BodyOf<'stage.started'>): ServiceError | undefined {
    const session = this.openSession(body.session_id);
    if (session instanceof ServiceError) return session;
    const existing = this.findStage(body.session_id, body.execution_id);
    if (existing instanceof ConflictError) return existing;
    if (existing) {
      return new ConflictError(
        `stage ${JSON.stringify(body.execution_id)} already exists (${existing.status})`,
      );
    }
    if (body.parent_stage_execution_id != null) {
      // A child names a parallel stage of its own session, started before it.
      const parent = this.existingStage(body.session_id, body.parent_stage_execution_id);
      if (parent instanceof ServiceError) return parent;
    }
    const record: StageExecutionRecord = {
      execution_id: body.execution_id,
      session_id: body.session_id,
      stage_id: body.stage_id,
      stage_index: body.stage_index,
      stage_name: body.stage_name,
      agent: body.agent,
      status: 'active',
      started_at_us: body.started_at_us,
      completed_at_us: null,
      duration_ms: null,
      stage_output: null,
      error_message: null,
      iteration_strategy: body.iteration_strategy ?? null,
      parallel_type: body.parallel_type ?? 'single',
      parallel_index: body.parallel_index ?? 0,
      parent_stage_execution_id: body.parent_stage_execution_id ?? null,
      chat_id: body.chat_id ?? null,
      chat_user_message_id: body.chat_user_message_id ?? null,
      chat_user_message: body.chat_user_message ?? null,
    };
    this.addStage({
      session_id: record.session_id,
      execution_id: record.execution_id,
      status: record.status,
      started_at_us: record.started_at_us,
      created: record,
    });
    this.writes.newStages.push(record);
    // The session follows its chain: the stage that started last is the current one.
    this.changeSession(body.session_id, session, {
      current_stage_index: body.stage_index,
      current_stage_id: body.stage_id,
    });
    return undefined;
  }

  private endStage(
    body: BodyOf<'stage.completed'> | BodyOf<'stage.failed'>,
    status: StageStatus,
    fields: StagePatch,
  ): ServiceError | undefined {
    if (!this.sessions.has(body.session_id)) return new NotFoundError('session', body.session_id);
    const stage = this.existingStage(body.session_id, body.execution_id);
    if (stage instanceof ServiceError) return stage;
    if (isTerminalStageStatus(stage.status)) {
      return new ConflictError(
        `stage ${JSON.stringify(body.execution_id)} is already ${stage.status}: its outcome cannot change`,
      );
    }
    if (stage.started_at_us != null && body.completed_at_us < stage.started_at_us) {
      return new ConflictError(
        `completed_at_us ${body.completed_at_us} is before the stage's started_at_us ${stage.started_at_us}`,
      );
    }
    const patch: StagePatch = {
      status,
      completed_at_us: body.completed_at_us,
      duration_ms: durationMsBetween(stage.started_at_us, body.completed_at_us),
      ...fields,
    };
    stage.status = status;
    if (stage.created) {
      Object.assign(stage.created, patch);
    } else {
      if (!stage.patch) this.stagePatchOrder.push(stage);
      stage.patch = { ...stage.patch, ...patch };
    }
    return undefined;
  }

  /** Checks what an interaction refers to and claims its key within the group. */
  private checkInteraction(
    kind: 'llm interaction' | 'mcp communication',
    sessionId: string,
    stageId: string | null | undefined,
    id: string,
  ): ServiceError | undefined {
    if (!this.sessions.has(sessionId)) return new NotFoundError('session', sessionId);
    if (stageId != null) {
      const stage = this.existingStage(sessionId, stageId);
      if (stage instanceof ServiceError) return stage;
    }
    const key = interactionKey(kind, sessionId, id);
    if (this.interactionKeys.has(key)) {
      return new ConflictError(`${kind} ${JSON.stringify(id)} already exists`);
    }
    this.interactionKeys.add(key);
    return undefined;
  }

  private recordLLM(body: BodyOf<'llm.interaction'>): ServiceError | undefined {
    const error = this.checkInteraction(
      'llm interaction',
      body.session_id,
      body.stage_execution_id,
      body.interaction_id,
    );
    if (error) return error;
    this.writes.llm.push({
      interaction_id: body.interaction_id,
      session_id: body.session_id,
      stage_execution_id: body.stage_execution_id ?? null,
      timestamp_us: body.timestamp_us,
      duration_ms: body.duration_ms,
      step_description: body.step_description ?? null,
      model_name: body.model_name,
      provider: body.provider ?? null,
      temperature: body.temperature ?? null,
      messages: body.messages,
      tool_calls: body.tool_calls ?? null,
      tool_results: body.tool_results ?? null,
      input_tokens: body.input_tokens ?? null,
      output_tokens: body.output_tokens ?? null,
      total_tokens: body.total_tokens ?? null,
      cache_read_tokens: body.cache_read_tokens ?? null,
      cache_creation_tokens: body.cache_creation_tokens ?? null,
      reasoning_tokens: body.reasoning_tokens ?? null,
      success: body.success,
      error_message: body.error_message ?? null,
      interaction_type: body.interaction_type ?? defaultLLMInteractionType,
      thinking_content: body.thinking_content ?? null,
      response_metadata: body.response_metadata ?? null,
      native_tools_config: body.native_tools_config ?? null,
      mcp_event_id: body.mcp_event_id ?? null,
      // Priced when the plan is written (apply.ts), with the prices read in the transaction.
      ...noLlmCost,
    });
    return undefined;
  }

  private recordMCP(body: BodyOf<'mcp.communication'>): ServiceError | undefined {
    const error = this.checkInteraction(
      'mcp communication',
      body.session_id,
      body.stage_execution_id,
      body.communication_id,
    );
    if (error) return error;
    this.writes.mcp.push({
      communication_id: body.communication_id,
      session_id: body.session_id,
      stage_execution_id: body.stage_execution_id ?? null,
      timestamp_us: body.timestamp_us,
      duration_ms: body.duration_ms,
      step_description: body.step_description ?? null,
      server_name: body.server_name,
      communication_type: body.communication_type,
      tool_name: body.tool_name ?? null,
      parameters: body.parameters ?? null,
      result: body.result ?? null,
      available_tools: body.available_tools ?? null,
      success: body.success,
      error_message: body.error_message ?? null,
    });
    return undefined;
  }
}

/**
 * Applies a group of events, in order, to the state the database holds, in
 * memory: decides each event's answer and gathers the rows to write. Pure: a
 * rejected event changes nothing, so it can never take another event with it.
 */
export function planEvents(
  events: readonly PreparedEvent[],
  stored: StoredState,
  receivedAtUs: number,
): Plan {
  const planner = new Planner(stored, receivedAtUs);
  const outcomes = events.map((event) => planner.plan(event));
  return { outcomes, writes: planner.finish() };
}
