import { PassThrough } from 'node:stream';
import { systemPrincipal } from '@hindsight/models';
import { pgliteTestDriver } from '@hindsight/repository/testing';
import { createHub, PriceBook } from '@hindsight/service';
import { costRun } from '@hindsight/service/testing';
import { describe, expect, it } from 'vitest';
import { UsageError } from './api-key-command.js';
import { readPricesFile } from './prices-file.js';
import { parseSince, repriceCommand } from './reprice-command.js';

describe('hindsight reprice', () => {
  it('prices stored calls again with the file overrides, prints the result, and fixes totals', async () => {
    const database = await pgliteTestDriver.create();
    try {
      const before = createHub({ db: database.db }).as({ principal: systemPrincipal('cli') });
      expect((await before.ingest.batch({ batch: costRun('s1') })).errors).toEqual([]);
      const file = readPricesFile('prices.json', () =>
        JSON.stringify([
          { name: 'acme', model: 'acme-ft-*', input_per_mtok: 1000, output_per_mtok: 0 },
        ]),
      );
      if (!('overrides' in file)) throw new Error(file.problems.join('; '));
      const system = createHub(
        { db: database.db },
        { pricing: new PriceBook({ fileOverrides: file.overrides }) },
      ).as({ principal: systemPrincipal('cli') });
      const out = new PassThrough();
      let printed = '';
      out.on('data', (chunk) => {
        printed += String(chunk);
      });
      const result = await repriceCommand(system, { since: '2026-01-01', batchSize: '2' }, out);
      expect(result).toEqual({ calls_examined: 4, calls_changed: 1, batches: 2 });
      expect(JSON.parse(printed)).toEqual(result);
      // The unknown model's 100 input tokens at $1,000/M join the session's total.
      const [session] = (await system.sessions.list({})).sessions;
      expect(session?.session_cost_usd).toBe('0.14295');
    } finally {
      await database.dispose();
    }
  });

  it('reads --since as a date or microseconds, and refuses anything else', async () => {
    expect(parseSince('2026-01-01')).toBe(Date.parse('2026-01-01') * 1000);
    expect(parseSince('2026-01-01T12:00:00Z')).toBe(Date.parse('2026-01-01T12:00:00Z') * 1000);
    expect(parseSince('1767225600000000')).toBe(1_767_225_600_000_000);
    expect(() => parseSince('yesterday')).toThrow(UsageError);
    const system = createHub({ db: {} as never }).as({ principal: systemPrincipal('cli') });
    await expect(repriceCommand(system, { batchSize: '0' })).rejects.toThrow(/--batch-size/);
  });
});

describe('the prices file', () => {
  it('names each bad field by its place in the file', () => {
    const result = readPricesFile('p.json', () =>
      JSON.stringify([
        { name: 'ok', model: 'a', input_per_mtok: 1, output_per_mtok: 1 },
        { name: 'bad', model: '', input_per_mtok: -1, output_per_mtok: 1 },
      ]),
    );
    expect(result).toEqual({
      problems: [
        expect.stringMatching(/^\[1\]\.model: /),
        expect.stringMatching(/^\[1\]\.input_per_mtok: /),
      ],
    });
  });

  it('refuses a file that is missing, not JSON, not an array, or names two overrides alike', () => {
    const missing = readPricesFile('nope.json', () => {
      throw new Error('ENOENT: no such file');
    });
    expect(missing).toEqual({ problems: ['cannot be read: ENOENT: no such file'] });
    expect(readPricesFile('p.json', () => '{')).toMatchObject({
      problems: [expect.stringMatching(/^is not JSON/)],
    });
    expect(readPricesFile('p.json', () => '{}')).toEqual({
      problems: ['the file: must be a JSON array of price overrides'],
    });
    const twice = { name: 'x', model: 'a', input_per_mtok: 1, output_per_mtok: 1 };
    expect(readPricesFile('p.json', () => JSON.stringify([twice, twice]))).toEqual({
      problems: ['the file: names two overrides alike: each name must be unique'],
    });
  });
});
