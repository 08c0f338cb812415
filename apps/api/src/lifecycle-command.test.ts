import { PassThrough, Readable } from 'node:stream';
import { systemPrincipal } from '@hindsight/models';
import {
  pgliteTestDriver,
  postgresTestDriver,
  type TestDatabase,
  type TestDriver,
} from '@hindsight/repository/testing';
import { createHub, type Services } from '@hindsight/service';
import { testRun, testT0 } from '@hindsight/service/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { exportCommand, filtersOf, importCommand, retentionCommand } from './lifecycle-command.js';
import { sweepStaleOnce } from './lifecycle-jobs.js';
import type { Logger } from './logger.js';

const dayUs = 86_400_000_000;
const minuteUs = 60_000_000;

function recordingLogger() {
  const lines: Array<{ fields: unknown; message: string }> = [];
  const log = (fields: unknown, message?: string) => {
    lines.push({ fields, message: message ?? String(fields) });
  };
  const logger = { info: log, warn: log, error: log, debug: log, fatal: log } as unknown as Logger;
  return { logger, lines };
}

function servicesOf(database: TestDatabase): Services {
  return createHub({ db: database.db }).as({ principal: systemPrincipal('cli') });
}

/** A stream read as it is written (a writer waits for `drain`), and its text once ended. */
function sink(): { stream: PassThrough; text: () => Promise<string> } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => {
    text += String(chunk);
  });
  const ended = new Promise<void>((done) => stream.on('end', done));
  return {
    stream,
    text: async () => {
      stream.end();
      await ended;
      return text;
    },
  };
}

const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const database of databases.splice(0)) await database.dispose();
});

async function open(driver = pgliteTestDriver): Promise<TestDatabase> {
  const database = await driver.create();
  databases.push(database);
  return database;
}

describe('hindsight retention run', () => {
  it('--dry-run counts what would go and deletes nothing; a real run deletes it and logs a line', async () => {
    const database = await open();
    const system = servicesOf(database);
    for (const id of ['a', 'b', 'c']) await system.ingest.batch({ batch: testRun(id) });
    const settings = {
      policy: { default_days: 365, by_status: {}, by_agent_type: {} },
      batchSize: 2,
    };
    const nowUs = testT0 + 400 * dayUs;
    const { logger, lines } = recordingLogger();
    const out = sink();
    const dry = await retentionCommand(
      system,
      settings,
      logger,
      ['run'],
      { dryRun: true },
      out.stream,
      nowUs,
    );
    expect(dry).toMatchObject({ dry_run: true, deleted: { sessions: 3, stages: 6 } });
    expect(JSON.parse(await out.text())).toEqual(dry);
    expect((await system.sessions.list({})).pagination.total_items).toBe(3);
    expect(lines.at(-1)?.message).toMatch(/dry run/);
    const real = await retentionCommand(
      system,
      settings,
      logger,
      ['run'],
      { dryRun: false },
      new PassThrough(),
      nowUs,
    );
    expect(real).toMatchObject({ dry_run: false, skipped: false, batches: 2 });
    expect(real.deleted).toEqual(dry.deleted);
    expect((await system.sessions.list({})).pagination.total_items).toBe(0);
    expect(lines.at(-1)).toMatchObject({
      message: 'retention run done',
      fields: { deleted: { sessions: 3 } },
    });
  });

  it('refuses another subcommand', async () => {
    const database = await open();
    await expect(
      retentionCommand(
        servicesOf(database),
        { policy: { default_days: 1, by_status: {}, by_agent_type: {} }, batchSize: 1 },
        recordingLogger().logger,
        ['go'],
        { dryRun: false },
      ),
    ).rejects.toThrow(/run/);
  });
});

