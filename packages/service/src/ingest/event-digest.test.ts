import { testDrivers } from '@hindsight/repository/testing';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../errors.js';
import { createHub, type Services } from '../services.js';
import { envelope, testBodies, testCaller } from '../testing/index.js';
import { canonicalJson, eventDigest } from './prepare.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves out undefined, so key order does not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    expect(eventDigest('session.started', { a: 1, b: 2 })).toBe(
      eventDigest('session.started', { b: 2, a: 1 }),
    );
    expect(eventDigest('session.started', { a: 1 })).not.toBe(
      eventDigest('session.updated', { a: 1 }),
    );
  });

  // The text as it was first defined: every digest stored so far was taken of it, so a faster
  // canonicalJson must give exactly the same text, for any value a body can hold.
  const reference = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map((item) => reference(item)).join(',')}]`;
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`);
      return `{${members.join(',')}}`;
    }
    return JSON.stringify(value) ?? 'null';
  };

  it('gives the text it always gave, for any JSON-like value', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.constant(undefined),
        fc.array(tie('node')),
        fc.dictionary(fc.string(), tie('node')),
      ),
    })).node;
    fc.assert(
      fc.property(value, (input) => {
        expect(canonicalJson(input)).toBe(reference(input));
      }),
      { numRuns: 500 },
    );
  });
});

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'event id reuse on $dialect',
  (driver) => {
    let dispose: () => Promise<void>;
    let services: Services;
    beforeEach(async () => {
      const database = await driver.create();
      dispose = database.dispose;
      services = createHub({ db: database.db }).as(testCaller);
    });
    afterEach(() => dispose());

    it('answers the same content again 200 (in any key order) and other content under the id 409', async () => {
      const body = testBodies.sessionStarted('s1');
      const first = await services.ingest.batch({
        batch: [envelope('session.started', body, 'e1')],
      });
      expect(first.successes).toEqual([{ id: 'e1', status: 201 }]);

      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const again = await services.ingest.batch({
        batch: [
          envelope('session.started', reordered, 'e1'),
          envelope('session.started', { ...body, alert_type: 'DiskFull' }, 'e1'),
          envelope('session.started', testBodies.sessionStarted('s2'), 'e2'),
        ],
      });
      expect(again.successes).toEqual([
        { id: 'e1', status: 200 },
        { id: 'e2', status: 201 },
      ]);
      expect(again.errors).toEqual([
        { id: 'e1', status: 409, message: expect.stringContaining('other content') },
      ]);
      const detail = await services.sessions.get({ session_id: 's1' });
      expect(detail.alert_type).toBe('PodCrashLooping');
    });

    it('answers other content under one id within a batch 409, the first applied', async () => {
      const result = await services.ingest.batch({
        batch: [
          envelope('session.started', testBodies.sessionStarted('s1'), 'e1'),
          envelope('session.started', testBodies.sessionStarted('s9'), 'e1'),
        ],
      });
      expect(result.successes).toEqual([{ id: 'e1', status: 201 }]);
      expect(result.errors.map((e) => e.status)).toEqual([409]);
    });

    it('throws ConflictError for a single record whose id was used for other content', async () => {
      const body = testBodies.sessionStarted('s1');
      await services.ingest.record({ type: 'session.started', body, event_id: 'k1' });
      expect(
        await services.ingest.record({ type: 'session.started', body, event_id: 'k1' }),
      ).toEqual({ id: 'k1', status: 200 });
      await expect(
        services.ingest.record({
          type: 'session.started',
          body: { ...body, author: 'someone-else' },
          event_id: 'k1',
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      // Without a key the id derives from the record's ids: the same record with other content.
      const derived = { ...testBodies.sessionStarted('s3') };
      await services.ingest.record({ type: 'session.started', body: derived });
      await expect(
        services.ingest.record({
          type: 'session.started',
          body: { ...derived, alert_type: 'Other' },
        }),
      ).rejects.toBeInstanceOf(ConflictError);
    });
  },
);
