import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, ValidationError } from '../errors.js';
import { testBodies } from '../testing/index.js';
import { hasUnstorableCharacters, inspectJson } from './inspect-json.js';
import { defaultIngestLimits } from './limits.js';
import { prepareBody, truncateContent } from './prepare.js';

describe('inspectJson', () => {
  const limits = { maxDepth: 3, maxChars: 1000 };

  it('measures a value as the length of its JSON text, escapes aside', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        const text = JSON.stringify(value);
        const escapes = (text.match(/\\./g) ?? []).length;
        const { chars } = inspectJson(value, 'x', { maxDepth: 10, maxChars: 1e9 });
        // Each escape is one character in the value but two (or six) in the text.
        expect(chars).toBeLessThanOrEqual(text.length);
        expect(chars).toBeGreaterThanOrEqual(text.length - 5 * escapes);
        if (escapes === 0) expect(chars).toBe(text.length);
      }),
    );
  });

  it('finds nesting past the limit and names where', () => {
    expect(inspectJson({ a: [{ b: 1 }] }, 'body.x', limits).problem).toBeUndefined();
    expect(inspectJson({ a: [{ b: {} }] }, 'body.x', limits).problem).toEqual({
      path: 'body.x.a.0.b',
      message: 'must not nest deeper than 3 levels',
    });
  });

  it('stops counting past the size limit', () => {
    const inspection = inspectJson(Array(10_000).fill('abcdef'), 'x', limits);
    expect(inspection.oversized).toBe(true);
    expect(inspection.chars).toBeLessThan(1020);
  });

  it('finds NUL and unpaired surrogates in values and keys, and accepts pairs', () => {
    expect(hasUnstorableCharacters('emoji \ud83d\ude00 ok')).toBe(false);
    expect(hasUnstorableCharacters('nul \u0000')).toBe(true);
    expect(hasUnstorableCharacters('high \ud83d alone')).toBe(true);
    expect(hasUnstorableCharacters('\ude00 low first')).toBe(true);
    expect(inspectJson({ ok: ['\ud800'] }, 'r', limits).problem?.path).toBe('r.ok.0');
    expect(inspectJson({ 'k\u0000': 1 }, 'r', limits).problem?.message).toContain('the key');
  });
});

describe('truncateContent', () => {
  it('keeps short content and cuts long content with a marker, never inside a pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.nat({ max: 40 }), (s, max) => {
        const limit = max + 1;
        const out = truncateContent(s, limit);
        if (s.length <= limit) {
          expect(out).toBe(s);
          return;
        }
        const kept = out.slice(0, out.indexOf('\n\n[truncated by Hindsight'));
        expect(s.startsWith(kept)).toBe(true);
        expect(kept.length).toBeGreaterThanOrEqual(limit - 1);
        expect(out).toContain(`${s.length} characters, the first ${kept.length} kept`);
        const last = kept.charCodeAt(kept.length - 1);
        expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
      }),
    );
  });
});

describe('prepareBody', () => {
  it('never throws anything but a typed error, whatever the body', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'session.started',
          'session.completed',
          'stage.started',
          'llm.interaction',
          'mcp.communication',
        ),
        fc.jsonValue(),
        (type, body) => {
          try {
            prepareBody(type, body, defaultIngestLimits);
          } catch (error) {
            expect(error instanceof ValidationError || error instanceof PayloadTooLargeError).toBe(
              true,
            );
          }
        },
      ),
    );
  });

  it('fills total_tokens from its parts only when it is absent', () => {
    const body = prepareBody(
      'llm.interaction',
      testBodies.llm('s', 'l', null),
      defaultIngestLimits,
    );
    expect(body.total_tokens).toBe(120);
    const given = prepareBody(
      'llm.interaction',
      testBodies.llm('s', 'l', null, { total_tokens: 999 }),
      defaultIngestLimits,
    );
    expect(given.total_tokens).toBe(999);
    const partial = prepareBody(
      'llm.interaction',
      testBodies.llm('s', 'l', null, { output_tokens: null }),
      defaultIngestLimits,
    );
    expect(partial.total_tokens).toBeUndefined();
  });
});
