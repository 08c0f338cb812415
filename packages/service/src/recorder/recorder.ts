import { randomUUID } from 'node:crypto';
import type {
  IngestEventType,
  LLMInteractionBody,
  LLMMessage,
  LLMStreamChunkBody,
  MCPCommunicationBody,
  SessionCompletedBody,
  SessionEndedBody,
  SessionFailedBody,
  SessionProgressUpdateBody,
  SessionStartedBody,
  SessionUpdatedBody,
  StageCompletedBody,
  StageFailedBody,
  StageStartedBody,
} from '@hindsight/models';
import type * as v from 'valibot';
import type { ServiceContext } from '../context.js';
import { nowUs } from '../ingest/ingest-batch.js';
import { defaultIngestLimits, type IngestLimits } from '../ingest/limits.js';
import { recordEvent } from '../ingest/record-event.js';
import {
  type CancellationOptions,
  type CancellationWatch,
  watchCancellation,
} from './cancellation.js';
import { schemaCheckOnce } from './schema-check.js';

type In<S extends v.GenericSchema> = v.InferInput<S>;

/** A recording that did not happen; the agent's own work went on. */
export interface RecordingFailure {
  readonly eventId: string;
  readonly type: IngestEventType;
  /** Usually a ServiceError (NotFoundError, ConflictError, ValidationError...). */
  readonly error: unknown;
}

/** What recording one event came to: written (201) or a replay (200), or failed with its error. */
export type RecordOutcome =
  | { readonly ok: true; readonly id: string; readonly status: 200 | 201 }
  | { readonly ok: false; readonly id: string; readonly error: unknown };

/** What a recorder records into (`ctx`), its limits, where failures go, and its clock and ids. */
export interface RecorderOptions {
  readonly ctx: ServiceContext;
  readonly limits?: IngestLimits;
  /**
   * Told of every recording that failed. Recording never throws into the
   * agent; by default a failure becomes a process warning.
   */
  readonly onError?: (failure: RecordingFailure) => void;
  /** Microseconds since the epoch; timestamps and durations both come from it. */
  readonly now?: () => number;
  /** Event ids (and interaction ids the helpers make up); random UUIDs by default. */
  readonly newId?: () => string;
}

/** What `recordLLMCall` records of a call, besides what the result adds. */
export interface LLMCall<T> {
  readonly session_id: string;
  readonly stage_execution_id?: string | null;
  readonly interaction_id?: string;
  readonly model_name: string;
  readonly provider?: string | null;
  readonly temperature?: number | null;
  readonly step_description?: string | null;
  /** The messages sent. */
  readonly messages: readonly LLMMessage[];
  /** What the result adds: the reply, tool calls, token counts. Called only on success. */
  readonly describe?: (result: T) => LLMCallResult;
}

/**
 * What a successful LLM call adds to its record: the reply's messages, tool calls and token
 * counts.
 */
export interface LLMCallResult {
  /** Appended to the messages sent, e.g. the assistant's reply. */
  readonly messages?: readonly LLMMessage[];
  readonly tool_calls?: unknown;
  readonly tool_results?: unknown;
  readonly input_tokens?: number | null;
  readonly output_tokens?: number | null;
  readonly total_tokens?: number | null;
}

/** What `recordMCPCall` records of a call, besides what the result adds. */
export interface MCPCall<T> {
  readonly session_id: string;
  readonly stage_execution_id?: string | null;
  readonly communication_id?: string;
  readonly server_name: string;
  readonly communication_type?: 'tool_call' | 'tool_list';
  readonly tool_name?: string | null;
  readonly parameters?: Record<string, unknown> | null;
  readonly step_description?: string | null;
  /**
   * What the result adds to the record: the tool's result or the tools listed. Called only on
   * success.
   */
  readonly describe?: (result: T) => MCPCallResult;
}

/** What a successful MCP call adds to its record. */
export interface MCPCallResult {
  readonly result?: Record<string, unknown> | null;
  readonly available_tools?: Record<string, unknown> | null;
}

/**
 * Records an agent run in process, event by event, like the ingest API does; it never throws
 * into the agent.
 */
