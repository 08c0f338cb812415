import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../errors.js';
import { createTestServices, type TestServices, testBodies, testT0 } from '../testing/index.js';
import { createRecorder, type RecordingFailure, timed } from './recorder.js';

/** A clock that moves only when told: durations are exact, with no real waiting. */
function manualClock(startUs: number) {
  let current = startUs;
  return {
    now: () => current,
    advanceMs: (ms: number) => {
      current += ms * 1000;
    },
  };
}

describe('the in-process recorder', () => {
  let t: TestServices;
  let failures: RecordingFailure[];
  let clock: ReturnType<typeof manualClock>;
  let ids: number;
  beforeEach(async () => {
    t = await createTestServices();
    failures = [];
    clock = manualClock(testT0 + 10_000_000);
    ids = 0;
  });
  afterEach(() => t.dispose());

  const recorder = () =>
    createRecorder({
      ctx: t.ctx,
      onError: (failure) => failures.push(failure),
      now: clock.now,
      newId: () => `id-${++ids}`,
    });

  it('records a whole run that reads back like an ingested one', async () => {
    const r = recorder();
    expect(await r.sessionStarted(testBodies.sessionStarted('s1'))).toEqual({
      ok: true,
      id: 'id-1',
      status: 201,
    });
    await r.stageStarted(
      testBodies.stageStarted('s1', 'e1', 0) as Parameters<typeof r.stageStarted>[0],
    );
    await r.llmInteraction(
      testBodies.llm('s1', 'l1', 'e1') as Parameters<typeof r.llmInteraction>[0],
    );
    await r.mcpCommunication(
      testBodies.mcp('s1', 'm1', 'e1') as Parameters<typeof r.mcpCommunication>[0],
    );
    await r.stageCompleted({ session_id: 's1', execution_id: 'e1', completed_at_us: testT0 + 3e6 });
    await r.sessionCompleted({ session_id: 's1', completed_at_us: testT0 + 4e6 });
    const detail = await t.services.sessions.get({ session_id: 's1' });
    expect(detail.status).toBe('completed');
    expect(detail.stages[0]?.total_interactions).toBe(2);
    expect(failures).toEqual([]);
  });

  it('times an LLM call, records its reply and tokens, and returns its result', async () => {
    const r = recorder();
    await r.sessionStarted(testBodies.sessionStarted('s1'));
    const reply = await r.recordLLMCall(
      {
        session_id: 's1',
        model_name: 'gpt-4o',
        provider: 'openai',
        messages: [{ role: 'user', content: 'Why is the pod crashing?' }],
        describe: (result: { text: string; usage: { in: number; out: number } }) => ({
          messages: [{ role: 'assistant', content: result.text }],
          input_tokens: result.usage.in,
          output_tokens: result.usage.out,
        }),
      },
      async () => {
        clock.advanceMs(1500);
        return { text: 'It runs out of memory.', usage: { in: 40, out: 8 } };
      },
    );
    expect(reply.text).toBe('It runs out of memory.');
    const detail = await t.services.sessions.get({ session_id: 's1' });
    const [interaction] = detail.session_level_interactions;
    expect(interaction?.type).toBe('llm');
    if (interaction?.type !== 'llm') return;
    expect(interaction.duration_ms).toBe(1500);
    expect(interaction.timestamp_us).toBe(testT0 + 10_000_000);
    expect(interaction.details.success).toBe(true);
    expect(interaction.details.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(interaction.details.total_tokens).toBe(48);
  });

  it("rethrows the call's own error after recording it as a failure", async () => {
    const r = recorder();
    await r.sessionStarted(testBodies.sessionStarted('s1'));
    const quota = new Error('quota exceeded');
    await expect(
      r.recordMCPCall(
        {
          session_id: 's1',
          server_name: 'kubernetes',
          tool_name: 'get_pods',
          parameters: { ns: 'a' },
        },
        async () => {
          clock.advanceMs(250);
          throw quota;
        },
      ),
    ).rejects.toBe(quota);
    const detail = await t.services.sessions.get({ session_id: 's1' });
    const [communication] = detail.session_level_interactions;
    expect(communication?.type).toBe('mcp');
    if (communication?.type !== 'mcp') return;
    expect(communication.duration_ms).toBe(250);
    expect(communication.details.success).toBe(false);
    expect(communication.details.error_message).toBe('Error: quota exceeded');
    expect(failures).toEqual([]);
  });

  it('never lets a failed recording break the call, and reports it', async () => {
    const r = recorder();
    // No such session: the recording fails, the call does not.
    const value = await r.recordLLMCall(
      { session_id: 'ghost', model_name: 'gpt-4o', messages: [] },
      async () => 42,
    );
    expect(value).toBe(42);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.type).toBe('llm.interaction');
    expect(failures[0]?.error).toBeInstanceOf(NotFoundError);

    // A describe that throws is a failed recording too.
    await r.sessionStarted(testBodies.sessionStarted('s1'));
    const result = await r.recordLLMCall(
      {
        session_id: 's1',
        model_name: 'gpt-4o',
        messages: [],
        describe: () => {
          throw new Error('unexpected response shape');
        },
      },
      async () => 'ok',
    );
    expect(result).toBe('ok');
    expect(failures).toHaveLength(2);

    // A body the models refuse is reported with its typed error.
    const outcome = await r.sessionCompleted({ session_id: 's1', completed_at_us: -1 });
    expect(outcome.ok).toBe(false);
    expect(failures[2]?.error).toBeInstanceOf(ValidationError);

    // So is a database that went away; the call still returns.
    await t.dispose();
    expect(
      await r.recordMCPCall(
        { session_id: 's1', server_name: 'k8s', tool_name: 'x' },
        async () => 'still',
      ),
    ).toBe('still');
    expect(failures).toHaveLength(4);
  });

  it('survives an error handler that throws', async () => {
    const r = createRecorder({
      ctx: t.ctx,
      onError: () => {
        throw new Error('handler broke');
      },
    });
    const outcome = await r.stageStarted({
      session_id: 'ghost',
      execution_id: 'e',
      stage_id: 's',
      stage_index: 0,
      stage_name: 'S',
      agent: 'A',
      started_at_us: testT0,
    });
    expect(outcome.ok).toBe(false);
  });
});

describe('timed', () => {
  it('reports start and duration whether the work resolves or throws', async () => {
    const clock = manualClock(5_000_000);
    const ok = await timed(async () => {
      clock.advanceMs(7);
      return 'v';
    }, clock.now);
    expect(ok).toEqual({
      startedAtUs: 5_000_000,
      durationMs: 7,
      outcome: { ok: true, value: 'v' },
    });
    const boom = new Error('boom');
    const failed = await timed(async () => {
      clock.advanceMs(3);
      throw boom;
    }, clock.now);
    expect(failed.outcome).toEqual({ ok: false, error: boom });
    expect(failed.durationMs).toBe(3);
  });
});
