import { type OtlpTraceRequest, OtlpTraceResponse } from '@hindsight/models';
import { Hono } from 'hono';
import type * as v from 'valibot';
import type { ApiEnv } from '../env.js';
import { encodingOf, OtlpBodyError, readTraceBody } from '../otlp/trace-body.js';
import { encodeTraceResponse } from '../otlp/trace-codec.js';
import { problem } from '../problem.js';
import type { RouteModuleDeps } from './deps.js';

export interface OtelRouteOptions {
  /** The most a gzip body may inflate to (the body limit, by default). */
  readonly maxInflatedBytes: number;
}

/**
 * `POST /otel/v1/traces`: the OTLP/HTTP trace receiver, so that
 * `OTEL_EXPORTER_OTLP_ENDPOINT=…/api/v1/otel` is all an exporter needs. It
 * answers as OTLP/HTTP says: 200 with an ExportTraceServiceResponse in the
 * request's encoding (its partialSuccess counts the spans refused), 400 for
 * a body that does not decode, 413 over the limits, 415 for another encoding;
 * 429 and 503 carry Retry-After, which the exporters honour. Nothing is
 * stored from a body that does not decode.
 */
export function otelRoutes({ services, route }: RouteModuleDeps, options: OtelRouteOptions) {
  return new Hono<ApiEnv>().post(
    '/otel/v1/traces',
    route({
      access: 'ingest',
      summary: 'Receive OpenTelemetry traces (OTLP/HTTP)',
      description:
        'An OTLP/HTTP ExportTraceServiceRequest, as application/x-protobuf or application/json, gzip accepted. GenAI spans become sessions, stages, LLM calls and MCP calls; other spans are ignored and counted. The answer is an ExportTraceServiceResponse in the encoding of the request.',
      tags: ['ingest'],
      responses: {
        200: {
          description:
            'Accepted; partialSuccess counts the spans refused and says why (protobuf for a protobuf request)',
          schema: OtlpTraceResponse,
        },
      },
      problems: [400, 413, 415],
    }),
    async (c) => {
      let encoding: ReturnType<typeof encodingOf>;
      let request: unknown;
      try {
        encoding = encodingOf(c.req.header('content-type'));
        request = await readTraceBody(new Uint8Array(await c.req.arrayBuffer()), {
          encoding,
          contentEncoding: c.req.header('content-encoding'),
          maxBytes: options.maxInflatedBytes,
        });
      } catch (error) {
        if (error instanceof OtlpBodyError)
          return problem(c, error.status, { detail: error.message });
        throw error;
      }
      const answer = await services(c).ingest.otlpTraces(
        request as v.InferInput<typeof OtlpTraceRequest>,
      );
      const response: OtlpTraceResponse =
        answer.partialSuccess === undefined ? {} : { partialSuccess: answer.partialSuccess };
      if (encoding === 'protobuf') {
        return c.body(encodeTraceResponse(response), 200, {
          'Content-Type': 'application/x-protobuf',
        });
      }
      return c.json(response, 200);
    },
  );
}