describe('the stale sweep job', () => {
  it('times out a session only once its idle time passes the injected clock', async () => {
    const database = await open();
    const system = servicesOf(database);
    await system.ingest.batch({ batch: testRun('idle', { running: true }) });
    const received = Date.now() * 1000;
    const { logger, lines } = recordingLogger();
    expect(
      (await sweepStaleOnce(system, 60 * 60_000, logger, undefined, received + 59 * minuteUs))
        .sessions,
    ).toEqual([]);
    expect(lines).toEqual([]);
    const swept = await sweepStaleOnce(
      system,
      60 * 60_000,
      logger,
      undefined,
      received + 61 * minuteUs,
    );
    expect(swept.sessions).toEqual(['idle']);
    expect(lines.at(-1)?.message).toBe('stale sessions timed out');
    expect((await system.sessions.get({ session_id: 'idle' })).status).toBe('timed_out');
  });

  it('times out a backlog larger than a page in one run, page after page', async () => {
    const database = await open();
    const system = servicesOf(database);
    const ids = ['idle-a', 'idle-b', 'idle-c', 'idle-d', 'idle-e'];
    for (const id of ids) await system.ingest.batch({ batch: testRun(id, { running: true }) });
    const later = Date.now() * 1000 + 61 * minuteUs;
    const { logger, lines } = recordingLogger();
    const swept = await sweepStaleOnce(system, 60 * 60_000, logger, undefined, later, 2);
    expect([...swept.sessions].sort()).toEqual(ids);
    expect(lines.filter((l) => l.message === 'stale sessions timed out')).toHaveLength(1);
    for (const id of ids) {
      expect((await system.sessions.get({ session_id: id })).status).toBe('timed_out');
    }
    expect(
      (await sweepStaleOnce(system, 60 * 60_000, logger, undefined, later, 2)).sessions,
    ).toEqual([]);
  });
});

const postgresUrl = process.env.TEST_DATABASE_URL;

describe('hindsight export and import', () => {
  const targets: Array<[string, TestDriver]> = [['pglite', pgliteTestDriver]];
  if (postgresUrl) targets.push(['postgres', postgresTestDriver(postgresUrl)]);
  it.each(targets)(
    'round-trips every session from PGlite to %s, idempotently',
    async (_name, target) => {
      const source = servicesOf(await open());
      for (let i = 0; i < 7; i += 1) {
        await source.ingest.batch({
          batch: testRun(`s${i}`, { stages: 2, llmPerStage: 2, mcpPerStage: 1 }),
        });
      }
      await source.ingest.batch({ batch: testRun('live', { running: true }) });
      const out = sink();
      expect(await exportCommand(source, {}, out.stream, 3)).toBe(8);
      const file = await out.text();
      expect(file.trimEnd().split('\n')).toHaveLength(8);

      const restored = servicesOf(await open(target));
      expect(await importCommand(restored, Readable.from([file]), 3)).toEqual({
        imported: 8,
        skipped: 0,
      });
      expect(await importCommand(restored, Readable.from([file]), 3)).toEqual({
        imported: 0,
        skipped: 8,
      });
      for (const id of ['s0', 's6', 'live']) {
        expect(await restored.sessions.get({ session_id: id })).toEqual(
          await source.sessions.get({ session_id: id }),
        );
      }
      // The export of the copy is the same file.
      const again = sink();
      await exportCommand(restored, {}, again.stream);
      expect(await again.text()).toBe(file);
    },
  );

  it('passes KEY=VALUE arguments as list filters', async () => {
    expect(filtersOf(['status=failed', 'status=completed', 'agent_type=a'])).toEqual({
      status: ['failed', 'completed'],
      agent_type: 'a',
    });
    expect(() => filtersOf(['oops'])).toThrow(/key=value/);
    const source = servicesOf(await open());
    await source.ingest.batch({ batch: testRun('done') });
    await source.ingest.batch({ batch: testRun('live', { running: true }) });
    const out = sink();
    expect(await exportCommand(source, filtersOf(['status=in_progress']), out.stream)).toBe(1);
    expect(JSON.parse(await out.text())).toMatchObject({ session_id: 'live' });
  });
});
