import { fstatSync, fsyncSync, readdirSync, statSync } from 'node:fs';
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

/** A file's identity, the same from its path or from a descriptor open on it (any platform). */
const identity = (stats: { dev: number; ino: number }) => `${stats.dev}:${stats.ino}`;

/** The identities of the files under `root`, at any depth. */
function filesUnder(root: string): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.add(identity(statSync(join(entry.parentPath, entry.name))));
  }
  return found;
}

/** A flush recorder: the identity of every file flushed, then the real fsync. */
function recorder(): { flushed: string[]; fsync: (fd: number) => void } {
  const flushed: string[] = [];
  return {
    flushed,
    fsync: (fd) => {
      flushed.push(identity(fstatSync(fd)));
      fsyncSync(fd);
    },
  };
}

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
    const { flushed, fsync } = recorder();
    const pg = openPglite(join(dir, 'data'), { fsync });
    try {
      await pg.exec('create table t (x int)');
      flushed.length = 0;
      await pg.query('insert into t values (1)');
      // The commit's WAL record was flushed by the time the insert answered.
      const wal = filesUnder(join(dir, 'data', 'pg_wal'));
      expect(flushed.some((file) => wal.has(file))).toBe(true);
      flushed.length = 0;
      // A read-only statement writes no WAL, so it flushes nothing.
      await pg.query('select count(*) from t');
      expect(flushed).toEqual([]);
    } finally {
      await pg.close();
    }
  });

  it('has a checkpoint flush the data files it wrote', async () => {
    const { flushed, fsync } = recorder();
    const pg = openPglite(join(dir, 'data'), { fsync });
    try {
      await pg.exec('create table t (x int); insert into t select generate_series(1, 1000)');
      flushed.length = 0;
      await pg.exec('checkpoint');
      // The table's pages live under base/ (the database's directory): written, then flushed.
      const tables = filesUnder(join(dir, 'data', 'base'));
      expect(flushed.some((file) => tables.has(file))).toBe(true);
    } finally {
      await pg.close();
    }
  });
});
