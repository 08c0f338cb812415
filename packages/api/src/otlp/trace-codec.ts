import { fileURLToPath } from 'node:url';
import type { OtlpTraceRequest, OtlpTraceResponse } from '@hindsight/models';
import Long from 'long';
import protobuf from 'protobufjs';

// protobufjs finds `long` by a require() that not every module loader provides (vitest's does
// not); without it, 64-bit fields decode as floats and nanosecond times lose their last digits.
protobuf.util.Long = Long;
protobuf.configure();

/**
 * The official OTLP message definitions (opentelemetry-proto, vendored in
 * `proto/` beside this package with their licence), loaded once by
 * protobufjs: Hindsight decodes and encodes with them rather than by hand.
 */
const protoRoot = fileURLToPath(new URL('../../proto/', import.meta.url));
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => `${protoRoot}${target}`;
root.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto');
const service = 'opentelemetry.proto.collector.trace.v1';
const ExportTraceServiceRequest = root.lookupType(`${service}.ExportTraceServiceRequest`);
const ExportTraceServiceResponse = root.lookupType(`${service}.ExportTraceServiceResponse`);

/** A protobuf body that does not decode as an ExportTraceServiceRequest. */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}

const hex = (base64: unknown): unknown =>
  typeof base64 === 'string' ? Buffer.from(base64, 'base64').toString('hex') : base64;

type Loose = Record<string, unknown>;
const list = (value: unknown): Loose[] => (Array.isArray(value) ? (value as Loose[]) : []);

/**
 * A protobuf ExportTraceServiceRequest in the OTLP/JSON shape (camelCase
 * names, hex ids, 64-bit integers as decimal strings, bytes as base64), so
 * that one model and one service read both encodings.
 */
export function decodeTraceRequest(body: Uint8Array): unknown {
  let message: protobuf.Message;
  try {
    // From a Buffer, protobufjs reads strings with Node's native UTF-8 decoder, not its own
    // JavaScript one: a third less time for an export whose attributes are mostly messages.
    message = ExportTraceServiceRequest.decode(
      Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength),
    );
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new OtlpDecodeError(`the body is not an OTLP ExportTraceServiceRequest: ${why}`);
  }
  const request = ExportTraceServiceRequest.toObject(message, {
    longs: String,
    enums: Number,
    bytes: String,
  }) as Loose;
  for (const resourceSpans of list(request.resourceSpans)) {
    for (const scopeSpans of list(resourceSpans.scopeSpans)) {
      for (const span of list(scopeSpans.spans)) {
        span.traceId = hex(span.traceId);
        span.spanId = hex(span.spanId);
        span.parentSpanId = hex(span.parentSpanId);
      }
    }
  }
  return request;
}

const base64 = (hexId: unknown): unknown =>
  typeof hexId === 'string' ? Buffer.from(hexId, 'hex').toString('base64') : hexId;

/**
 * An export request in the OTLP/JSON shape encoded as protobuf, as an
 * exporter sends it: for tests and the benchmark, which speak both encodings.
 */
export function encodeTraceRequest(request: OtlpTraceRequest): Uint8Array<ArrayBuffer> {
  const copy = structuredClone(request) as Loose;
  for (const resourceSpans of list(copy.resourceSpans)) {
    for (const scopeSpans of list(resourceSpans.scopeSpans)) {
      for (const span of list(scopeSpans.spans)) {
        span.traceId = base64(span.traceId);
        span.spanId = base64(span.spanId);
        span.parentSpanId = base64(span.parentSpanId);
      }
    }
  }
  return new Uint8Array(
    ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(copy)).finish(),
  );
}

/** The answer to a protobuf request: an ExportTraceServiceResponse, as protobuf. */
export function encodeTraceResponse(response: OtlpTraceResponse): Uint8Array<ArrayBuffer> {
  const partial = response.partialSuccess;
  const message = ExportTraceServiceResponse.fromObject(
    partial === undefined
      ? {}
      : {
          partialSuccess: {
            rejectedSpans: partial.rejectedSpans ?? 0,
            errorMessage: partial.errorMessage ?? '',
          },
        },
  );
  // A copy in a buffer of its own: protobufjs may hand out a slice of a shared pool.
  return new Uint8Array(ExportTraceServiceResponse.encode(message).finish());
}

/** A protobuf ExportTraceServiceResponse read back (tests). */
export function decodeTraceResponse(body: Uint8Array): OtlpTraceResponse {
  return ExportTraceServiceResponse.toObject(ExportTraceServiceResponse.decode(body), {
    longs: Number,
  }) as OtlpTraceResponse;
}
