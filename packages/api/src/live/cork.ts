import type { Socket } from 'node:net';

/** The TCP socket under a `ws` WebSocket (the raw socket of the node adapter), when it has one. */
function socketOf(raw: unknown): Socket | undefined {
  const socket = (raw as { _socket?: unknown } | undefined)?._socket;
  if (typeof socket !== 'object' || socket === null) return undefined;
  const candidate = socket as Partial<Socket>;
  return typeof candidate.cork === 'function' && typeof candidate.uncork === 'function'
    ? (socket as Socket)
    : undefined;
}

/**
 * Wraps a connection's send so that the frames it is handed in one turn of
 * the event loop leave in one write. The live feed hands a page of the log to
 * every subscriber in one synchronous loop; a subscriber of several of its
 * events would otherwise cost a system call per frame, across a thousand
 * sockets the bulk of a fan-out. The frames, their order and their content
 * are unchanged; they are flushed at the end of the turn (before any timer or
 * I/O), and a close flushes them first.
 */
export function corkedPerTurn(raw: unknown, send: (text: string) => void): (text: string) => void {
  const socket = socketOf(raw);
  if (!socket) return send;
  let corked = false;
  const flush = () => {
    corked = false;
    socket.uncork();
  };
  return (text) => {
    if (!corked && !socket.destroyed) {
      corked = true;
      socket.cork();
      process.nextTick(flush);
    }
    send(text);
  };
}
