import {
  type OtelAttributes,
  type OtelSpanRecord,
  type OtelValue,
  type OtlpAnyValue,
  type OtlpKeyValue,
  OtlpSpan,
  type OtlpTraceRequest,
} from '@hindsight/models';
import * as v from 'valibot';
import { classifySpan } from './classify.js';

/** One attribute value as JSON; int64 beyond 2^53 stays a decimal string. */
export function otelValueOf(value: OtlpAnyValue | undefined): OtelValue {
  if (value === undefined) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if (value.doubleValue !== undefined) {
    const n = Number(value.doubleValue);
    return Number.isFinite(n) ? n : String(value.doubleValue);
  }
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(otelValueOf);
  if (value.kvlistValue !== undefined) return attributesOf(value.kvlistValue.values);
  return null;
}

export function attributesOf(list: readonly OtlpKeyValue[] | undefined): OtelAttributes {
  const attributes: OtelAttributes = {};
  for (const { key, value } of list ?? []) attributes[key] = otelValueOf(value);
  return attributes;
}

/** Nanoseconds since the epoch (a string or a number) to whole microseconds. */
function microseconds(nanos: string | number | undefined): number {
  if (nanos === undefined) return 0;
  if (typeof nanos === 'number') return Math.floor(nanos / 1000);
  // As a string the value may exceed 2^53: drop the last three digits rather than round through a float.
  return nanos.length <= 3 ? 0 : Number(nanos.slice(0, -3));
}

export interface NormalizedRequest {
  readonly spans: OtelSpanRecord[];
  /** Spans that did not match the OTLP model, with why. */
  readonly rejected: string[];
}

/**
 * The spans of an export request, each checked on its own: a malformed span
 * is rejected (counted in `partial_success`), the others go on. Ids are kept
 * as lowercase hex; times become microseconds.
 */
export function normalizeRequest(request: OtlpTraceRequest): NormalizedRequest {
  const spans: OtelSpanRecord[] = [];
  const rejected: string[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const input of scopeSpans.spans ?? []) {
        const parsed = v.safeParse(OtlpSpan, input);
        if (!parsed.success) {
          const issue = parsed.issues[0];
          const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
          rejected.push(`${path === '' ? 'span' : path}: ${issue.message}`);
          continue;
        }
        const span = parsed.output;
        const attributes = attributesOf(span.attributes);
        const start_us = microseconds(span.startTimeUnixNano);
        const end_us = Math.max(start_us, microseconds(span.endTimeUnixNano));
        const record: Omit<OtelSpanRecord, 'role'> = {
          trace_id: span.traceId.toLowerCase(),
          span_id: span.spanId.toLowerCase(),
          parent_span_id: span.parentSpanId ? span.parentSpanId.toLowerCase() : null,
          name: span.name ?? '',
          start_us,
          end_us,
          status_code: span.status?.code ?? 0,
          status_message: span.status?.message || null,
          attributes,
          resource,
          events: (span.events ?? []).map((event) => ({
            name: event.name ?? '',
            time_us: microseconds(event.timeUnixNano),
            attributes: attributesOf(event.attributes),
          })),
        };
        spans.push({ ...record, role: classifySpan(record) });
      }
    }
  }
  return { spans, rejected };
}
