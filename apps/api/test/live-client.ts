import { WebSocket } from 'ws';

/** A WebSocket client that queues every frame, for tests that wait on the next one. */
export interface FrameClient {
  readonly socket: WebSocket;
  /** The next text frame, parsed. */
  next(): Promise<Record<string, unknown>>;
  send(frame: unknown): void;
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
}

export function wsUrl(httpUrl: string): string {
  return `${httpUrl.replace(/^http/, 'ws')}/api/v1/ws`;
}

/** Opens `/api/v1/ws` with a bearer key; rejects with the HTTP status when the upgrade is refused. */
export function openFrameClient(httpUrl: string, key?: string): Promise<FrameClient> {
  const socket = new WebSocket(wsUrl(httpUrl), {
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
  const frames: Array<Record<string, unknown>> = [];
  const waiters: Array<(frame: Record<string, unknown>) => void> = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
  });
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => {
      reject(new Error(`upgrade refused: ${response.statusCode}`));
    });
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        socket,
        closed,
        send: (frame) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
        next: () => {
          const frame = frames.shift();
          if (frame) return Promise.resolve(frame);
          return new Promise((r) => waiters.push(r));
        },
      }),
    );
  });
}
