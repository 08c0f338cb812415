import type { LiveEventDraft, LiveEventRecord } from '@hindsight/models';
import { and, asc, eq, gt, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';
import { liveEvents } from '../schema/live-events.js';
import { deleteInBatches, pruneBatchSize } from './batched-delete.js';

/** The LISTEN/NOTIFY channel that tells every instance the live log has news. */
export const liveNotifyChannel = 'hindsight_live';

/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more; transient events are split below it. */
const maxNotifyBytes = 7_000;

const recordColumns = {
  id: liveEvents.id,
  channel: liveEvents.channel,
  session_id: liveEvents.session_id,
  type: liveEvents.type,
  payload: liveEvents.payload,
  created_at_us: liveEvents.created_at_us,
};

/**
 * Appends events to the live log inside the caller's transaction, and by
 * default wakes the readers of every instance: NOTIFY is delivered only when
 * the transaction commits, so an event is announced once committed and never
 * otherwise. `announce: false` leaves the wake-up to the caller, who sends
 * `announceLiveLog` after the commit: PostgreSQL serialises the commits of
 * notifying transactions (a cluster-wide lock held through the commit's WAL
 * flush), which a hot path should not pay. The transaction's id is taken
 * first, before the sequence hands out ids: a reader that sees a later id
 * committed then knows this transaction was already running (see
 * readLiveLog). Ids follow the order of `drafts`.
 */
export async function appendLiveEvents(
  db: Db,
  drafts: readonly LiveEventDraft[],
  options: { readonly holdsTransactionId?: boolean; readonly announce?: boolean } = {},
): Promise<void> {
  if (drafts.length === 0) return;
  // Ingest has locked and claimed rows already, which gave its transaction an id.
  if (!options.holdsTransactionId) await db.execute(sql`select pg_current_xact_id()`);
  const announce = options.announce ?? true;
  // One prepared statement (postgres.js holds back what follows an unprepared one): the
  // data-modifying CTE inserts in draft order, and the query announces or not.
  const inserted = db.$with('inserted', { id: liveEvents.id }).as(sql`
    insert into ${liveEvents} (channel, session_id, type, payload, created_at_us)
    select e.channel, e.session_id, e.type, e.payload, e.created_at_us
    from rows from (
      jsonb_to_recordset(${sql.placeholder('drafts')}::jsonb)
        as (channel text, session_id text, type text, payload jsonb, created_at_us bigint)
    ) with ordinality as e(channel, session_id, type, payload, created_at_us, n)
    order by e.n
    returning id`);
  await db
    .with(inserted)
    .select({
      rows: sql<number>`count(*)`,
      announced: announce ? sql`(select pg_notify(${liveNotifyChannel}, ''))` : sql`null`,
    })
    .from(inserted)
    .prepare(announce ? 'hindsight_append_live_events_announced' : 'hindsight_append_live_events')
    .execute({ drafts: JSON.stringify(drafts) });
}

/** The wake-up, without parameters: the channel is a constant. */
const announceStatement = sql.raw(
  `select set_config('synchronous_commit', 'off', true), pg_notify('${liveNotifyChannel}', '')`,
);

/**
 * Wakes the live log's readers on every instance (outside any transaction: at
 * once). A NOTIFY takes a transaction id, so its commit would wait for a WAL
 * flush of its own; the wake-up carries nothing durable (the events committed
 * before it, and readers poll), so this one transaction commits without
 * waiting: one fsync less per commit of ingest, and the readers woken sooner.
 */
export async function announceLiveLog(db: Db): Promise<void> {
  // No parameter (the channel is a constant): one simple query, one round trip. With a
  // parameter, postgres.js would send it unprepared, a Describe and a wait first.
  await db.execute(announceStatement);
}

/** A transient event on one channel: published, never stored. */
export interface TransientEvent {
  readonly channel: string;
  readonly session_id: string | null;
  readonly type: string;
  readonly payload: Record<string, unknown>;
  readonly created_at_us: number;
}

/**
 * The NOTIFY payloads that carry a transient event: `T<json>` when it fits,
 * else parts `P<key> <index> <count> <text>` that the listener joins again (a
 * transaction's notifications arrive together and in order).
 */
export function transientNotifications(event: TransientEvent, key: string): string[] {
  const json = JSON.stringify(event);
  if (Buffer.byteLength(json) <= maxNotifyBytes) return [`T${json}`];
  // A UTF-16 unit is at most 3 bytes of UTF-8; parts never split a surrogate pair.
  const parts: string[] = [];
  const unitsPerPart = Math.floor((maxNotifyBytes - 64) / 3);
  let start = 0;
  while (start < json.length) {
    let end = Math.min(start + unitsPerPart, json.length);
    const last = json.charCodeAt(end - 1);
    if (end < json.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(json.slice(start, end));
    start = end;
  }
  return parts.map((part, index) => `P${key} ${index} ${parts.length} ${part}`);
}

/** Publishes transient events (within the caller's transaction: sent on commit). */
export async function notifyTransientEvents(
  db: Db,
  events: readonly TransientEvent[],
  keyOf: () => string,
): Promise<void> {
  const payloads = events.flatMap((event) => transientNotifications(event, keyOf()));
  if (payloads.length === 0) return;
  await db.execute(sql`
    select pg_notify(${liveNotifyChannel}, p.payload)
    from jsonb_array_elements_text(${JSON.stringify(payloads)}::jsonb) with ordinality as p(payload, n)
    order by p.n`);
}

/** What the live log holds after an id, with the snapshot it was read in. */
export interface LiveLogPage {
  readonly events: LiveEventRecord[];
  /** The read's snapshot: every transaction id at or above it counts as in flight. */
  readonly xmax: bigint;
  /**
   * The transactions below `xmax` in flight at the read, of every database
   * on the server (transaction ids are cluster-wide); see
   * `findOpenTransactions` to tell this database's from the others.
   */
  readonly inFlight: ReadonlySet<bigint>;
}

interface LiveLogRow extends Record<string, unknown> {
  xmax: string;
  in_flight: string[] | string;
  id: string | number | null;
  channel: string | null;
  session_id: string | null;
  type: string | null;
  payload: Record<string, unknown> | string | null;
  created_at_us: string | number | null;
}

/**
 * The committed events after `afterId`, in id order, read in one statement
 * together with its snapshot: the reader uses it to tell a gap in the ids
 * that a transaction in flight may still fill from one that stays.
 * `idsOnly` leaves out everything but the ids (a reader with no subscriber
 * only needs to know how far the log goes).
 */
export async function readLiveLog(
  db: Db,
  afterId: number,
  limit: number,
  options: { readonly idsOnly?: boolean } = {},
): Promise<LiveLogPage> {
  const columns = options.idsOnly
    ? sql`id, null::text as channel, null::text as session_id, null::text as type, null::jsonb as payload, null::bigint as created_at_us`
    : sql`id, channel, session_id, type, payload, created_at_us`;
  const result = await db.execute(sql`
    select
      pg_snapshot_xmax(s.snap)::text as xmax,
      (select coalesce(array_agg(x::text), '{}') from pg_snapshot_xip(s.snap) x) as in_flight,
      e.id, e.channel, e.session_id, e.type, e.payload, e.created_at_us
    from (select pg_current_snapshot() as snap) s
    left join lateral (
      select ${columns} from ${liveEvents}
      where id > ${afterId} order by id limit ${limit}
    ) e on true
    order by e.id`);
  const rows = rowsOf<LiveLogRow>(result);
  const first = rows[0];
  if (!first) throw new Error('the live log read returned no row');
  return {
    xmax: BigInt(first.xmax),
    inFlight: new Set(textArray(first.in_flight).map((xid) => BigInt(xid))),
    events: rows
      .filter((row) => row.id !== null)
      .map((row) => ({
        id: Number(row.id),
        channel: String(row.channel),
        session_id: row.session_id,
        type: String(row.type),
        payload:
          typeof row.payload === 'string'
            ? (JSON.parse(row.payload) as Record<string, unknown>)
            : (row.payload ?? {}),
        created_at_us: Number(row.created_at_us),
      })),
  };
}

/** The transactions the server's backends hold now, this database's apart from the others'. */
export interface OpenTransactions {
  readonly here: ReadonlySet<bigint>;
  readonly elsewhere: ReadonlySet<bigint>;
}

interface OpenTransactionRow extends Record<string, unknown> {
  xid: string;
  here: boolean | string;
}

/**
 * The transactions held by backends right now, from `pg_stat_activity`
 * (its `backend_xid` is visible to every role). Its xids are 32-bit; they
 * are widened to xid8 near `near` (a snapshot's xmax), since a running
 * transaction is always within 2^31 of it.
 */
export async function findOpenTransactions(db: Db, near: bigint): Promise<OpenTransactions> {
  const result = await db.execute(sql`
    select backend_xid::text as xid, coalesce(datname = current_database(), false) as here
    from pg_stat_activity where backend_xid is not null`);
  const here = new Set<bigint>();
  const elsewhere = new Set<bigint>();
  for (const row of rowsOf<OpenTransactionRow>(result)) {
    const xid = widenXid(Number(row.xid), near);
    (row.here === true || row.here === 't' ? here : elsewhere).add(xid);
  }
  return { here, elsewhere };
}

const xidSpan = 2n ** 32n;

/**
 * The xid8 of a 32-bit xid that runs now: the one of its values nearest
 * `near` (a running transaction is always within 2^31 of the snapshot).
 */
export function widenXid(xid: number, near: bigint): bigint {
  const candidate = (near / xidSpan) * xidSpan + BigInt(xid);
  if (candidate - near > xidSpan / 2n) return candidate - xidSpan;
  if (near - candidate > xidSpan / 2n) return candidate + xidSpan;
  return candidate;
}

/** A text[] column: an array from postgres.js, `{a,b}` text from a driver that leaves it. */
function textArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',');
}

