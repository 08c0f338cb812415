import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DetailedSession } from '@hindsight/models';
import { generateText } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSucceeded, spanUnder, type TestTracing, testTracing } from './otel-sdk.js';
import { type ServerProcess, startServerProcess, stopServerProcess } from './server-process.js';

const bootstrap = `bootstrap-${'o'.repeat(40)}`;
/** 2026-01-01T00:00:00Z: span times are explicit, so durations read back exactly. */
const t0 = 1_767_225_600_000;

describe('OTLP ingest from the OpenTelemetry JS SDK, through the built server', () => {
  let dir: string;
  let server: ServerProcess;
  let ingestKey: string;
  const tracings: TestTracing[] = [];

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${bootstrap}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
  const sessionOf = async (id: string) => {
    const res = await admin(`/api/v1/history/sessions/${id}`);
    expect(res.status).toBe(200);
    return v.parse(DetailedSession, await res.json());
  };
  /** Waits for the server's sweep to have closed `count` sessions since the server started. */
  const sessionsClosed = async (count: number) => {
    let closed = 0;
    await server.waitForLog((line) => {
      if (line.msg !== 'otel sessions swept') return false;
      closed += Number(line.sessions_closed);
      return closed >= count;
    });
  };
  const tracing = (encoding: 'protobuf' | 'json', serviceName: string) => {
    const t = testTracing(encoding, { baseUrl: server.url, token: ingestKey, serviceName });
    tracings.push(t);
    return t;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hindsight-otel-e2e-'));
    server = await startServerProcess({
      DATABASE_URL: join(dir, 'data'),
      HINDSIGHT_BOOTSTRAP_KEY: bootstrap,
      HINDSIGHT_RATE_LIMIT_INGEST: '0',
      HINDSIGHT_RATE_LIMIT_READ: '0',
      // A session keyed by its trace closes once its root arrived and no span came for this long.
      HINDSIGHT_OTEL_SETTLE_MS: '200',
      HINDSIGHT_OTEL_SWEEP_INTERVAL_MS: '100',
    });
    const created = await admin('/api/v1/admin/api-keys', {
      method: 'POST',
      body: JSON.stringify({ name: 'agent', scopes: ['ingest'] }),
    });
    expect(created.status).toBe(201);
    ingestKey = ((await created.json()) as { key: string }).key;
  });

  afterAll(async () => {
    for (const t of tracings) await t.shutdown();
    await stopServerProcess(server);
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['protobuf', 1],
    ['json', 2],
  ] as const)(
    'reads back a GenAI run exported as %s, children sent before their root',
    async (encoding, closedSoFar) => {
      const { tracer, flush } = tracing(encoding, 'sre-agent');
      const root = spanUnder(
        tracer,
        undefined,
        'invoke_agent triage',
        { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'triage' },
        t0,
      );
      const chat = spanUnder(
        tracer,
        root.span,
        'chat gpt-4o',
        {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.response.model': 'gpt-4o-2024-08-06',
          'gen_ai.request.temperature': 0.2,
          'gen_ai.response.finish_reasons': ['tool_calls'],
          'gen_ai.usage.input_tokens': 120,
          'gen_ai.usage.output_tokens': 80,
          'gen_ai.usage.cache_read.input_tokens': 40,
          'gen_ai.usage.cache_creation.input_tokens': 10,
          'gen_ai.usage.reasoning.output_tokens': 25,
          'gen_ai.system_instructions': JSON.stringify([
            { type: 'text', content: 'You are an SRE.' },
          ]),
          'gen_ai.input.messages': JSON.stringify([
            { role: 'user', parts: [{ type: 'text', content: 'Why is pod db-0 restarting?' }] },
          ]),
          'gen_ai.output.messages': JSON.stringify([
            { role: 'assistant', parts: [{ type: 'text', content: 'Let me look at the pods.' }] },
          ]),
        },
        t0 + 100,
      );
      chat.span.end(t0 + 1_300);
      const tool = spanUnder(
        tracer,
        root.span,
        'execute_tool get_pods',
        {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': 'get_pods',
          'gen_ai.tool.call.id': 'call_1',
          'gen_ai.tool.call.arguments': JSON.stringify({ namespace: 'db' }),
          'gen_ai.tool.call.result': JSON.stringify({ pods: ['db-0'], restarts: 7 }),
          'mcp.method.name': 'tools/call',
          'mcp.session.id': 'mcp-42',
          'server.address': 'k8s-mcp.internal',
          'server.port': 8443,
        },
        t0 + 1_400,
      );
      tool.span.end(t0 + 1_900);
      const diagnose = spanUnder(
        tracer,
        root.span,
        'invoke_agent diagnose',
        { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'diagnose' },
        t0 + 2_000,
      );
      // Not a GenAI span: ignored, while the call beneath it still belongs to the sub-agent.
      const http = spanUnder(
        tracer,
        diagnose.span,
        'GET /metrics',
        { 'http.request.method': 'GET' },
        t0 + 2_100,
      );
      // The older conventions (v1.36 and OpenLLMetry): prompt and completion attributes, old token names.
      const older = spanUnder(
        tracer,
        http.span,
        'anthropic.chat',
        {
          'llm.request.type': 'chat',
          'gen_ai.system': 'anthropic',
          'gen_ai.request.model': 'claude-sonnet-4',
          'gen_ai.usage.prompt_tokens': 300,
          'gen_ai.usage.completion_tokens': 50,
          'gen_ai.usage.cache_read_input_tokens': 200,
          'gen_ai.prompt.0.role': 'user',
          'gen_ai.prompt.0.content': 'Which container is out of memory?',
          'gen_ai.completion.0.role': 'assistant',
          'gen_ai.completion.0.content': 'The db container.',
        },
        t0 + 2_200,
      );
      older.span.end(t0 + 3_200);
      http.span.end(t0 + 3_300);
      diagnose.span.end(t0 + 3_500);
      // The children go in one export, the root in a later one: they wait for it.
      const first = await flush();
      root.span.end(t0 + 4_000);
      const all = await flush();
      expect(first.length).toBeGreaterThan(0);
      expect(all.length).toBeGreaterThan(first.length);
      expect(all.every(exportSucceeded)).toBe(true);
      await sessionsClosed(closedSoFar);

      const traceId = root.span.spanContext().traceId;
      const session = await sessionOf(traceId);
      expect(session).toMatchObject({
        session_id: traceId,
        status: 'completed',
        agent_type: 'triage',
        started_at_us: t0 * 1000,
        completed_at_us: (t0 + 4_000) * 1000,
      });
      expect(session.stages.map((s) => [s.agent, s.stage_index, s.status, s.duration_ms])).toEqual([
        ['triage', 0, 'completed', 4_000],
        ['diagnose', 1, 'completed', 1_500],
      ]);
      const [triage, sub] = session.stages;
      expect(triage?.llm_interactions.map((i) => i.details)).toEqual([
        expect.objectContaining({
          model_name: 'gpt-4o-2024-08-06',
          provider: 'openai',
          temperature: 0.2,
          messages: [
            { role: 'system', content: 'You are an SRE.' },
            { role: 'user', content: 'Why is pod db-0 restarting?' },
            { role: 'assistant', content: 'Let me look at the pods.' },
          ],
          input_tokens: 120,
          output_tokens: 80,
          total_tokens: 200,
          cache_read_tokens: 40,
          cache_creation_tokens: 10,
          reasoning_tokens: 25,
          success: true,
        }),
      ]);
      expect(triage?.llm_interactions[0]?.duration_ms).toBe(1_200);
      const mcp = triage?.chronological_interactions.filter((i) => i.type === 'mcp') ?? [];
      expect(mcp.map((i) => i.details)).toEqual([
        expect.objectContaining({
          server_name: 'k8s-mcp.internal:8443',
          tool_name: 'get_pods',
          tool_arguments: { namespace: 'db' },
          tool_result: { pods: ['db-0'], restarts: 7 },
          success: true,
        }),
      ]);
      expect(sub?.llm_interactions.map((i) => i.details)).toEqual([
        expect.objectContaining({
          model_name: 'claude-sonnet-4',
          provider: 'anthropic',
          messages: [
            { role: 'user', content: 'Which container is out of memory?' },
            { role: 'assistant', content: 'The db container.' },
          ],
          input_tokens: 300,
          output_tokens: 50,
          cache_read_tokens: 200,
          cache_creation_tokens: null,
          reasoning_tokens: null,
        }),
      ]);
    },
  );

  it('records a Vercel AI SDK generateText call, telemetry on, as a session with its messages and tokens', async () => {
    const { tracer, flush } = tracing('protobuf', 'ai-sdk-agent');
    const model = new MockLanguageModelV3({
      provider: 'mock-provider',
      modelId: 'mock-model',
      doGenerate: async () => ({
        content: [{ type: 'text', text: 'Pod db-0 ran out of memory.' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: { total: 30, noCache: 20, cacheRead: 10, cacheWrite: undefined },
          outputTokens: { total: 12, text: 8, reasoning: 4 },
        },
        warnings: [],
      }),
    });
    const result = await generateText({
      model,
      system: 'You are an SRE.',
      prompt: 'Why is pod db-0 restarting?',
      experimental_telemetry: { isEnabled: true, tracer, functionId: 'triage' },
    });
    expect(result.text).toBe('Pod db-0 ran out of memory.');
    const exports = await flush();
    expect(exports.length).toBeGreaterThan(0);
    expect(exports.every(exportSucceeded)).toBe(true);
    await sessionsClosed(3);

    const list = await admin('/api/v1/history/sessions?agent_type=ai-sdk-agent');
    const listed = (await list.json()) as { sessions: { session_id: string }[] };
    expect(listed.sessions).toHaveLength(1);
    const session = await sessionOf(listed.sessions[0]?.session_id ?? '');
    // No agent name on the root span: the agent type is the service's name.
    expect(session).toMatchObject({ status: 'completed', agent_type: 'ai-sdk-agent' });
    expect(session.stages.map((s) => [s.stage_name, s.agent, s.status])).toEqual([
      ['ai.generateText', 'triage', 'completed'],
    ]);
    expect(session.stages[0]?.llm_interactions.map((i) => i.details)).toEqual([
      expect.objectContaining({
        model_name: 'mock-model',
        provider: 'mock-provider',
        messages: [
          { role: 'system', content: 'You are an SRE.' },
          { role: 'user', content: 'Why is pod db-0 restarting?' },
          { role: 'assistant', content: 'Pod db-0 ran out of memory.' },
        ],
        input_tokens: 30,
        output_tokens: 12,
        cache_read_tokens: 10,
        reasoning_tokens: 4,
        success: true,
      }),
    ]);
  });
});
