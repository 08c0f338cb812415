// Builders of valid ingest bodies and envelopes. Each call returns a fresh object.
import type {
  IngestBatch,
  IngestEnvelope,
  IngestError,
  IngestEventType,
  IngestResult,
  IngestSuccess,
  LLMInteractionBody,
  MCPCommunicationBody,
  SessionCompletedBody,
  SessionEndedBody,
  SessionFailedBody,
  SessionStartedBody,
  SessionUpdatedBody,
  StageCompletedBody,
  StageFailedBody,
  StageStartedBody,
} from '../src/index.js';
import { T0 } from './fixtures.js';

export const envelopeTimestamp = '2024-05-01T12:00:00.000Z';

export function sessionStartedBody(): SessionStartedBody {
  return {
    session_id: 'session-1',
    alert_id: 'alert-1',
    alert_type: 'DiskFull',
    agent_type: 'sre',
    alert_data: { host: 'db-1' },
    chain_id: 'disk-chain',
    chain_definition: { stages: [] },
    started_at_us: T0,
    author: 'oncall@example.com',
  };
}

export function sessionUpdatedBody(): SessionUpdatedBody {
  return { session_id: 'session-1', status: 'paused', current_stage_index: 1 };
}

export function sessionCompletedBody(): SessionCompletedBody {
  return { session_id: 'session-1', completed_at_us: T0 + 60_000_000, final_analysis: 'Fixed.' };
}

export function sessionFailedBody(): SessionFailedBody {
  return { session_id: 'session-1', completed_at_us: T0 + 1_000, error_message: 'LLM quota' };
}

export function sessionEndedBody(): SessionEndedBody {
  return { session_id: 'session-1', completed_at_us: T0 + 1_000 };
}

export function stageStartedBody(): StageStartedBody {
  return {
    execution_id: 'exec-1',
    session_id: 'session-1',
    stage_id: 'data-collection',
    stage_index: 0,
    stage_name: 'Data collection',
    agent: 'KubernetesAgent',
    started_at_us: T0,
  };
}

export function stageCompletedBody(): StageCompletedBody {
  return {
    execution_id: 'exec-1',
    session_id: 'session-1',
    completed_at_us: T0 + 5_000_000,
    stage_output: { summary: 'ok' },
    status: 'partial',
  };
}

export function stageFailedBody(): StageFailedBody {
  return {
    execution_id: 'exec-1',
    session_id: 'session-1',
    completed_at_us: T0 + 5_000_000,
    error_message: 'tool timed out',
  };
}

export function llmInteractionBody(): LLMInteractionBody {
  return {
    interaction_id: 'llm-1',
    session_id: 'session-1',
    stage_execution_id: 'exec-1',
    timestamp_us: T0 + 1_000,
    duration_ms: 1_200,
    model_name: 'gpt-4o',
    messages: [{ role: 'user', content: 'Why is the disk full?' }],
    input_tokens: 10,
    success: true,
  };
}

export function mcpCommunicationBody(): MCPCommunicationBody {
  return {
    communication_id: 'mcp-1',
    session_id: 'session-1',
    stage_execution_id: 'exec-1',
    timestamp_us: T0 + 2_000,
    duration_ms: 300,
    server_name: 'kubernetes',
    communication_type: 'tool_call',
    tool_name: 'df',
    parameters: { host: 'db-1' },
    success: true,
  };
}

function progressUpdateBody() {
  return {
    session_id: 'session-1',
    phase: 'investigating',
    metadata: { step: 2 },
  };
}

function streamChunkBody() {
  return {
    session_id: 'session-1',
    stage_execution_id: 'exec-1',
    chunk: 'Checking the disk',
    stream_type: 'thought' as const,
    is_complete: false,
    llm_interaction_id: 'llm-1',
  };
}

/** A valid body for each event type. */
export const ingestBodies = {
  'session.started': sessionStartedBody,
  'session.updated': sessionUpdatedBody,
  'session.completed': sessionCompletedBody,
  'session.failed': sessionFailedBody,
  'session.cancelled': sessionEndedBody,
  'session.timed_out': sessionEndedBody,
  'stage.started': stageStartedBody,
  'stage.completed': stageCompletedBody,
  'stage.failed': stageFailedBody,
  'llm.interaction': llmInteractionBody,
  'mcp.communication': mcpCommunicationBody,
  'session.progress_update': progressUpdateBody,
  'llm.stream.chunk': streamChunkBody,
} as const satisfies Record<IngestEventType, () => object>;

export interface EventOf<T extends IngestEventType> {
  id: string;
  timestamp: string;
  type: T;
  body: ReturnType<(typeof ingestBodies)[T]>;
}

export function ingestEvent<T extends IngestEventType>(type: T, id = `evt-${type}`): EventOf<T> {
  return {
    id,
    timestamp: envelopeTimestamp,
    type,
    body: ingestBodies[type]() as EventOf<T>['body'],
  };
}

export function ingestEnvelope(): IngestEnvelope {
  return ingestEvent('session.started');
}

export function ingestBatch(size = 2): IngestBatch {
  return {
    batch: Array.from({ length: size }, (_, index) =>
      ingestEvent('session.updated', `evt-${index}`),
    ),
  };
}

export function ingestSuccess(): IngestSuccess {
  return { id: 'evt-1', status: 201 };
}

export function ingestError(): IngestError {
  return { id: 'evt-2', status: 404, message: 'session session-9 does not exist' };
}

export function ingestResult(): IngestResult {
  return { successes: [ingestSuccess()], errors: [ingestError()] };
}
