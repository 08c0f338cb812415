import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Creating a data directory runs initdb, which in PGlite means a second
 * PostgreSQL and an initdb WebAssembly module side by side: the process
 * peaks near 800 MiB, and WebAssembly memory is never handed back, so a
 * server that created its directory itself stayed near 600 MiB for life.
 * A short-lived child process does it instead; the server then opens a
 * directory that exists, which costs a fraction of that. initdb runs with
 * PGlite's fsync off, so the new directory is flushed to the disk, file by
 * file, before it is used.
 */
const initializeInChild = `
const [pglite, dataDir] = process.argv.slice(1);
const { PGlite } = require(pglite);
const db = new PGlite({ dataDir });
db.waitReady.then(() => db.close()).catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
`;

/** Whether `dataDir` already holds a PostgreSQL cluster (PGlite's own test). */
export function isPgliteDirectory(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

/**
 * Creates the PGlite data directory `dataDir` in a child process unless it
 * exists already; rejects with the child's error output if it fails.
 */
export async function initializePgliteDirectory(dataDir: string): Promise<void> {
  if (isPgliteDirectory(dataDir)) return;
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const child = spawn(process.execPath, ['-e', initializeInChild, pglite, dataDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0 || !isPgliteDirectory(dataDir)) {
    throw new Error(`creating the PGlite data directory ${dataDir} failed: ${stderr.trim()}`);
  }
  // initdb ran with PGlite's fsync off: its files reach the disk before the server relies on them.
  await syncTree(dataDir);
}

/** fsync(2) of every file and directory under `root`, children before their directory. */
async function syncTree(root: string): Promise<void> {
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) await syncTree(path);
    else if (entry.isFile()) await syncPath(path);
  }
  await syncPath(root);
}

async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