/** The highest id in the log (0 when empty): where a reader starting now begins. */
export async function latestLiveEventId(db: Db): Promise<number> {
  const [row] = await db.select({ id: sql<string | null>`max(${liveEvents.id})` }).from(liveEvents);
  return row?.id == null ? 0 : Number(row.id);
}

/** One channel's stored events with `afterId < id <= untilId`, oldest first. */
export async function findLiveEventsAfter(
  db: Db,
  query: {
    readonly channel: string;
    readonly afterId: number;
    readonly untilId: number;
    readonly limit: number;
  },
): Promise<LiveEventRecord[]> {
  return db
    .select(recordColumns)
    .from(liveEvents)
    .where(
      and(
        eq(liveEvents.channel, query.channel),
        gt(liveEvents.id, query.afterId),
        lte(liveEvents.id, query.untilId),
      ),
    )
    .orderBy(asc(liveEvents.id))
    .limit(query.limit);
}

/**
 * Deletes events created before `beforeUs`, `batchSize` a statement; returns
 * how many. Safe to run on every instance.
 */
export async function pruneLiveEvents(
  db: Db,
  beforeUs: number,
  batchSize = pruneBatchSize,
): Promise<number> {
  return deleteInBatches(
    db,
    liveEvents,
    liveEvents.id,
    lt(liveEvents.created_at_us, beforeUs),
    batchSize,
  );
}
