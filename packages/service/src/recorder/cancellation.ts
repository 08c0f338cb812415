import { isTerminalSessionStatus } from '@hindsight/models';
import { findSessionStatus } from '@hindsight/repository';
import type { ServiceContext } from '../context.js';

/** Why a cancellation signal aborted: `reason` of its AbortSignal. */
export class SessionCancelRequestedError extends Error {
  override readonly name = 'SessionCancelRequestedError';
  constructor(readonly sessionId: string) {
    super(`a cancel of session ${sessionId} was requested`);
  }
}

/** Watches one session for a cancel request, until stopped. */
export interface CancellationWatch {
  /** Aborts (with a SessionCancelRequestedError) once a cancel of the session is requested. */
  readonly signal: AbortSignal;
  /** Stops watching; call it when the run ends. */
  stop(): void;
}

/** How often a cancellation watch looks. */
export interface CancellationOptions {
  /** How often the session's status is read; 1 s by default. */
  readonly intervalMs?: number;
}

/**
 * Watches one session for a cancel request. A runtime that records through
 * the recorder shares Hindsight's database, so it reads the session's status
 * (one primary-key lookup per interval) rather than holding a live socket:
 * `canceling` means a cancel was requested (POST .../cancel). A runtime that
 * talks HTTP subscribes to the `cancellations` live channel instead. The watch
 * ends by itself when the session ends; a failed read is tried again at the
 * next interval (a database blip must not cancel a run).
 */
export function watchCancellation(
  ctx: ServiceContext,
  sessionId: string,
  options: CancellationOptions = {},
): CancellationWatch {
  const controller = new AbortController();
  const intervalMs = options.intervalMs ?? 1_000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  const check = async () => {
    try {
      const status = await findSessionStatus(ctx.db, sessionId);
      if (stopped) return;
      if (status === 'canceling') {
        controller.abort(new SessionCancelRequestedError(sessionId));
        return stop();
      }
      if (status !== null && isTerminalSessionStatus(status)) return stop();
    } catch {
      // Read again at the next interval.
    }
    if (!stopped) {
      timer = setTimeout(check, intervalMs);
      timer.unref();
    }
  };
  void check();
  return { signal: controller.signal, stop };
}
