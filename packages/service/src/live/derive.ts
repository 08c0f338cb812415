import {
  type LiveEventDraft,
  type SessionStatus,
  sessionChannel,
  sessionsChannel,
} from '@hindsight/models';
import type { TransientEvent } from '@hindsight/repository';
import type { PreparedEvent } from '../ingest/prepare.js';

/** What the planner knew of an event's session and stage before applying it. */
export interface LiveContext {
  /** The session's status before the event. */
  readonly previousStatus: SessionStatus | null;
  /** The stage's name, for `stage.completed` (the end events do not carry it). */
  readonly stageName: string | null;
  /** When the event was received: the live event's `timestamp_us`. */
  readonly atUs: number;
}

/** The live events an applied ingest event causes: stored ones, and transient ones. */
export interface DerivedLiveEvents {
  readonly stored: LiveEventDraft[];
  readonly transient: TransientEvent[];
}

const none: DerivedLiveEvents = { stored: [], transient: [] };

/** The published fields of optional body values: absent and null both become null. */
function orNull<T>(value: T | null | undefined): T | null {
  return value ?? null;
}

/**
 * Tarsy's live events for one applied ingest event (the table of the live
 * protocol): `session.*` on `sessions` and on the session's channel (Tarsy
 * stores one row per channel, each with its own id), everything else on the
 * session's channel only. Pure, so the planner can call it per attempt.
 */
export function deriveLiveEvents(event: PreparedEvent, context: LiveContext): DerivedLiveEvents {
  const sessionId = event.body.session_id;
  const both = (type: string, payload: Record<string, unknown>): DerivedLiveEvents => ({
    stored: [sessionsChannel, sessionChannel(sessionId)].map((channel) => ({
      channel,
      session_id: sessionId,
      type,
      payload,
      created_at_us: context.atUs,
    })),
    transient: [],
  });
  const own = (type: string, payload: Record<string, unknown>): DerivedLiveEvents => ({
    stored: [
      {
        channel: sessionChannel(sessionId),
        session_id: sessionId,
        type,
        payload,
        created_at_us: context.atUs,
      },
    ],
    transient: [],
  });
  switch (event.type) {
    case 'session.started': {
      const payload = { alert_type: event.body.alert_type ?? null };
      const created = both('session.created', payload);
      const started = both('session.started', payload);
      return { stored: [...created.stored, ...started.stored], transient: [] };
    }
    case 'session.updated': {
      const { status } = event.body;
      if (status === 'paused' && context.previousStatus !== 'paused') {
        return both('session.paused', {
          status: 'paused',
          pause_metadata: orNull(event.body.pause_metadata),
        });
      }
      if (status === 'in_progress' && context.previousStatus === 'paused') {
        return both('session.resumed', { status: 'in_progress' });
      }
      return none;
    }
    case 'session.completed':
      return both(event.type, { status: 'completed' });
    case 'session.failed':
      return both(event.type, { status: 'failed' });
    case 'session.cancelled':
      return both(event.type, { status: 'cancelled' });
    case 'session.timed_out':
      return both(event.type, { status: 'timed_out' });
    case 'session.progress_update':
      return both('session.progress_update', {
        phase: event.body.phase,
        metadata: orNull(event.body.metadata),
        stage_execution_id: orNull(event.body.stage_execution_id),
        parent_stage_execution_id: orNull(event.body.parent_stage_execution_id),
        parallel_index: orNull(event.body.parallel_index),
        agent_name: orNull(event.body.agent_name),
      });
    case 'stage.started':
      return own('stage.started', {
        stage_id: event.body.execution_id,
        stage_name: event.body.stage_name,
      });
    case 'stage.completed':
      return own('stage.completed', {
        stage_id: event.body.execution_id,
        stage_name: context.stageName,
        status: event.body.status ?? 'completed',
        error_message: null,
      });
    case 'stage.failed':
      // Tarsy sends one event type for every end of a stage: the status tells them apart.
      return own('stage.completed', {
        stage_id: event.body.execution_id,
        stage_name: context.stageName,
        status: 'failed',
        error_message: event.body.error_message,
      });
    case 'llm.interaction':
      return own('llm.interaction', {
        interaction_id: event.body.interaction_id,
        stage_id: orNull(event.body.stage_execution_id),
      });
    case 'mcp.communication':
      return event.body.communication_type === 'tool_list'
        ? own('mcp.tool_list', {
            request_id: event.body.communication_id,
            stage_id: orNull(event.body.stage_execution_id),
            server_name: event.body.server_name,
          })
        : own('mcp.tool_call', {
            interaction_id: event.body.communication_id,
            stage_id: orNull(event.body.stage_execution_id),
            tool_name: orNull(event.body.tool_name),
          });
    case 'llm.stream.chunk':
      return {
        stored: [],
        transient: [
          {
            channel: sessionChannel(sessionId),
            session_id: sessionId,
            type: 'llm.stream.chunk',
            created_at_us: context.atUs,
            payload: {
              stage_execution_id: orNull(event.body.stage_execution_id),
              chunk: event.body.chunk,
              stream_type: event.body.stream_type,
              is_complete: event.body.is_complete,
              llm_interaction_id: orNull(event.body.llm_interaction_id),
              mcp_event_id: orNull(event.body.mcp_event_id),
              parent_stage_execution_id: orNull(event.body.parent_stage_execution_id),
              parallel_index: orNull(event.body.parallel_index),
              agent_name: orNull(event.body.agent_name),
            },
          },
        ],
      };
  }
}

/** Whether an event type is published without being stored (no ingest record, no live row). */
export function isTransient(event: PreparedEvent): boolean {
  return event.type === 'llm.stream.chunk';
}
