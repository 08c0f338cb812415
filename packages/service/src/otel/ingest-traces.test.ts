import { DetailedSession, type OtlpTraceRequest } from '@hindsight/models';
import { findOtelSessions, findTraceSpans } from '@hindsight/repository';
import { type TestDatabase, testDrivers } from '@hindsight/repository/testing';
import fc from 'fast-check';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogueSource } from '../cost/catalogue.js';
import { createHub, type Hub, type Services } from '../services.js';
import { genAiRun, otlpRequest, otlpT0Ms, type TestSpan, testCaller } from '../testing/index.js';
import { defaultOtelOptions } from './options.js';

const traceId = '0af7651916cd43dd8448eb211c80319c';
const us = (ms: number) => (otlpT0Ms + ms) * 1000;

/** A chat span of `trace` whose parent never arrives: it waits until the idle timeout applies it. */
function orphanChat(trace: string): TestSpan {
  return {
    traceId: trace,
    spanId: 'f'.repeat(16),
    parentSpanId: 'e'.repeat(16),
    name: 'chat gpt-4o',
    startMs: 50,
    endMs: 60,
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' },
  };
}

/** The session as read back, without what depends on arrival (none should). */
function readable(detail: DetailedSession) {
  return {
    ...detail,
    stages: detail.stages.map((stage) => ({ ...stage })),
  };
}

