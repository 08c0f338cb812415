import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Creating a data directory runs initdb, which in PGlite means a second
 * PostgreSQL and an initdb WebAssembly module side by side: the process
 * peaks near 800 MiB, and WebAssembly memory is never handed back, so a
 * server that created its directory itself stayed near 600 MiB for life.
 * A short-lived child process does it instead; the server then opens a
 * directory that exists, which costs a fraction of that.
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
}
