import { createDatabase, type Database, migrate } from '@hindsight/repository';
import { afterEach, describe, expect, it } from 'vitest';
import { testBodies } from '../testing/index.js';
import { createRecorder, errorMessageOf, type RecordingFailure } from './recorder.js';
import { SchemaNotMigratedError } from './schema-check.js';

// A database nobody migrated: the README's setup without its `migrate()` line.
describe('the recorder on an unmigrated database', () => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('fails ready() and every recording with the missing migrations named', async () => {
    database = await createDatabase('memory://');
    const failures: RecordingFailure[] = [];
    const recorder = createRecorder({
      ctx: { db: database.db },
      onError: (f) => failures.push(f),
    });
    const readiness = await recorder.ready().catch((error: unknown) => error);
    expect(readiness).toBeInstanceOf(SchemaNotMigratedError);
    const error = readiness as SchemaNotMigratedError;
    expect(error.message).toMatch(/no Hindsight schema: run migrate\(database\)/);
    expect(error.pending[0]).toMatch(/^0000_/);

    const outcome = await recorder.sessionStarted(testBodies.sessionStarted('s1'));
    expect(outcome).toMatchObject({ ok: false, error: readiness });
    expect(failures.map((f) => f.error)).toEqual([readiness]);
  });

  it('records once the database is migrated', async () => {
    database = await createDatabase('memory://');
    await migrate(database);
    const failures: RecordingFailure[] = [];
    const recorder = createRecorder({ ctx: { db: database.db }, onError: (f) => failures.push(f) });
    await expect(recorder.ready()).resolves.toBeUndefined();
    expect(await recorder.sessionStarted(testBodies.sessionStarted('s1'))).toMatchObject({
      ok: true,
      status: 201,
    });
    expect(failures).toEqual([]);
  });
});

describe('errorMessageOf', () => {
  it('keeps the causes, where a failed query says what the database answered', () => {
    const cause = new Error('relation "alert_sessions" does not exist');
    const error = new Error('Failed query: insert into "alert_sessions" …', { cause });
    expect(errorMessageOf(error)).toBe(
      'Error: Failed query: insert into "alert_sessions" … (cause: Error: relation "alert_sessions" does not exist)',
    );
    expect(errorMessageOf('plain')).toBe('plain');
  });
});
