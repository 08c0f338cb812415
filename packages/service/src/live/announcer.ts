import { announceLiveLog, type Db, detachedFromRequest } from '@hindsight/repository';

/**
 * Wakes the live log's readers after commits, at most one NOTIFY in flight
 * per process: commits that land while one is on its way share the next.
 * The wake-up carries nothing (readers read the log), so coalescing loses
 * nothing; a NOTIFY that fails is covered by the readers' slow poll.
 *
 * Why not NOTIFY inside the writing transaction: PostgreSQL serialises the
 * commits of notifying transactions across the cluster, through each one's
 * WAL flush, so concurrent ingest batches would commit one at a time.
 */
export class LiveAnnouncer {
  private sending: Promise<void> | undefined;
  private pending = false;

  constructor(private readonly db: Db) {}

  /** Asks for a wake-up of every reader; returns at once. */
  announce(): void {
    if (this.sending) {
      this.pending = true;
      return;
    }
    // Outside the request that asked: the loop goes on for later commits, after it is over.
    this.sending = detachedFromRequest(() => this.send());
  }

  /** Resolves when no wake-up is in flight or asked for (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.sending) await this.sending;
  }

  private async send(): Promise<void> {
    try {
      do {
        this.pending = false;
        try {
          await announceLiveLog(this.db);
        } catch {
          // The database is away: readers find the rows at their next poll.
        }
      } while (this.pending);
    } finally {
      this.sending = undefined;
    }
  }
}
