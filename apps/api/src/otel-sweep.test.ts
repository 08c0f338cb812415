import type { CloseOtelSessionsResult, Services } from '@hindsight/service';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordingLogger } from '../test/recording-logger.js';
import { startOtelSweep } from './otel-sweep.js';

/**
 * A system whose sweep passes answer `passes` in turn (then nothing due),
 * counted; each pass takes `passMs` of (fake) time.
 */
function systemAnswering(passes: (CloseOtelSessionsResult | Error)[], passMs = 0) {
  const calls = { count: 0 };
  const system = {
    ingest: {
      closeOtelSessions: async () => {
        calls.count += 1;
        if (passMs > 0) await new Promise((resolve) => setTimeout(resolve, passMs));
        const next = passes.shift() ?? { traces_applied: 0, sessions_closed: 0, more: false };
        if (next instanceof Error) throw next;
        return next;
      },
    },
  } as unknown as Services;
  return { system, calls };
}

const page = (sessions: number, more: boolean): CloseOtelSessionsResult => ({
  traces_applied: 0,
  sessions_closed: sessions,
  more,
});

describe('the OTLP sweep timer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs pass after pass in one tick while a pass says more are due', async () => {
    const { system, calls } = systemAnswering([page(200, true), page(200, true), page(7, false)]);
    const { logger, lines } = recordingLogger();
    const stop = startOtelSweep(system, 1_000, logger);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.count).toBe(3);
    expect(lines).toEqual([
      {
        level: 'info',
        fields: { traces_applied: 0, sessions_closed: 407 },
        message: 'otel sessions swept',
      },
    ]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.count).toBe(4);
    expect(lines).toHaveLength(1);
    await stop();
  });

  it('stops draining once stopped, and runs no more ticks', async () => {
    const passes = Array.from({ length: 50 }, () => page(200, true));
    const { system, calls } = systemAnswering(passes, 100);
    const stop = startOtelSweep(system, 1_000, recordingLogger().logger);
    // The tick at 1 s starts a pass; passes end at 1.1, 1.2 and 1.3 s, each starting the next.
    await vi.advanceTimersByTimeAsync(1_250);
    expect(calls.count).toBe(3);
    let ended = false;
    const stopped = stop().then(() => {
      ended = true;
    });
    // The stop resolves only once the pass under way when it came has finished (at 1.3 s).
    await vi.advanceTimersByTimeAsync(40);
    expect(ended).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    await stopped;
    expect(ended).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    // None starts after it.
    expect(calls.count).toBe(3);
  });

  it('logs a failed pass and tries again on the next tick', async () => {
    const { system, calls } = systemAnswering([new Error('database gone'), page(3, false)]);
    const { logger, lines } = recordingLogger();
    const stop = startOtelSweep(system, 1_000, logger);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(lines.map((l) => l.level)).toEqual(['warn']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.count).toBe(2);
    expect(lines.map((l) => l.level)).toEqual(['warn', 'info']);
    await stop();
  });
});
