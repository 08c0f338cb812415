import * as v from 'valibot';

// ---------------------------------------------------------------------------
// OTLP/HTTP trace export, in its JSON form (opentelemetry-proto's
// ExportTraceServiceRequest with the protobuf JSON mapping OTLP prescribes:
// lowerCamelCase names, hex trace and span ids, enums as integers, 64-bit
// integers as strings or numbers). The protobuf body is decoded into the same
// shape, so one model checks both.
// ---------------------------------------------------------------------------

/** A 64-bit integer as OTLP/JSON sends it: a decimal string or a number. */
const Int64 = v.union([v.pipe(v.string(), v.regex(/^-?\d{1,20}$/)), v.number()]);

/** OTLP `AnyValue`; exactly one member is set (an empty value is allowed and means null). */
export interface OtlpAnyValue {
  readonly stringValue?: string | undefined;
  readonly boolValue?: boolean | undefined;
  readonly intValue?: string | number | undefined;
  readonly doubleValue?: number | string | undefined;
  readonly bytesValue?: string | undefined;
  readonly arrayValue?: { readonly values?: readonly OtlpAnyValue[] | undefined } | undefined;
  readonly kvlistValue?: { readonly values?: readonly OtlpKeyValue[] | undefined } | undefined;
}

/** OTLP `KeyValue`: one attribute, its key and its value. */
export interface OtlpKeyValue {
  readonly key: string;
  readonly value?: OtlpAnyValue | undefined;
}

/** The schema of an OTLP `AnyValue` (recursive through arrays and key-value lists). */
export const OtlpAnyValue: v.GenericSchema<OtlpAnyValue> = v.object({
  stringValue: v.optional(v.string()),
  boolValue: v.optional(v.boolean()),
  intValue: v.optional(Int64),
  // The JSON mapping sends NaN and the infinities as strings.
  doubleValue: v.optional(v.union([v.number(), v.string()])),
  bytesValue: v.optional(v.string()),
  arrayValue: v.optional(v.object({ values: v.optional(v.array(v.lazy(() => OtlpAnyValue))) })),
  kvlistValue: v.optional(v.object({ values: v.optional(v.array(v.lazy(() => OtlpKeyValue))) })),
});

/** The schema of an OTLP `KeyValue`. */
export const OtlpKeyValue: v.GenericSchema<OtlpKeyValue> = v.object({
  key: v.string(),
  value: v.optional(v.lazy(() => OtlpAnyValue)),
});

const Attributes = v.optional(v.array(OtlpKeyValue));

/** Hex trace id (16 bytes) and span id (8 bytes), as OTLP/JSON sends them. */
export const OtlpTraceId = v.pipe(
  v.string(),
  v.regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hex digits'),
);
/** A span id: 16 hex digits (8 bytes). */
export const OtlpSpanId = v.pipe(v.string(), v.regex(/^[0-9a-fA-F]{16}$/, 'must be 16 hex digits'));

/** An event of a span (for example `gen_ai.client.inference.operation.details`). */
export const OtlpSpanEvent = v.object({
  timeUnixNano: v.optional(Int64),
  name: v.optional(v.string()),
  attributes: Attributes,
});
export type OtlpSpanEvent = v.InferOutput<typeof OtlpSpanEvent>;

/** One span; checked on its own so that one bad span is rejected, not the request. */
export const OtlpSpan = v.object({
  traceId: OtlpTraceId,
  spanId: OtlpSpanId,
  // An empty string (or absent) for a root span.
  parentSpanId: v.optional(v.union([v.literal(''), OtlpSpanId])),
  name: v.optional(v.string()),
  kind: v.optional(v.number()),
  startTimeUnixNano: Int64,
  endTimeUnixNano: Int64,
  attributes: Attributes,
  events: v.optional(v.array(OtlpSpanEvent)),
  status: v.optional(v.object({ code: v.optional(v.number()), message: v.optional(v.string()) })),
});
export type OtlpSpan = v.InferOutput<typeof OtlpSpan>;

/** The spans of one instrumentation scope. */
export const OtlpScopeSpans = v.object({
  scope: v.optional(v.object({ name: v.optional(v.string()), version: v.optional(v.string()) })),
  spans: v.optional(v.array(v.unknown())),
});

/** The spans of one resource (a process: `service.name` and the like), by scope. */
export const OtlpResourceSpans = v.object({
  resource: v.optional(v.object({ attributes: Attributes })),
  scopeSpans: v.optional(v.array(OtlpScopeSpans)),
});

/** `ExportTraceServiceRequest`: the envelope is checked whole, each span alone. */
export const OtlpTraceRequest = v.pipe(
  // valibot's object takes an array for an object: a JSON array is no export request.
  v.custom<Record<string, unknown>>(
    (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
    'must be an ExportTraceServiceRequest object',
  ),
  v.object({ resourceSpans: v.optional(v.array(OtlpResourceSpans)) }),
);
export type OtlpTraceRequest = v.InferOutput<typeof OtlpTraceRequest>;

/** `ExportTraceServiceResponse`, with the JSON field names of OTLP/HTTP. */
export const OtlpTraceResponse = v.object({
  partialSuccess: v.optional(
    v.object({
      rejectedSpans: v.optional(v.number()),
      errorMessage: v.optional(v.string()),
    }),
  ),
});
export type OtlpTraceResponse = v.InferOutput<typeof OtlpTraceResponse>;

// ---------------------------------------------------------------------------
// A span as Hindsight keeps it while it waits for its parent: attributes
// flattened to JSON values, times in microseconds.
// ---------------------------------------------------------------------------

/** An attribute's value as JSON: arrays and key-value lists stay structured, bytes are base64. */
export type OtelValue =
  | string
  | number
  | boolean
  | null
  | OtelValue[]
  | { [key: string]: OtelValue };

/** A span's or resource's attributes, flattened to JSON values by key. */
export type OtelAttributes = Record<string, OtelValue>;

/** What a span is to Hindsight. */
export const otelSpanRoles = ['stage', 'llm', 'tool', 'other'] as const;
/** What a span is to Hindsight: a stage, an LLM call, a tool call, or something else. */
export type OtelSpanRole = (typeof otelSpanRoles)[number];

/** A span event as stored: its name, time in microseconds and attributes. */
export interface OtelSpanEventRecord {
  readonly name: string;
  readonly time_us: number;
  readonly attributes: OtelAttributes;
}

/** A span as stored while it waits to be applied: ids, times in microseconds, status, role, attributes. */
export interface OtelSpanRecord {
  readonly trace_id: string;
  readonly span_id: string;
  readonly parent_span_id: string | null;
  readonly name: string;
  readonly start_us: number;
  readonly end_us: number;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  readonly status_code: number;
  readonly status_message: string | null;
  readonly role: OtelSpanRole;
  readonly attributes: OtelAttributes;
  /** The resource's attributes (service.name and the like). */
  readonly resource: OtelAttributes;
  readonly events: readonly OtelSpanEventRecord[];
}
