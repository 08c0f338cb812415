import {
  type Context,
  context,
  ROOT_CONTEXT,
  type Span,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';

/** Records what each export answered, so a test can see that every export succeeded. */
class RecordingExporter implements SpanExporter {
  readonly results: ExportResult[] = [];
  constructor(private readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      this.results.push(result);
      done(result);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

let contextManagerSet = false;

export interface TestTracing {
  readonly tracer: Tracer;
  /** Exports whatever ended, and answers the result of every export so far. */
  flush(): Promise<readonly ExportResult[]>;
  shutdown(): Promise<void>;
}

/**
 * The real OpenTelemetry JS SDK with the real OTLP/HTTP exporter (protobuf or
 * JSON), pointed at a server as an agent would point it: the traces path
 * under `OTEL_EXPORTER_OTLP_ENDPOINT`, the key in the Authorization header.
 */
export function testTracing(
  encoding: 'protobuf' | 'json',
  { baseUrl, token, serviceName }: { baseUrl: string; token: string; serviceName: string },
): TestTracing {
  // Instrumentations (the AI SDK) parent their spans on the active context, as in an agent.
  if (!contextManagerSet) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerSet = true;
  }
  const options = {
    url: `${baseUrl}/api/v1/otel/v1/traces`,
    headers: { Authorization: `Bearer ${token}` },
  };
  const exporter = new RecordingExporter(
    encoding === 'protobuf' ? new ProtoTraceExporter(options) : new JsonTraceExporter(options),
  );
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 60_000 })],
  });
  return {
    tracer: provider.getTracer('hindsight-e2e'),
    flush: async () => {
      await provider.forceFlush();
      return [...exporter.results];
    },
    shutdown: () => provider.shutdown(),
  };
}

export const exportSucceeded = (result: ExportResult) => result.code === ExportResultCode.SUCCESS;

/** A child span of `parent` (or a root span), started and ended at the given times. */
export function spanUnder(
  tracer: Tracer,
  parent: Span | undefined,
  name: string,
  attributes: Record<string, string | number | boolean | string[]>,
  startMs: number,
): { span: Span; context: Context } {
  const context = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
  const span = tracer.startSpan(name, { attributes, startTime: startMs }, context);
  return { span, context: trace.setSpan(ROOT_CONTEXT, span) };
}