describe.each(testDrivers(process.env.TEST_DATABASE_URL))('OTLP ingest on $dialect', (driver) => {
  let database: TestDatabase;
  let hub: Hub;
  let services: Services;
  let nowMs: number;
  beforeEach(async () => {
    database = await driver.create();
    nowMs = otlpT0Ms + 60_000;
    hub = createHub(
      { db: database.db },
      {
        clock: () => nowMs * 1000,
        otel: { ...defaultOtelOptions, settleMs: 1_000, idleTimeoutMs: 60_000 },
      },
    );
    services = hub.as(testCaller);
  });
  afterEach(async () => {
    await database.dispose();
  });

  const send = (spans: readonly TestSpan[]) => services.ingest.otlpTraces(otlpRequest(spans));
  const sweepAfter = async (ms: number) => {
    nowMs += ms;
    return services.ingest.closeOtelSessions({});
  };
  const read = async (sessionId = traceId) =>
    v.parse(DetailedSession, await services.sessions.get({ session_id: sessionId }));

  it('turns a GenAI run into a session, stages, LLM calls and an MCP call', async () => {
    const answer = await send(genAiRun());
    expect(answer.partialSuccess?.rejectedSpans ?? 0).toBe(0);
    expect(answer.partialSuccess?.errorMessage).toContain('1 span(s) ignored');
    const running = await read();
    expect(running.status).toBe('in_progress');
    expect(running.agent_type).toBe('triage');
    expect(running.started_at_us).toBe(us(0));
    expect(running.alert_data).toEqual({
      trace_id: traceId,
      root_span: 'invoke_agent triage',
      service_name: 'sre-agent',
    });
    expect(
      running.stages.map((s) => [s.execution_id, s.stage_index, s.agent, s.status, s.duration_ms]),
    ).toEqual([
      [`${traceId}-b7ad6b7169203301`, 0, 'triage', 'completed', 9_000],
      [`${traceId}-b7ad6b7169203304`, 1, 'diagnose', 'completed', 6_000],
    ]);
    const [triage, diagnose] = running.stages;
    const chat = triage?.llm_interactions[0];
    expect(chat).toMatchObject({
      event_id: `${traceId}-b7ad6b7169203302`,
      timestamp_us: us(100),
      duration_ms: 1_200,
      stage_execution_id: `${traceId}-b7ad6b7169203301`,
      step_description: 'chat gpt-4o · requested gpt-4o · finish tool_calls · max_tokens 512',
    });
    expect(chat?.details).toEqual({
      model_name: 'gpt-4o-2024-08-06',
      provider: 'openai',
      temperature: 0.2,
      messages: [
        { role: 'system', content: 'You are an SRE.' },
        { role: 'user', content: 'Why is pod db-0 restarting?' },
        { role: 'assistant', content: '[tool call get_pods {"namespace":"db"}]' },
      ],
      tool_calls: [{ id: 'call_1', name: 'get_pods', arguments: { namespace: 'db' } }],
      tool_results: null,
      input_tokens: 120,
      output_tokens: 80,
      // Cache and reasoning tokens are parts of input and output: never added again.
      total_tokens: 200,
      cache_read_tokens: 40,
      cache_creation_tokens: 10,
      reasoning_tokens: 25,
      success: true,
      error_message: null,
      conversation: {
        messages: [
          { role: 'system', content: 'You are an SRE.' },
          { role: 'user', content: 'Why is pod db-0 restarting?' },
          { role: 'assistant', content: '[tool call get_pods {"namespace":"db"}]' },
        ],
      },
      interaction_type: 'investigation',
      mcp_event_id: null,
      native_tools_config: null,
      response_metadata: null,
      thinking_content: null,
      // Priced at write time like a native call: 80 uncached input tokens at $2.50/M (the 10
      // cache writes among them: gpt-4o has no write price), 40 cached at $1.25/M, 80 out at $10/M.
      cost_usd: {
        total_usd: '0.00105',
        input_usd: '0.0002',
        cache_read_usd: '0.00005',
        cache_creation_usd: '0',
        output_usd: '0.0008',
        price_source: catalogueSource,
        priced_provider: 'openai',
        priced_model: expect.stringMatching(/^gpt-4o/),
      },
      unpriced_reason: null,
    });
    const tool = triage?.chronological_interactions.find((i) => i.type === 'mcp');
    expect(tool?.id).toBe(`${traceId}-b7ad6b7169203303`);
    expect(tool?.details).toMatchObject({
      server_name: 'k8s-mcp.internal:8443',
      tool_name: 'get_pods',
      success: true,
      tool_arguments: { namespace: 'db' },
      tool_result: { pods: ['db-0'], restarts: 7 },
    });
    expect(tool?.step_description).toBe('execute_tool get_pods · call call_1 · mcp session mcp-42');
    // The chat beneath a plain HTTP span still belongs to its agent's stage.
    expect(diagnose?.llm_interactions.map((i) => [i.id, i.details.model_name])).toEqual([
      [`${traceId}-b7ad6b7169203305`, 'gpt-4o-mini'],
      [`${traceId}-b7ad6b7169203307`, 'claude-sonnet-4'],
    ]);
    const failed = diagnose?.chronological_interactions.find(
      (i) => i.id === `${traceId}-b7ad6b7169203307`,
    );
    expect(failed?.details).toMatchObject({ success: false, error_message: 'rate limited' });
    expect(running.session_input_tokens).toBe(170);

    // The root's outcome ends the session once it settled.
    expect(await sweepAfter(500)).toEqual({ traces_applied: 0, sessions_closed: 0, more: false });
    expect(await sweepAfter(1_000)).toEqual({ traces_applied: 0, sessions_closed: 1, more: false });
    const ended = await read();
    expect(ended.status).toBe('completed');
    expect(ended.completed_at_us).toBe(us(9_000));
    expect(ended.final_analysis).toBe('The pod ran out of memory.');
  });

  it('gives the same session whatever the order and batching of spans, stored once', async () => {
    await send(genAiRun());
    await sweepAfter(2_000);
    const expected = readable(await read());
    const run = genAiRun();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(run, { minLength: run.length }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: run.length, maxLength: run.length }),
        fc.boolean(),
        async (order, sizes, twice) => {
          n += 1;
          const trace = (n + 1).toString(16).padStart(32, '0');
          const spans = order.map((s) => ({ ...s, traceId: trace }));
          let start = 0;
          for (const size of sizes) {
            if (start >= spans.length) break;
            const batch = spans.slice(start, start + size);
            const answer = await send(batch);
            expect(
              answer.partialSuccess?.rejectedSpans ?? 0,
              answer.partialSuccess?.errorMessage,
            ).toBe(0);
            if (twice) {
              const again = await send(batch);
              expect(again.partialSuccess?.rejectedSpans ?? 0).toBe(0);
            }
            start += size;
          }
          await sweepAfter(2_000);
          const got = readable(await read(trace));
          // The same session, but for the trace id that ids are qualified with.
          expect(got).toEqual(JSON.parse(JSON.stringify(expected).replaceAll(traceId, trace)));
        },
      ),
      { numRuns: 12, seed: 14 },
    );
  });

  it('maps the older GenAI conventions, OpenLLMetry and OpenInference attributes', async () => {
    const t = '1'.repeat(32);
    const answer = await send([
      {
        traceId: t,
        spanId: 'a'.repeat(16),
        name: 'agent.workflow',
        startMs: 0,
        endMs: 5_000,
        attributes: {
          'traceloop.span.kind': 'workflow',
          'traceloop.entity.name': 'support-bot',
          'session.id': 'conv-7',
        },
      },
      {
        traceId: t,
        spanId: 'b'.repeat(16),
        parentSpanId: 'a'.repeat(16),
        name: 'openai.chat',
        startMs: 10,
        endMs: 1_010,
        attributes: {
          'llm.request.type': 'chat',
          'gen_ai.system': 'openai',
          'gen_ai.request.model': 'gpt-4',
          'gen_ai.usage.prompt_tokens': 30,
          'gen_ai.usage.completion_tokens': 12,
          'llm.usage.total_tokens': 42,
          'gen_ai.usage.cache_read_input_tokens': 8,
          'gen_ai.usage.cache_creation_input_tokens': 4,
          'gen_ai.usage.reasoning_tokens': 3,
          'gen_ai.prompt.0.role': 'system',
          'gen_ai.prompt.0.content': 'Be brief.',
          'gen_ai.prompt.1.role': 'user',
          'gen_ai.prompt.1.content': 'Hello?',
          'gen_ai.completion.0.role': 'assistant',
          'gen_ai.completion.0.content': 'Hi.',
        },
      },
      {
        traceId: t,
        spanId: 'c'.repeat(16),
        parentSpanId: 'a'.repeat(16),
        name: 'ChatAnthropic',
        startMs: 1_100,
        endMs: 2_100,
        attributes: {
          'openinference.span.kind': 'LLM',
          'llm.provider': 'anthropic',
          'llm.model_name': 'claude-3-5-haiku',
          'llm.token_count.prompt': 20,
          'llm.token_count.completion': 6,
          'llm.token_count.prompt_details.cache_read': 5,
          'llm.token_count.completion_details.reasoning': 2,
          'llm.input_messages.0.message.role': 'user',
          'llm.input_messages.0.message.content': 'Ping',
          'llm.output_messages.0.message.role': 'assistant',
          'llm.output_messages.0.message.content': 'Pong',
        },
      },
      {
        traceId: t,
        spanId: 'd'.repeat(16),
        parentSpanId: 'a'.repeat(16),
        name: 'lookup_order',
        startMs: 2_200,
        endMs: 2_300,
        attributes: {
          'openinference.span.kind': 'TOOL',
          'tool.name': 'lookup_order',
          'input.value': '{"order":17}',
          'output.value': 'shipped',
        },
      },
    ]);
    expect(answer.partialSuccess).toBeUndefined();
    const detail = await read('conv-7');
    expect(detail.agent_type).toBe('sre-agent');
    expect(detail.stages.map((s) => s.agent)).toEqual(['support-bot']);
    const [openLlmetry, openInference] = detail.stages[0]?.llm_interactions ?? [];
    expect(openLlmetry?.details.model_name).toBe('gpt-4');
    const calls = detail.stages[0]?.chronological_interactions ?? [];
    expect(calls.map((c) => c.type)).toEqual(['llm', 'llm', 'mcp']);
    expect(calls[0]?.details).toMatchObject({
      provider: 'openai',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello?' },
        { role: 'assistant', content: 'Hi.' },
      ],
      input_tokens: 30,
      output_tokens: 12,
      total_tokens: 42,
      cache_read_tokens: 8,
      cache_creation_tokens: 4,
      reasoning_tokens: 3,
    });
    expect(openInference?.details.model_name).toBe('claude-3-5-haiku');
    expect(calls[1]?.details).toMatchObject({
      provider: 'anthropic',
      messages: [
        { role: 'user', content: 'Ping' },
        { role: 'assistant', content: 'Pong' },
      ],
      input_tokens: 20,
      output_tokens: 6,
      total_tokens: 26,
      cache_read_tokens: 5,
      cache_creation_tokens: null,
      reasoning_tokens: 2,
    });
    expect(calls[2]?.details).toMatchObject({
      server_name: 'tool',
      tool_name: 'lookup_order',
      tool_arguments: { order: 17 },
      tool_result: { value: 'shipped' },
    });
    // A session named by its spans ends when they stop arriving, not with a trace's root.
    await sweepAfter(2_000);
    expect((await read('conv-7')).status).toBe('in_progress');
    await sweepAfter(60_000);
    expect((await read('conv-7')).status).toBe('completed');
  });

  it('rejects malformed spans alone and counts them in partialSuccess', async () => {
    const request = otlpRequest(genAiRun().slice(0, 2));
    const scope = request.resourceSpans?.[0]?.scopeSpans?.[0];
    const spans = [
      ...(scope?.spans ?? []),
      { traceId: 'not-hex', spanId: 'x', startTimeUnixNano: '1', endTimeUnixNano: '2' },
    ];
    const bad: OtlpTraceRequest = {
      resourceSpans: [{ ...request.resourceSpans?.[0], scopeSpans: [{ ...scope, spans }] }],
    };
    const answer = await services.ingest.otlpTraces(bad);
    expect(answer.partialSuccess?.rejectedSpans).toBe(1);
    expect(answer.partialSuccess?.errorMessage).toContain('traceId: must be 32 hex digits');
    expect((await read()).llm_interaction_count).toBe(1);
  });

  it('never makes a session of a trace without GenAI spans, and forgets it once quiet', async () => {
    const t = '2'.repeat(32);
    const answer = await send([
      { traceId: t, spanId: 'e'.repeat(16), name: 'GET /', startMs: 0, endMs: 10 },
      {
        traceId: t,
        spanId: 'f'.repeat(16),
        parentSpanId: 'e'.repeat(16),
        name: 'SELECT',
        startMs: 1,
        endMs: 5,
      },
    ]);
    expect(answer.partialSuccess).toBeUndefined();
    await expect(services.sessions.get({ session_id: t })).rejects.toThrow(/not found/i);
    expect(await sweepAfter(61_000)).toEqual({
      traces_applied: 1,
      sessions_closed: 0,
      more: false,
    });
    expect(await sweepAfter(61_000)).toEqual({
      traces_applied: 0,
      sessions_closed: 0,
      more: false,
    });
  });

  /** One sweep pass by a hub whose sweep handles `size` traces and sessions a pass. */
  const passOf = (size: number) =>
    createHub(
      { db: database.db },
      {
        clock: () => nowMs * 1000,
        otel: {
          ...defaultOtelOptions,
          settleMs: 1_000,
          idleTimeoutMs: 60_000,
          sweepPageSize: size,
        },
      },
    )
      .as(testCaller)
      .ingest.closeOtelSessions({});
  const traces = ['a', 'b', 'c'].map((c) => c.repeat(32));

  it('closes one page of due sessions a pass, and says when more are due', async () => {
    for (const trace of traces) await send(genAiRun(trace));
    nowMs += 2_000;
    expect(await passOf(2)).toEqual({ traces_applied: 0, sessions_closed: 2, more: true });
    expect(await passOf(2)).toEqual({ traces_applied: 0, sessions_closed: 1, more: false });
    for (const trace of traces) expect((await read(trace)).status).toBe('completed');
  });

  it('applies one page of quiet rootless traces a pass, and says when more are due', async () => {
    for (const trace of traces) await send(genAiRun(trace).slice(1));
    nowMs += 61_000;
    expect(await passOf(2)).toEqual({ traces_applied: 2, sessions_closed: 0, more: true });
    expect(await passOf(2)).toEqual({ traces_applied: 1, sessions_closed: 0, more: false });
    nowMs += 61_000;
    expect(await passOf(2)).toEqual({ traces_applied: 0, sessions_closed: 2, more: true });
    expect(await passOf(2)).toEqual({ traces_applied: 0, sessions_closed: 1, more: false });
    for (const trace of traces) expect((await read(trace)).status).toBe('timed_out');
  });

  it('deletes its span and session rows with the session, and refuses the spans sent again', async () => {
    await send(genAiRun());
    await sweepAfter(2_000);
    expect(await findTraceSpans(database.db, [traceId])).toHaveLength(7);
    expect(await findOtelSessions(database.db, [traceId])).toHaveLength(1);
    await services.sessions.delete({ session_id: traceId });
    expect(await findTraceSpans(database.db, [traceId])).toEqual([]);
    expect(await findOtelSessions(database.db, [traceId])).toEqual([]);
    const again = await send(genAiRun());
    expect(again.partialSuccess?.rejectedSpans).toBeGreaterThan(0);
    expect(again.partialSuccess?.errorMessage).toMatch(/was deleted/);
    await sweepAfter(2_000);
    // Not recreated: reading it is a 404, as for any deleted session, and nothing is kept.
    await expect(services.sessions.get({ session_id: traceId })).rejects.toThrow(/not found/i);
    expect(await findTraceSpans(database.db, [traceId])).toEqual([]);
    expect(await findOtelSessions(database.db, [traceId])).toEqual([]);
  });

  it('keeps nothing of a late span of a deleted session once its trace goes quiet', async () => {
    await send(genAiRun());
    await sweepAfter(2_000);
    await services.sessions.delete({ session_id: traceId });
    // A span whose parent never arrives waits, then the sweep applies it after the idle timeout.
    await send([orphanChat(traceId)]);
    expect(await findTraceSpans(database.db, [traceId])).toHaveLength(1);
    await sweepAfter(61_000);
    await sweepAfter(61_000);
    expect(await findTraceSpans(database.db, [traceId])).toEqual([]);
    expect(await findOtelSessions(database.db, [traceId])).toEqual([]);
    await expect(services.sessions.get({ session_id: traceId })).rejects.toThrow(/not found/i);
  });

  it('deletes the spans still waiting in a trace of a conversation it deletes', async () => {
    const conversation = 'conv-1';
    const other = 'b'.repeat(32);
    // Span ids of their own per trace, as real exporters draw them.
    const inConversation = (trace: string, prefix: string) =>
      genAiRun(trace).map((span) => ({
        ...span,
        spanId: prefix + span.spanId.slice(prefix.length),
        ...(span.parentSpanId === undefined
          ? { attributes: { ...span.attributes, 'gen_ai.conversation.id': conversation } }
          : { parentSpanId: prefix + span.parentSpanId.slice(prefix.length) }),
      }));
    await send(inConversation(traceId, 'a1'));
    // A second trace of the conversation, with a call whose parent never arrives.
    await send([...inConversation(other, 'b2'), orphanChat(other)]);
    const waiting = (await findTraceSpans(database.db, [other])).filter((row) => !row.applied);
    expect(waiting.map((row) => row.span_id)).toEqual(['f'.repeat(16)]);
    await services.sessions.delete({ session_id: conversation });
    expect(await findTraceSpans(database.db, [traceId, other])).toEqual([]);
    expect(await findOtelSessions(database.db, [conversation])).toEqual([]);
  });

  it('keeps the calls of two traces of a conversation apart when their span ids are the same', async () => {
    const conversation = 'conv-2';
    const other = 'c'.repeat(32);
    // Span ids are unique within a trace only: both traces reuse the same ones.
    const inConversation = (trace: string) =>
      genAiRun(trace).map((span) =>
        span.parentSpanId === undefined
          ? { ...span, attributes: { ...span.attributes, 'gen_ai.conversation.id': conversation } }
          : span,
      );
    const first = await send(inConversation(traceId));
    const second = await send(inConversation(other));
    expect(first.partialSuccess?.rejectedSpans ?? 0).toBe(0);
    expect(second.partialSuccess?.rejectedSpans ?? 0).toBe(0);
    await sweepAfter(2_000);
    const detail = await read(conversation);
    const single = await send(genAiRun('d'.repeat(32)));
    expect(single.partialSuccess?.rejectedSpans ?? 0).toBe(0);
    await sweepAfter(2_000);
    const one = await read('d'.repeat(32));
    expect(detail.llm_interaction_count).toBe(2 * one.llm_interaction_count);
    expect(detail.mcp_communication_count).toBe(2 * one.mcp_communication_count);
    const ids = [
      ...detail.stages.flatMap((stage) => [
        ...stage.llm_interactions.map((call) => call.event_id),
        ...stage.mcp_communications.map((call) => call.event_id),
      ]),
      ...detail.session_level_interactions.map((call) => call.event_id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith(`${other}-`))).toHaveLength(ids.length / 2);
  });

  it('applies a trace whose root never came after the idle timeout, as timed out', async () => {
    const run = genAiRun().slice(1);
    await send(run);
    await expect(services.sessions.get({ session_id: traceId })).rejects.toThrow(/not found/i);
    expect(await sweepAfter(61_000)).toEqual({
      traces_applied: 1,
      sessions_closed: 0,
      more: false,
    });
    expect(await sweepAfter(61_000)).toEqual({
      traces_applied: 0,
      sessions_closed: 1,
      more: false,
    });
    const detail = await read();
    expect(detail.status).toBe('timed_out');
    expect(detail.started_at_us).toBe(us(100));
    expect(detail.llm_interaction_count).toBe(3);
    expect(detail.stages.map((s) => s.agent)).toEqual(['diagnose']);
    expect(detail.session_level_interactions.map((i) => i.type)).toEqual(['llm', 'mcp']);
  });
});
