import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess, stopServerProcess } from './server-process.js';

// Two server instances share one Redis: they enforce one limit together.
// CI sets TEST_REDIS_URL; elsewhere the test runs when a local Redis answers.

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const redisUp = await reachable(redisUrl);
const bootstrap = `rate-limit-e2e-${'k'.repeat(32)}`;
const limit = 4;

describe.skipIf(!redisUp && !process.env.CI)('rate limits shared through Redis', () => {
  // A prefix of its own: parallel runs on one Redis never count each other's requests.
  const prefix = `hindsight-test:${randomUUID()}`;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    const env = {
      DATABASE_URL: 'memory://',
      REDIS_URL: redisUrl,
      HINDSIGHT_RATE_LIMIT_PREFIX: prefix,
      HINDSIGHT_RATE_LIMIT_READ: String(limit),
      // The same bootstrap key on both: the same principal, whichever instance answers.
      HINDSIGHT_BOOTSTRAP_KEY: bootstrap,
    };
    servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
  });
  afterAll(async () => {
    await Promise.all(servers.map(stopServerProcess));
    const redis = new Redis(redisUrl);
    try {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });

  it('counts requests to either instance against one budget, then answers 429 on both', async () => {
    const get = (server: ServerProcess | undefined) =>
      fetch(`${server?.url}/api/v1/history/sessions/none`, {
        headers: { authorization: `Bearer ${bootstrap}` },
      });
    const [a, b] = servers;
    const statuses: number[] = [];
    const remaining: Array<string | null> = [];
    for (let i = 0; i < limit; i++) {
      const res = await get(i % 2 === 0 ? a : b);
      statuses.push(res.status);
      remaining.push(res.headers.get('ratelimit-remaining'));
    }
    expect(statuses).toEqual(Array(limit).fill(404));
    expect(remaining).toEqual(['3', '2', '1', '0']);
    for (const server of [a, b]) {
      const res = await get(server);
      expect(res.status).toBe(429);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.headers.get('ratelimit-limit')).toBe(String(limit));
    }
    const redis = new Redis(redisUrl);
    try {
      expect(await redis.keys(`${prefix}:read:*`)).toHaveLength(1);
    } finally {
      redis.disconnect();
    }
  });

  it('does not limit the ingest budget with the read budget', async () => {
    const res = await fetch(`${servers[0]?.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-limit')).toBeNull();
  });
});

describe('rate limits while Redis is unreachable', () => {
  it('fall back to counting in memory: requests are still answered', async () => {
    const server = await startServerProcess({
      DATABASE_URL: 'memory://',
      // Port 1 on loopback: nothing listens, the connection is refused at once.
      REDIS_URL: 'redis://127.0.0.1:1',
      HINDSIGHT_RATE_LIMIT_READ: '2',
      HINDSIGHT_BOOTSTRAP_KEY: bootstrap,
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${server.url}/api/v1/history/sessions/none`, {
          headers: { authorization: `Bearer ${bootstrap}` },
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([404, 404, 429]);
      await server.waitForLog((l) => String(l.msg).startsWith('redis is unreachable'));
    } finally {
      await stopServerProcess(server);
    }
  });
});
