import { fsyncSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPglite } from './database.js';
import { initializePgliteDirectory } from './pglite-directory.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hindsight-pglite-fsync-'));
  await initializePgliteDirectory(join(dir, 'data'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The path an open descriptor names (Linux: /proc/self/fd). */
const pathOf = (fd: number) => readlinkSync(`/proc/self/fd/${fd}`);

describe('a PGlite data directory', () => {
  it('runs PostgreSQL with fsync on, flushing the WAL by fsync(2)', async () => {
    const pg = openPglite(join(dir, 'data'));
    try {
      const fsync = await pg.query<{ fsync: string }>('show fsync');
      const method = await pg.query<{ wal_sync_method: string }>('show wal_sync_method');
      expect(fsync.rows[0]?.fsync).toBe('on');
      expect(method.rows[0]?.wal_sync_method).toBe('fsync');
    } finally {
      await pg.close();
    }
  });

  it('has its WAL flushed to the disk before a commit is acknowledged', async () => {
    const flushed: string[] = [];
    const pg = openPglite(join(dir, 'data'), {
      fsync: (fd) => {
        flushed.push(pathOf(fd));
        fsyncSync(fd);
      },
    });
    try {
      await pg.exec('create table t (x int)');
      flushed.length = 0;
      await pg.query('insert into t values (1)');
      // The commit's WAL record was flushed by the time the insert answered.
      expect(flushed.some((path) => path.includes(`${join(dir, 'data')}/pg_wal/`))).toBe(true);
      flushed.length = 0;
      // A read-only statement writes no WAL, so it flushes nothing.
      await pg.query('select count(*) from t');
      expect(flushed).toEqual([]);
    } finally {
      await pg.close();
    }
  });

  it('has a checkpoint flush the data files it wrote', async () => {
    const flushed: string[] = [];
    const pg = openPglite(join(dir, 'data'), {
      fsync: (fd) => {
        flushed.push(pathOf(fd));
        fsyncSync(fd);
      },
    });
    try {
      await pg.exec('create table t (x int); insert into t select generate_series(1, 1000)');
      flushed.length = 0;
      await pg.exec('checkpoint');
      // The table's pages live under base/ (the database's directory): written, then flushed.
      expect(flushed.some((path) => path.includes(`${join(dir, 'data')}/base/`))).toBe(true);
    } finally {
      await pg.close();
    }
  });
});