export interface Recorder {
  /**
   * Resolves once the database is known to hold Hindsight's migrated schema;
   * rejects with a `SchemaNotMigratedError` (or the database's own error)
   * otherwise. Recordings wait for the same check, made once, so awaiting this
   * at start-up only makes a setup mistake fail loudly before the agent runs.
   */
  ready(): Promise<void>;
  /** Records that a session started. */
  sessionStarted(body: In<typeof SessionStartedBody>): Promise<RecordOutcome>;
  /** Records a change of a running session (status, current stage). */
  sessionUpdated(body: In<typeof SessionUpdatedBody>): Promise<RecordOutcome>;
  /** Records that a session completed, usually with its final analysis. */
  sessionCompleted(body: In<typeof SessionCompletedBody>): Promise<RecordOutcome>;
  /** Records that a session failed, with its error. */
  sessionFailed(body: In<typeof SessionFailedBody>): Promise<RecordOutcome>;
  /** Records that a session was cancelled. */
  sessionCancelled(body: In<typeof SessionEndedBody>): Promise<RecordOutcome>;
  /** Records that a session timed out. */
  sessionTimedOut(body: In<typeof SessionEndedBody>): Promise<RecordOutcome>;
  /** Records that a stage started. */
  stageStarted(body: In<typeof StageStartedBody>): Promise<RecordOutcome>;
  /** Records that a stage completed. */
  stageCompleted(body: In<typeof StageCompletedBody>): Promise<RecordOutcome>;
  /** Records that a stage failed. */
  stageFailed(body: In<typeof StageFailedBody>): Promise<RecordOutcome>;
  /** Records an LLM call made and timed by the agent itself (`recordLLMCall` times it for you). */
  llmInteraction(body: In<typeof LLMInteractionBody>): Promise<RecordOutcome>;
  /**
   * Records an MCP communication made and timed by the agent itself (`recordMCPCall` times it
   * for you).
   */
  mcpCommunication(body: In<typeof MCPCommunicationBody>): Promise<RecordOutcome>;
  /** What the session is doing now (`session.progress_update` on the live channels). */
  progressUpdate(body: In<typeof SessionProgressUpdateBody>): Promise<RecordOutcome>;
  /** Text an LLM is streaming, all of it so far: published live, never stored. */
  streamChunk(body: In<typeof LLMStreamChunkBody>): Promise<RecordOutcome>;
  /**
   * Runs an LLM call and records it with its start time, duration and outcome.
   * Resolves to the call's result or rejects with the call's own error; a
   * failure to record is only reported to `onError`.
   */
  recordLLMCall<T>(call: LLMCall<T>, fn: () => Promise<T>): Promise<T>;
  /** As `recordLLMCall`, for an MCP tool call or tool list. */
  recordMCPCall<T>(call: MCPCall<T>, fn: () => Promise<T>): Promise<T>;
  /**
   * An AbortSignal that aborts once someone asks to cancel the session (POST
   * /api/v1/history/sessions/{id}/cancel): pass it to the LLM and tool calls,
   * then record `sessionCancelled`. Call `stop()` when the run ends.
   */
  cancellation(sessionId: string, options?: CancellationOptions): CancellationWatch;
}

/**
 * An error message short enough to store whatever the error, with its causes:
 * a failed query says which query, its cause what the database answered
 * (`relation "alert_sessions" does not exist`).
 */
