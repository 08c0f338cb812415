import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from './database.js';
import { rowsOf } from './migrate.js';
import { initializePgliteDirectory, isPgliteDirectory } from './pglite-directory.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hindsight-pglite-dir-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('initializePgliteDirectory', () => {
  it('creates a data directory that PGlite then opens', async () => {
    const data = join(dir, 'data');
    expect(isPgliteDirectory(data)).toBe(false);
    await initializePgliteDirectory(data);
    expect(isPgliteDirectory(data)).toBe(true);
    const database = await createDatabase(data);
    try {
      const rows = rowsOf<{ shared_buffers: string }>(
        await database.db.execute(sql`show shared_buffers`),
      );
      // The embedded settings apply to a directory created in the child.
      expect(rows[0]?.shared_buffers).toBe('16MB');
    } finally {
      await database.close();
    }
  });

  it('reports why the child could not create the directory', async () => {
    const file = join(dir, 'not-a-directory');
    await writeFile(file, 'x');
    await expect(initializePgliteDirectory(join(file, 'data'))).rejects.toThrow(
      /creating the PGlite data directory .* failed/,
    );
  });
});
