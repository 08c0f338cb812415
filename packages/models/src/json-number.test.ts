import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inexactNumberMarker, isExactJsonNumber, markInexactNumbers } from './json-number.js';

const marker = (token: string) => JSON.stringify(`${inexactNumberMarker}${token}`);

describe('markInexactNumbers', () => {
  it('answers undefined when every number is exact, however it is written', () => {
    expect(markInexactNumbers('[1, 1.0, 0.1, 1e2, -0, 1E-7, 1700000000000000, -2.5e+3]')).toBe(
      undefined,
    );
    expect(markInexactNumbers('{"a":"1e400","b":true,"c":null}')).toBe(undefined);
  });

  it('replaces each inexact number by a marker and leaves the rest as it was', () => {
    const text = '{"big":9007199254740993,"ok":1,"huge":-1e400,"tiny":1e-400}';
    expect(markInexactNumbers(text)).toBe(
      `{"big":${marker('9007199254740993')},"ok":1,"huge":${marker('-1e400')},"tiny":${marker('1e-400')}}`,
    );
  });

  it('never takes digits inside a string for a number, escaped quotes included', () => {
    expect(markInexactNumbers('{"a":"say \\"1e400\\" twice","b":2}')).toBe(undefined);
    // Two backslashes end in an escaped backslash: the quote after them closes the string.
    expect(markInexactNumbers('{"a":"\\\\","b":1e400}')).toBe(
      `{"a":"\\\\","b":${marker('1e400')}}`,
    );
    expect(markInexactNumbers('["\\\\\\"1e400"]')).toBe(undefined);
  });

  it('marks exactly the numbers that do not read back the same, in any JSON', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.array(fc.constantFrom('1e400', '12345678901234567890')),
        (value, inexact) => {
          const text = `{"value":${JSON.stringify(value)},"inexact":[${inexact.join(',')}]}`;
          const marked = markInexactNumbers(text);
          if (inexact.length === 0) {
            // Every number JSON.stringify writes is the shortest form of its value.
            expect(marked).toBe(undefined);
            return;
          }
          const parsed = JSON.parse(marked ?? 'null') as { value: unknown; inexact: unknown[] };
          expect(parsed.value).toEqual(JSON.parse(JSON.stringify(value)));
          expect(parsed.inexact).toEqual(inexact.map((n) => `${inexactNumberMarker}${n}`));
        },
      ),
    );
  });
});

describe('isExactJsonNumber', () => {
  it('tells the numbers a 64-bit float holds from those it changes', () => {
    for (const exact of ['0', '-0', '1.0', '0.10', '1e2', '100e-2', '9007199254740992'])
      expect(isExactJsonNumber(exact), exact).toBe(true);
    for (const inexact of ['9007199254740993', '1e400', '1e-400', '0.12345678901234567891'])
      expect(isExactJsonNumber(inexact), inexact).toBe(false);
  });
});
