import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runCli,
  type ServerProcess,
  startServerProcess,
  stopServerProcess,
} from './server-process.js';

const key = `http-server-e2e-${'k'.repeat(32)}`;

/** Everything the server sends on a raw socket until it closes it. */
async function readUntilClosed(socket: Socket): Promise<string> {
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  await once(socket, 'close');
  return text;
}

async function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  await once(socket, 'connect');
  return socket;
}

describe('the HTTP server', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess({
      DATABASE_URL: 'memory://',
      HINDSIGHT_BOOTSTRAP_KEY: key,
      HINDSIGHT_MAX_BODY_BYTES: '2048',
      HINDSIGHT_HEADERS_TIMEOUT_MS: '1000',
      HINDSIGHT_KEEP_ALIVE_TIMEOUT_MS: '1500',
    });
  });

  afterAll(async () => {
    await stopServerProcess(server);
  });

  it('exits non-zero, with nothing left open, when its port is taken', async () => {
    const { port } = new URL(server.url);
    const run = await runCli(['start'], {
      DATABASE_URL: 'memory://',
      PORT: port,
      HOST: '127.0.0.1',
      HINDSIGHT_BOOTSTRAP_KEY: key,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('EADDRINUSE');
    expect(run.stdout).toContain('start failed');
  });

  it('says Connection: close on a 413 and closes the socket after it', async () => {
    const socket = await open(server.url);
    const body = JSON.stringify({ batch: ['x'.repeat(4096)] });
    const closed = readUntilClosed(socket);
    socket.write(
      `POST /api/v1/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    const answer = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain('connection: close');
  });

  it('announces its keep-alive timeout and closes an idle socket after it', async () => {
    const socket = await open(server.url);
    const closed = readUntilClosed(socket);
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    const answer = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer.toLowerCase()).toContain('keep-alive: timeout=1');
  });

  it('answers 408 to a client that does not finish its headers in time, and closes', async () => {
    const socket = await open(server.url);
    const closed = readUntilClosed(socket);
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    const answer = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });
});
