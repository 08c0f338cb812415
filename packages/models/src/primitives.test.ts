import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  Count,
  completesAfterStart,
  DurationMs,
  Id,
  IsoTimestamp,
  JsonObject,
  Label,
  TimestampUs,
} from './primitives.js';
import {
  activeSessionStatuses,
  isTerminalSessionStatus,
  isTerminalStageStatus,
  SessionStatus,
  StageStatus,
  sessionStatuses,
  stageStatuses,
} from './status.js';

const accepts = (schema: v.GenericSchema, input: unknown) => v.safeParse(schema, input).success;

describe.each([
  ['TimestampUs', TimestampUs],
  ['DurationMs', DurationMs],
  ['Count', Count],
] as const)('%s', (_name, schema) => {
  it.each([0, 1, 1_700_000_000_000_000, Number.MAX_SAFE_INTEGER])('accepts %s', (value) => {
    expect(v.parse(schema, value)).toBe(value);
  });

  it.each([-1, 1.5, 2 ** 53, Number.NaN, Infinity, -Infinity, '1', null, undefined, 1n])(
    'rejects %s',
    (value) => {
      expect(accepts(schema, value)).toBe(false);
    },
  );

  it('accepts exactly the non-negative safe integers', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double(), fc.maxSafeInteger()), (value) => {
        const expected = Number.isSafeInteger(value) && value >= 0;
        expect(accepts(schema, value)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe.each([
  ['Id', Id],
  ['Label', Label],
] as const)('%s', (_name, schema) => {
  it('accepts 1 to 255 characters', () => {
    expect(accepts(schema, 'a')).toBe(true);
    expect(accepts(schema, 'x'.repeat(255))).toBe(true);
  });

  it('rejects an empty string, 256 characters and non-strings', () => {
    for (const value of ['', 'x'.repeat(256), 1, null]) expect(accepts(schema, value)).toBe(false);
  });
});

describe('IsoTimestamp', () => {
  it.each(['2024-05-01T12:00:00Z', '2024-05-01T12:00:00.123Z', '2024-05-01T14:00:00+02:00'])(
    'accepts %s',
    (value) => {
      expect(accepts(IsoTimestamp, value)).toBe(true);
    },
  );

  it.each(['2024-05-01', '2024-05-01T12:00:00', '12:00:00Z', 'yesterday', '', 1_714_564_800_000])(
    'rejects %s',
    (value) => {
      expect(accepts(IsoTimestamp, value)).toBe(false);
    },
  );

  it('accepts what Date#toISOString produces for four-digit years', () => {
    const max = new Date('9999-12-31T23:59:59.999Z');
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true, min: new Date(0), max }), (date) => {
        expect(accepts(IsoTimestamp, date.toISOString())).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('JsonObject', () => {
  it('accepts objects, empty or nested', () => {
    expect(accepts(JsonObject, {})).toBe(true);
    expect(accepts(JsonObject, { a: { b: [1, null, 'c'] } })).toBe(true);
  });

  it('rejects arrays, strings, numbers and null', () => {
    for (const value of [[], [{ a: 1 }], 'a', 1, null]) {
      expect(accepts(JsonObject, value)).toBe(false);
    }
  });
});

describe('completesAfterStart', () => {
  it('holds when either end is missing or completion is not before start', () => {
    expect(completesAfterStart({ started_at_us: 10, completed_at_us: 10 })).toBe(true);
    expect(completesAfterStart({ started_at_us: 10, completed_at_us: 11 })).toBe(true);
    expect(completesAfterStart({ started_at_us: null, completed_at_us: 5 })).toBe(true);
    expect(completesAfterStart({ started_at_us: 10, completed_at_us: null })).toBe(true);
    expect(completesAfterStart({})).toBe(true);
  });

  it('fails when completion is before start', () => {
    expect(completesAfterStart({ started_at_us: 10, completed_at_us: 9 })).toBe(false);
  });
});

describe('SessionStatus and StageStatus', () => {
  it.each(sessionStatuses)('SessionStatus accepts %s', (status) => {
    expect(v.parse(SessionStatus, status)).toBe(status);
  });

  it.each(stageStatuses)('StageStatus accepts %s', (status) => {
    expect(v.parse(StageStatus, status)).toBe(status);
  });

  it('SessionStatus rejects the stage-only statuses and unknown values', () => {
    for (const status of ['active', 'partial', 'COMPLETED', 'done', '', null]) {
      expect(accepts(SessionStatus, status)).toBe(false);
    }
  });

  it('StageStatus rejects the session-only status and unknown values', () => {
    for (const status of ['in_progress', 'Completed', 'running', 0]) {
      expect(accepts(StageStatus, status)).toBe(false);
    }
  });

  it('holds the EP-0010 statuses', () => {
    expect(sessionStatuses).toEqual([
      'pending',
      'in_progress',
      'paused',
      'canceling',
      'completed',
      'failed',
      'cancelled',
      'timed_out',
    ]);
    expect(stageStatuses).toEqual([
      'pending',
      'active',
      'paused',
      'completed',
      'failed',
      'cancelled',
      'timed_out',
      'partial',
    ]);
  });

  it('tells terminal statuses apart from running ones', () => {
    const terminalSessions = sessionStatuses.filter(isTerminalSessionStatus);
    expect(terminalSessions).toEqual(['completed', 'failed', 'cancelled', 'timed_out']);
    const terminalStages = stageStatuses.filter(isTerminalStageStatus);
    expect(terminalStages).toEqual(['completed', 'failed', 'cancelled', 'timed_out', 'partial']);
    for (const status of activeSessionStatuses) expect(isTerminalSessionStatus(status)).toBe(false);
  });
});
