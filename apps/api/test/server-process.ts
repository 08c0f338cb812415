import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The built CLI: end-to-end tests run what `pnpm start` runs. */
export const cliPath = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/**
 * The Node.js flags `pnpm start` gives the server (its V8 heap settings), read
 * from the `start` script itself so that tests and benchmarks run the server
 * exactly as it ships.
 */
export const serverNodeFlags: readonly string[] = (() => {
  const manifest = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as { scripts: { start: string } };
  const words = manifest.scripts.start.split(/\s+/);
  const cli = words.indexOf('dist/cli.js');
  if (words[0] !== 'node' || cli < 0) {
    throw new Error(
      `the start script is not "node [flags] dist/cli.js start": ${manifest.scripts.start}`,
    );
  }
  return words.slice(1, cli);
})();

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a CLI command to its end. */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Every JSON log line the server printed so far. */
  readonly logs: Array<Record<string, unknown>>;
  /**
   * The first log line (printed so far or later) that matches: a response can
   * arrive before the line that logs it has been read from the pipe.
   */
  waitForLog(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

/** Starts `hindsight start` and resolves once it logs the address it listens on. */
export async function startServerProcess(
  env: Record<string, string>,
  options: { readonly nodeArgs?: readonly string[] } = {},
): Promise<ServerProcess> {
  const args = [...serverNodeFlags, ...(options.nodeArgs ?? []), cliPath, 'start'];
  const child = spawn(process.execPath, args, {
    // The "listening" line is logged at info: it is what this helper waits for.
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      // Connections a burst opened close again once idle: test servers share one
      // PostgreSQL (max_connections 100) with the other test files running meanwhile.
      HINDSIGHT_DB_IDLE_TIMEOUT_MS: '2000',
      ...env,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const waiters: Array<{
    match: (line: Record<string, unknown>) => boolean;
    resolve: (line: Record<string, unknown>) => void;
  }> = [];
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      for (const waiter of waiters.filter((w) => w.match(entry))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(entry);
      }
      if (entry.msg === 'hindsight is listening') resolve(String(entry.url));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  const waitForLog = (match: (line: Record<string, unknown>) => boolean) => {
    const seen = logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      waiters.push({ match, resolve });
      child.once('exit', () => reject(new Error('the server exited before logging that line')));
    });
  };
  return { url, child, logs, waitForLog };
}

/** Stops a server process (SIGTERM, then SIGKILL if it is still there) and waits for its exit. */
export async function stopServerProcess(server: ServerProcess | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = once(server.child, 'exit');
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The admin key a server printed on its first start, if it printed one. */
export function firstStartKey(server: ServerProcess): string | undefined {
  const line = server.logs.find((entry) => typeof entry.api_key === 'string');
  return line ? String(line.api_key) : undefined;
}
