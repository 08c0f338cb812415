import type { ApiMetrics } from '../observability/metrics.js';

/** What the registry can do to an open live connection. */
export interface OpenConnection {
  readonly principal: string;
  /** Closes the connection with a WebSocket close code (an SSE stream just ends). */
  close(code: number, reason: string): void;
}

/**
 * Every open live connection of this instance (WebSocket and SSE): counted
 * per principal for the connection limit, and closed together at shutdown
 * (1001) or when the database goes away (clients reconnect and catch up).
 */
export class LiveConnections {
  private readonly open = new Set<OpenConnection>();
  private readonly perPrincipal = new Map<string, number>();

  constructor(private readonly metrics?: ApiMetrics) {}

  /** Open connections of one principal, for the per-principal limit. */
  count(principal: string): number {
    return this.perPrincipal.get(principal) ?? 0;
  }

  get size(): number {
    return this.open.size;
  }

  /** Registers an open connection; the function it returns removes it again (once). */
  add(connection: OpenConnection): () => void {
    this.open.add(connection);
    this.perPrincipal.set(connection.principal, this.count(connection.principal) + 1);
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      this.open.delete(connection);
      const left = this.count(connection.principal) - 1;
      if (left > 0) this.perPrincipal.set(connection.principal, left);
      else this.perPrincipal.delete(connection.principal);
    };
  }

  /** Closes every open connection, e.g. `closeAll(1001, 'the server is shutting down', 'shutdown')`. */
  closeAll(code: number, reason: string, why: string): number {
    const all = [...this.open];
    for (const connection of all) {
      this.metrics?.liveClosed.inc({ reason: why });
      connection.close(code, reason);
    }
    return all.length;
  }
}
