import { access, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from './migrate.js';

describe('committed migrations', () => {
  it('each have a hand-written down script', async () => {
    const journal = JSON.parse(
      await readFile(`${migrationsFolder}/meta/_journal.json`, 'utf8'),
    ) as { entries: Array<{ tag: string }> };
    expect(journal.entries.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const { tag } of journal.entries) {
      await access(`${migrationsFolder}/down/${tag}.sql`).catch(() => missing.push(tag));
    }
    expect(missing).toEqual([]);
  });
});
