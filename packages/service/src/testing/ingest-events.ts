import type { IngestEventType } from '@hindsight/models';

// Builders of ingest envelopes for tests of this package and the layers above it.

/** The start of test time: 2026-01-01T00:00:00Z in microseconds since the epoch. */
export const testT0 = 1_767_225_600_000_000; // 2026-01-01T00:00:00Z in microseconds

/** An ingest event as a test sends it: not yet validated, so a test can send bad ones. */
export interface TestEnvelope {
  id: string;
  timestamp: string;
  type: IngestEventType;
  body: Record<string, unknown>;
}

/** An ingest event of `type` with `body` and the id `id`, timestamped at `testT0`. */
export function envelope(
  type: IngestEventType,
  body: Record<string, unknown>,
  id: string,
): TestEnvelope {
  return { id, timestamp: '2026-01-01T00:00:00.000Z', type, body };
}

/** Bodies of valid events for tests, e.g. `testBodies.sessionStarted(id)`. */
export const testBodies = {
  /** A `session.started` body for the session; `extra` adds or replaces fields. */
  sessionStarted: (session_id: string, extra: Record<string, unknown> = {}) => ({
    session_id,
    alert_id: `alert-${session_id}`,
    alert_type: 'PodCrashLooping',
    agent_type: 'kubernetes',
    alert_data: { namespace: 'payments', pod: 'api-7f9c' },
    chain_id: 'k8s-triage',
    chain_definition: { stages: ['collect', 'analyse'] },
    started_at_us: testT0,
    ...extra,
  }),
  /** A `stage.started` body of one stage execution at an index of the chain. */
  stageStarted: (
    session_id: string,
    execution_id: string,
    stage_index: number,
    extra: Record<string, unknown> = {},
  ) => ({
    session_id,
    execution_id,
    stage_id: `stage-${stage_index}`,
    stage_index,
    stage_name: `Stage ${stage_index}`,
    agent: stage_index % 2 === 0 ? 'KubernetesAgent' : 'AnalysisAgent',
    started_at_us: testT0 + 1_000_000 * (stage_index + 1),
    ...extra,
  }),
  /** A `stage.completed` body of one stage execution. */
  stageCompleted: (
    session_id: string,
    execution_id: string,
    completed_at_us: number,
    extra: Record<string, unknown> = {},
  ) => ({ session_id, execution_id, completed_at_us, stage_output: { ok: true }, ...extra }),
  /** An `llm.interaction` body: one successful LLM call (a system and a user message). */
  llm: (
    session_id: string,
    interaction_id: string,
    stage_execution_id: string | null,
    extra: Record<string, unknown> = {},
  ) => ({
    session_id,
    interaction_id,
    stage_execution_id,
    timestamp_us: testT0 + 500_000,
    duration_ms: 850,
    model_name: 'gpt-4o',
    provider: 'openai',
    messages: [
      { role: 'system', content: 'You are an SRE agent.' },
      { role: 'user', content: 'Pod api-7f9c is crash looping.' },
    ],
    input_tokens: 100,
    output_tokens: 20,
    success: true,
    ...extra,
  }),
  /** An `mcp.communication` body: one successful tool call. */
  mcp: (
    session_id: string,
    communication_id: string,
    stage_execution_id: string | null,
    extra: Record<string, unknown> = {},
  ) => ({
    session_id,
    communication_id,
    stage_execution_id,
    timestamp_us: testT0 + 700_000,
    duration_ms: 120,
    server_name: 'kubernetes',
    communication_type: 'tool_call',
    tool_name: 'get_events',
    parameters: { pod: 'api-7f9c' },
    result: { events: ['BackOff'] },
    success: true,
    ...extra,
  }),
  /** A `session.completed` body with a final analysis; `extra` adds or replaces fields. */
  sessionCompleted: (session_id: string, extra: Record<string, unknown> = {}) => ({
    session_id,
    completed_at_us: testT0 + 60_000_000,
    final_analysis: 'The pod ran out of memory.',
    ...extra,
  }),
};

/** The shape of the run `testRun` makes: stages, calls per stage, and whether it ends. */
export interface TestRunOptions {
  readonly stages?: number;
  readonly llmPerStage?: number;
  readonly mcpPerStage?: number;
  /** Leave the session running (no end event). */
  readonly running?: boolean;
}

/**
 * Every event of one run, in order: the session starts, each stage starts,
 * makes its LLM and MCP calls and completes, and the session completes. Ids
 * derive from the session id, so the same run always has the same events.
 */
export function testRun(sessionId: string, options: TestRunOptions = {}): TestEnvelope[] {
  const { stages = 2, llmPerStage = 2, mcpPerStage = 1, running = false } = options;
  let n = 0;
  const id = () => `${sessionId}:evt-${n++}`;
  const events = [envelope('session.started', testBodies.sessionStarted(sessionId), id())];
  for (let s = 0; s < stages; s += 1) {
    const exec = `${sessionId}:exec-${s}`;
    events.push(envelope('stage.started', testBodies.stageStarted(sessionId, exec, s), id()));
    for (let i = 0; i < llmPerStage; i += 1) {
      events.push(
        envelope('llm.interaction', testBodies.llm(sessionId, `${exec}:llm-${i}`, exec), id()),
      );
    }
    for (let i = 0; i < mcpPerStage; i += 1) {
      events.push(
        envelope('mcp.communication', testBodies.mcp(sessionId, `${exec}:mcp-${i}`, exec), id()),
      );
    }
    events.push(
      envelope(
        'stage.completed',
        testBodies.stageCompleted(sessionId, exec, testT0 + 1_000_000 * (s + 1) + 2_500_000),
        id(),
      ),
    );
  }
  if (!running) {
    events.push(envelope('session.completed', testBodies.sessionCompleted(sessionId), id()));
  }
  return events;
}
