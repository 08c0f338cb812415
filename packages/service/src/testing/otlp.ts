import type { OtlpKeyValue, OtlpTraceRequest } from '@hindsight/models';

/** An attribute value as a test writes it: arrays of scalars, or scalars. */
export type TestAttribute = string | number | boolean | readonly (string | number | boolean)[];

/** One span of a test trace, in the terms of the OTLP/JSON export. */
export interface TestSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  /** Milliseconds after `otlpT0Ms`. */
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes?: Readonly<Record<string, TestAttribute>>;
  readonly events?: readonly {
    name: string;
    atMs: number;
    attributes: Readonly<Record<string, TestAttribute>>;
  }[];
  readonly error?: string;
}

/** 2026-01-01T00:00:00Z: the start of every test trace. */
export const otlpT0Ms = 1_767_225_600_000;

function scalar(value: string | number | boolean) {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

/** Attributes in OTLP's `KeyValue` form from a plain record (arrays become `arrayValue`). */
export function otlpAttributes(
  attributes: Readonly<Record<string, TestAttribute>> = {},
): OtlpKeyValue[] {
  return Object.entries(attributes).map(([key, value]) => ({
    key,
    value: Array.isArray(value)
      ? { arrayValue: { values: (value as (string | number | boolean)[]).map(scalar) } }
      : scalar(value as string | number | boolean),
  }));
}

const nanos = (ms: number) => `${BigInt(otlpT0Ms + ms) * 1_000_000n}`;

/** An export request of these spans, all from one resource (`service.name`). */
export function otlpRequest(
  spans: readonly TestSpan[],
  resource: Readonly<Record<string, TestAttribute>> = { 'service.name': 'sre-agent' },
): OtlpTraceRequest {
  return {
    resourceSpans: [
      {
        resource: { attributes: otlpAttributes(resource) },
        scopeSpans: [
          {
            scope: { name: 'hindsight-test' },
            spans: spans.map((span) => ({
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId ?? '',
              name: span.name,
              kind: 3,
              startTimeUnixNano: nanos(span.startMs),
              endTimeUnixNano: nanos(span.endMs),
              attributes: otlpAttributes(span.attributes),
              events: (span.events ?? []).map((event) => ({
                name: event.name,
                timeUnixNano: nanos(event.atMs),
                attributes: otlpAttributes(event.attributes),
              })),
              status: span.error === undefined ? { code: 0 } : { code: 2, message: span.error },
            })),
          },
        ],
      },
    ],
  };
}

/**
 * An agent run in the newest GenAI conventions: a root `invoke_agent`, a chat
 * call (with cache and reasoning tokens), a tool call, a sub-agent with its
 * own chat, and a chat call beneath a non-GenAI span of the sub-agent.
 */
export function genAiRun(traceId = '0af7651916cd43dd8448eb211c80319c'): TestSpan[] {
  const span = (n: number) => `b7ad6b71692033${String(n).padStart(2, '0')}`;
  return [
    {
      traceId,
      spanId: span(1),
      name: 'invoke_agent triage',
      startMs: 0,
      endMs: 9_000,
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'triage',
        'gen_ai.agent.id': 'agent-triage',
        'gen_ai.provider.name': 'openai',
        'gen_ai.output.messages': JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: 'The pod ran out of memory.' }] },
        ]),
      },
    },
    {
      traceId,
      spanId: span(2),
      parentSpanId: span(1),
      name: 'chat gpt-4o',
      startMs: 100,
      endMs: 1_300,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.request.temperature': 0.2,
        'gen_ai.request.max_tokens': 512,
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
          {
            role: 'assistant',
            parts: [
              { type: 'tool_call', id: 'call_1', name: 'get_pods', arguments: { namespace: 'db' } },
            ],
            finish_reason: 'tool_calls',
          },
        ]),
      },
    },
    {
      traceId,
      spanId: span(3),
      parentSpanId: span(1),
      name: 'execute_tool get_pods',
      startMs: 1_400,
      endMs: 1_700,
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'get_pods',
        'gen_ai.tool.call.id': 'call_1',
        'gen_ai.tool.call.arguments': JSON.stringify({ namespace: 'db' }),
        'gen_ai.tool.call.result': JSON.stringify({ pods: ['db-0'], restarts: 7 }),
        'mcp.session.id': 'mcp-42',
        'server.address': 'k8s-mcp.internal',
        'server.port': 8443,
      },
    },
    {
      traceId,
      spanId: span(4),
      parentSpanId: span(1),
      name: 'invoke_agent diagnose',
      startMs: 2_000,
      endMs: 8_000,
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'diagnose',
      },
    },
    {
      traceId,
      spanId: span(5),
      parentSpanId: span(4),
      name: 'chat gpt-4o-mini',
      startMs: 2_100,
      endMs: 3_000,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 50,
        'gen_ai.usage.output_tokens': 5,
        'gen_ai.input.messages': JSON.stringify([
          { role: 'user', parts: [{ type: 'text', content: 'Summarise the restarts.' }] },
        ]),
        'gen_ai.output.messages': JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: 'OOMKilled seven times.' }] },
        ]),
      },
    },
    {
      traceId,
      spanId: span(6),
      parentSpanId: span(4),
      name: 'GET /metrics',
      startMs: 3_100,
      endMs: 7_000,
      attributes: { 'http.request.method': 'GET' },
    },
    {
      traceId,
      spanId: span(7),
      parentSpanId: span(6),
      name: 'chat claude',
      startMs: 3_200,
      endMs: 6_900,
      error: 'rate limited',
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.request.model': 'claude-sonnet-4',
        'error.type': '429',
      },
    },
  ];
}
