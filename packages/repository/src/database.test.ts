import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createDatabase, parseDatabaseUrl, ping, redactUrl } from './database.js';
import { migrate } from './migrate.js';
import { findSession, insertSession } from './repositories/sessions.js';
import { sessionRecord } from './testing/index.js';

describe('parseDatabaseUrl', () => {
  it.each([
    ['memory://', { kind: 'memory' }],
    ['./data', { kind: 'directory', path: './data' }],
    ['/var/lib/hindsight', { kind: 'directory', path: '/var/lib/hindsight' }],
    ['file:///var/lib/hindsight', { kind: 'directory', path: '/var/lib/hindsight' }],
    ['postgres://u:p@db:5432/h', { kind: 'postgres', url: 'postgres://u:p@db:5432/h' }],
    ['postgresql://db/h', { kind: 'postgres', url: 'postgresql://db/h' }],
  ])('reads %s', (url, expected) => {
    expect(parseDatabaseUrl(url)).toEqual(expected);
  });

  it('refuses an empty URL and unknown schemes, without leaking a password', () => {
    expect(() => parseDatabaseUrl('  ')).toThrow(/empty/);
    expect(() => parseDatabaseUrl('mysql://root:secret@db/h')).toThrow(/unsupported/);
    expect(() => parseDatabaseUrl('mysql://root:secret@db/h')).not.toThrow(/secret/);
  });
});

describe('redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/h')).toBe('postgres://app:***@db:5432/h');
    expect(redactUrl('postgres://db/h')).toBe('postgres://db/h');
  });
});

describe('createDatabase with a PGlite data directory', () => {
  it('keeps data across a close and reopen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hindsight-pglite-'));
    try {
      const url = pathToFileURL(join(dir, 'data')).toString();
      const first = await createDatabase(url);
      expect(first.dialect).toBe('pglite');
      await migrate(first);
      await insertSession(first.db, sessionRecord());
      await first.close();

      const second = await createDatabase(join(dir, 'data'));
      await ping(second.db);
      expect((await findSession(second.db, 'session-1'))?.alert_id).toBe('alert-1');
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
