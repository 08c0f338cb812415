import { describe, expect, it } from 'vitest';
import { decodeTraceRequest, encodeTraceRequest } from './trace-codec.js';

const text = 'naïve café, 東京, 🦜 and a lone \u00e9';
const request = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'agent' } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: '0123456789abcdef0123456789abcdef',
              spanId: '0123456789abcdef',
              parentSpanId: '',
              name: 'chat',
              startTimeUnixNano: '1800000000123456789',
              endTimeUnixNano: '1800000001123456789',
              attributes: [
                { key: 'gen_ai.input.messages', value: { stringValue: text } },
                { key: 'blob', value: { bytesValue: Buffer.from([0, 1, 254]).toString('base64') } },
              ],
            },
          ],
        },
      ],
    },
  ],
};

describe('decodeTraceRequest', () => {
  it('reads a protobuf export back into the OTLP/JSON shape, from a Uint8Array or a Buffer', () => {
    const body = encodeTraceRequest(request);
    // A Uint8Array that is a view into a larger buffer, as a request body may be.
    const padded = new Uint8Array(body.length + 8);
    padded.set(body, 4);
    for (const input of [body, padded.subarray(4, 4 + body.length), Buffer.from(body)]) {
      const decoded = decodeTraceRequest(input) as typeof request;
      const span = decoded.resourceSpans[0]?.scopeSpans[0]?.spans[0];
      expect(span?.traceId).toBe(request.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.traceId);
      expect(span?.spanId).toBe('0123456789abcdef');
      // 64-bit nanoseconds beyond 2^53 stay exact, as decimal strings.
      expect(span?.startTimeUnixNano).toBe('1800000000123456789');
      expect(span?.attributes).toEqual(
        request.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.attributes,
      );
    }
  });
});
