import { envelope, type TestEnvelope, testBodies } from './ingest-events.js';

/**
 * The events of a session with two stages and LLM calls of known token mixes:
 * gpt-4o with cache reads and reasoning ($0.00725), a dated Anthropic model with
 * cache reads and writes ($0.0357), an unknown model and a call without token counts.
 */
export function costRun(sessionId: string): TestEnvelope[] {
  // Stage execution ids are unique across sessions.
  const [e0, e1] = [`${sessionId}-e0`, `${sessionId}-e1`];
  const llm = (id: string, stage: string | null, extra: Record<string, unknown>) =>
    envelope('llm.interaction', testBodies.llm(sessionId, id, stage, extra), `${sessionId}:${id}`);
  return [
    envelope('session.started', testBodies.sessionStarted(sessionId), `${sessionId}:start`),
    envelope('stage.started', testBodies.stageStarted(sessionId, e0, 0), `${sessionId}:e0`),
    envelope('stage.started', testBodies.stageStarted(sessionId, e1, 1), `${sessionId}:e1`),
    // 800 uncached at $2.50/M, 200 cached at $1.25/M, 500 out (100 of them reasoning) at $10/M.
    llm('openai', e0, {
      input_tokens: 1_000,
      cache_read_tokens: 200,
      output_tokens: 500,
      reasoning_tokens: 100,
    }),
    // A dated name: 4k uncached at $3/M, 4k read at $0.30/M, 2k written at $3.75/M, 1k out at $15/M.
    llm('anthropic', e1, {
      provider: 'anthropic',
      model_name: 'claude-sonnet-4-20250514',
      input_tokens: 10_000,
      cache_read_tokens: 4_000,
      cache_creation_tokens: 2_000,
      output_tokens: 1_000,
    }),
    llm('unknown', e0, { provider: 'acme', model_name: 'acme-ft-7' }),
    llm('no-tokens', null, { input_tokens: null, output_tokens: null }),
  ];
}