export function errorMessageOf(error: unknown, max = 4096): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    parts.push(current instanceof Error ? `${current.name}: ${current.message}` : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  const text = parts.join(' (cause: ') + ')'.repeat(parts.length - 1);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A call's start, duration and outcome (its value or its error), as `timed` measured it. */
export interface Timed<T> {
  readonly startedAtUs: number;
  readonly durationMs: number;
  readonly outcome:
    | { readonly ok: true; readonly value: T }
    | { readonly ok: false; readonly error: unknown };
}

/** Runs `fn`, noting when it started and how long it took, whether it resolved or threw. */
export async function timed<T>(fn: () => Promise<T>, now: () => number = nowUs): Promise<Timed<T>> {
  const startedAtUs = now();
  const finish = () => Math.max(0, Math.round((now() - startedAtUs) / 1000));
  try {
    const value = await fn();
    return { startedAtUs, durationMs: finish(), outcome: { ok: true, value } };
  } catch (error) {
    return { startedAtUs, durationMs: finish(), outcome: { ok: false, error } };
  }
}

function warn(failure: RecordingFailure): void {
  process.emitWarning(
    `hindsight: recording ${failure.type} ${failure.eventId} failed: ${errorMessageOf(failure.error)}`,
    'HindsightRecordingWarning',
  );
}

/**
 * A typed recorder for agent runtimes that write their history in process,
 * through the same ingest code as the HTTP API. No method throws: each
 * resolves to the outcome of its recording and reports failures to `onError`.
 */
export function createRecorder(options: RecorderOptions): Recorder {
  const { ctx, limits = defaultIngestLimits, onError = warn, now = nowUs } = options;
  const newId = options.newId ?? randomUUID;
  const ready = schemaCheckOnce(ctx.db);

  const report = (failure: RecordingFailure) => {
    try {
      onError(failure);
    } catch {
      // A failing error handler must not break the agent either.
    }
  };

  async function record(type: IngestEventType, body: unknown): Promise<RecordOutcome> {
    const id = newId();
    try {
      await ready();
      const success = await recordEvent({ ctx, input: { type, body, event_id: id }, limits, now });
      return { ok: true, id, status: success.status };
    } catch (error) {
      report({ eventId: id, type, error });
      return { ok: false, id, error };
    }
  }

  /** Builds the record of a finished call; a throwing `describe` is a failed recording. */
  async function recordCall(
    type: 'llm.interaction' | 'mcp.communication',
    build: () => Record<string, unknown>,
  ): Promise<void> {
    let body: Record<string, unknown>;
    try {
      body = build();
    } catch (error) {
      report({ eventId: '', type, error });
      return;
    }
    await record(type, body);
  }

  return {
    ready,
    sessionStarted: (body) => record('session.started', body),
    sessionUpdated: (body) => record('session.updated', body),
    sessionCompleted: (body) => record('session.completed', body),
    sessionFailed: (body) => record('session.failed', body),
    sessionCancelled: (body) => record('session.cancelled', body),
    sessionTimedOut: (body) => record('session.timed_out', body),
    stageStarted: (body) => record('stage.started', body),
    stageCompleted: (body) => record('stage.completed', body),
    stageFailed: (body) => record('stage.failed', body),
    llmInteraction: (body) => record('llm.interaction', body),
    mcpCommunication: (body) => record('mcp.communication', body),
    progressUpdate: (body) => record('session.progress_update', body),
    streamChunk: (body) => record('llm.stream.chunk', body),

    async recordLLMCall<T>(call: LLMCall<T>, fn: () => Promise<T>): Promise<T> {
      const run = await timed(fn, now);
      await recordCall('llm.interaction', () => {
        const extra = run.outcome.ok && call.describe ? call.describe(run.outcome.value) : {};
        return {
          interaction_id: call.interaction_id ?? newId(),
          session_id: call.session_id,
          stage_execution_id: call.stage_execution_id ?? null,
          timestamp_us: run.startedAtUs,
          duration_ms: run.durationMs,
          step_description: call.step_description ?? null,
          model_name: call.model_name,
          provider: call.provider ?? null,
          temperature: call.temperature ?? null,
          messages: [...call.messages, ...(extra.messages ?? [])],
          tool_calls: extra.tool_calls ?? null,
          tool_results: extra.tool_results ?? null,
          input_tokens: extra.input_tokens ?? null,
          output_tokens: extra.output_tokens ?? null,
          total_tokens: extra.total_tokens ?? null,
          success: run.outcome.ok,
          error_message: run.outcome.ok ? null : errorMessageOf(run.outcome.error),
        };
      });
      if (!run.outcome.ok) throw run.outcome.error;
      return run.outcome.value;
    },

    cancellation(sessionId: string, watchOptions?: CancellationOptions): CancellationWatch {
      return watchCancellation(ctx, sessionId, watchOptions);
    },

    async recordMCPCall<T>(call: MCPCall<T>, fn: () => Promise<T>): Promise<T> {
      const run = await timed(fn, now);
      await recordCall('mcp.communication', () => {
        const extra = run.outcome.ok && call.describe ? call.describe(run.outcome.value) : {};
        return {
          communication_id: call.communication_id ?? newId(),
          session_id: call.session_id,
          stage_execution_id: call.stage_execution_id ?? null,
          timestamp_us: run.startedAtUs,
          duration_ms: run.durationMs,
          step_description: call.step_description ?? null,
          server_name: call.server_name,
          communication_type: call.communication_type ?? 'tool_call',
          tool_name: call.tool_name ?? null,
          parameters: call.parameters ?? null,
          result: extra.result ?? null,
          available_tools: extra.available_tools ?? null,
          success: run.outcome.ok,
          error_message: run.outcome.ok ? null : errorMessageOf(run.outcome.error),
        };
      });
      if (!run.outcome.ok) throw run.outcome.error;
      return run.outcome.value;
    },
  };
}
