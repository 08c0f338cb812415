import {
  appendLiveEvents,
  currentAbortSignal,
  liveNotifyChannel,
  readLiveLog,
  transaction,
  withAbortSignal,
} from '@hindsight/repository';
import { type TestDatabase, testDrivers } from '@hindsight/repository/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecorder } from '../recorder/recorder.js';
import { createHub, type Services } from '../services.js';
import { envelope, testBodies, testCaller, testRun } from '../testing/index.js';
import { type LiveDelivery, LiveFeed } from './live-feed.js';

async function logOf(database: TestDatabase) {
  return (await readLiveLog(database.db, 0, 1_000)).events;
}

function feedOn(database: TestDatabase): LiveFeed {
  return new LiveFeed({
    db: database.db,
    listen: (handlers) => database.listen(liveNotifyChannel, handlers),
    pollIntervalMs: 60_000,
  });
}

const drivers = testDrivers(process.env.TEST_DATABASE_URL);

/** A promise `fired` that a test settles with `fire()`: to hold a transaction open, or to wait for it. */
function signal(): { fire: () => void; fired: Promise<void> } {
  let fire: () => void = () => {};
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fire, fired };
}

describe.each(drivers)('live events from ingest on $dialect', (driver) => {
  let database: TestDatabase;
  let services: Services;
  beforeEach(async () => {
    database = await driver.create();
    services = createHub({ db: database.db }).as(testCaller);
  });
  afterEach(() => database.dispose());

  it("publishes Tarsy's events for a run, in request order, and nothing again on a replay", async () => {
    const run = testRun('s1', { stages: 1, llmPerStage: 1, mcpPerStage: 1 });
    await services.ingest.batch({ batch: run });
    const log = await logOf(database);
    expect(log.map((e) => `${e.channel} ${e.type}`)).toEqual([
      'sessions session.created',
      'session:s1 session.created',
      'sessions session.started',
      'session:s1 session.started',
      'session:s1 stage.started',
      'session:s1 llm.interaction',
      'session:s1 mcp.tool_call',
      'session:s1 stage.completed',
      'sessions session.completed',
      'session:s1 session.completed',
    ]);
    expect(log.map((e) => e.id)).toEqual([...log.map((e) => e.id)].sort((a, b) => a - b));
    expect(log[2]?.payload).toEqual({ alert_type: 'PodCrashLooping' });
    expect(log[4]?.payload).toEqual({ stage_id: 's1:exec-0', stage_name: 'Stage 0' });
    expect(log[6]?.payload).toEqual({
      interaction_id: 's1:exec-0:mcp-0',
      stage_id: 's1:exec-0',
      tool_name: 'get_events',
    });
    expect(log[7]?.payload).toMatchObject({ status: 'completed', stage_name: 'Stage 0' });
    expect(log[8]?.payload).toEqual({ status: 'completed' });

    const replay = await services.ingest.batch({ batch: run });
    expect(replay.successes.every((s) => s.status === 200)).toBe(true);
    expect(await logOf(database)).toHaveLength(log.length);
  });

  it('maps a failed stage to stage.completed, pauses, resumes, progress and tool lists', async () => {
    const pause = {
      reason: 'max_iterations_reached',
      current_iteration: 30,
      message: 'Paused after 30 iterations',
      paused_at_us: 1_700_000_000_000_000,
    };
    const exec = 's2:exec';
    await services.ingest.batch({
      batch: [
        envelope('session.started', testBodies.sessionStarted('s2'), 'a'),
        envelope('stage.started', testBodies.stageStarted('s2', exec, 0), 'b'),
      ],
    });
    await services.ingest.batch({
      batch: [
        envelope(
          'stage.failed',
          {
            session_id: 's2',
            execution_id: exec,
            completed_at_us: testBodies.stageStarted('s2', exec, 0).started_at_us + 1,
            error_message: 'boom',
          },
          'c',
        ),
        envelope(
          'session.updated',
          { session_id: 's2', status: 'paused', pause_metadata: pause },
          'd',
        ),
        envelope('session.updated', { session_id: 's2', status: 'paused' }, 'e'),
        envelope('session.updated', { session_id: 's2', status: 'in_progress' }, 'f'),
        envelope('session.progress_update', { session_id: 's2', phase: 'synthesizing' }, 'g'),
        envelope(
          'mcp.communication',
          testBodies.mcp('s2', 'list-1', null, {
            communication_type: 'tool_list',
            tool_name: null,
          }),
          'h',
        ),
      ],
    });
    const log = (await logOf(database)).filter((e) => e.channel === 'session:s2').slice(3);
    expect(log.map((e) => [e.type, e.payload])).toEqual([
      [
        'stage.completed',
        { stage_id: exec, stage_name: 'Stage 0', status: 'failed', error_message: 'boom' },
      ],
      ['session.paused', { status: 'paused', pause_metadata: pause }],
      ['session.resumed', { status: 'in_progress' }],
      [
        'session.progress_update',
        expect.objectContaining({ phase: 'synthesizing', metadata: null }),
      ],
      ['mcp.tool_list', { request_id: 'list-1', stage_id: null, server_name: 'kubernetes' }],
    ]);
  });

  it('publishes stream chunks without storing them, and refuses a chunk of an unknown session', async () => {
    await services.ingest.batch({
      batch: [envelope('session.started', testBodies.sessionStarted('s3'), 'a')],
    });
    const before = (await logOf(database)).length;
    const feed = feedOn(database);
    await feed.start();
    const heard = new Promise<LiveDelivery>((resolve) => feed.subscribe('session:s3', resolve));
    const chunk = {
      session_id: 's3',
      chunk: 'Thinking',
      stream_type: 'thought',
      is_complete: false,
    };
    const result = await services.ingest.batch({
      batch: [
        envelope('llm.stream.chunk', chunk, 'c1'),
        envelope('llm.stream.chunk', { ...chunk, session_id: 'nope' }, 'c2'),
      ],
    });
    expect(result.successes).toEqual([{ id: 'c1', status: 201 }]);
    expect(result.errors.map((e) => e.status)).toEqual([404]);
    const delivery = await heard;
    expect(delivery.id).toBeUndefined();
    expect(delivery.frame).toMatchObject({
      type: 'llm.stream.chunk',
      session_id: 's3',
      chunk: 'Thinking',
      is_complete: false,
    });
    expect(delivery.frame).not.toHaveProperty('id');
    expect(await logOf(database)).toHaveLength(before);
    await feed.stop();
  });

  it('logs every applied event once, in order, across concurrent batches and replays', async () => {
    const runs = Array.from({ length: 6 }, (_, i) =>
      testRun(`c${i}`, { stages: 2, llmPerStage: 2, mcpPerStage: 1 }),
    );
    // Each run in two batches: the first halves of every run at once, then the second
    // halves, then every batch again at once (replays, racing each other).
    const firsts = runs.map((run) => run.slice(0, 5));
    const seconds = runs.map((run) => run.slice(5));
    await Promise.all(firsts.map((batch) => services.ingest.batch({ batch })));
    await Promise.all(seconds.map((batch) => services.ingest.batch({ batch })));
    await Promise.all(
      [...firsts, ...seconds, ...firsts].map((batch) => services.ingest.batch({ batch })),
    );
    const log = await logOf(database);
    const perSession = [
      'session.created',
      'session.started',
      'stage.started',
      'llm.interaction',
      'llm.interaction',
      'mcp.tool_call',
      'stage.completed',
      'stage.started',
      'llm.interaction',
      'llm.interaction',
      'mcp.tool_call',
      'stage.completed',
      'session.completed',
    ];
    for (let i = 0; i < runs.length; i += 1) {
      const own = log.filter((e) => e.channel === `session:c${i}`);
      expect(own.map((e) => e.type)).toEqual(perSession);
    }
    expect(new Set(log.map((e) => e.id)).size).toBe(log.length);
  });

  it('records progress and stream chunks from the in-process recorder', async () => {
    await services.ingest.batch({
      batch: [envelope('session.started', testBodies.sessionStarted('s6'), 'a')],
    });
    const recorder = createRecorder({ ctx: { db: database.db }, onError: () => {} });
    const progress = await recorder.progressUpdate({ session_id: 's6', phase: 'concluding' });
    const chunk = await recorder.streamChunk({
      session_id: 's6',
      chunk: 'so far',
      stream_type: 'final_answer',
      is_complete: true,
    });
    expect([progress.ok, chunk.ok]).toEqual([true, true]);
    const own = (await logOf(database)).filter((e) => e.channel === 'session:s6');
    expect(own.map((e) => e.type).at(-1)).toBe('session.progress_update');
    expect(own.some((e) => e.type === 'llm.stream.chunk')).toBe(false);
  });

  it('delivers committed events to the subscribers of their channel, once, in id order', async () => {
    const feed = feedOn(database);
    await feed.start();
    const got: LiveDelivery[] = [];
    feed.subscribe('sessions', (d) => got.push(d));
    await services.ingest.batch({ batch: testRun('s4', { stages: 1 }) });
    await services.ingest.batch({ batch: testRun('s5', { stages: 1 }) });
    await feed.wake();
    expect(got.map((d) => `${d.frame.session_id} ${d.frame.type}`)).toEqual([
      's4 session.created',
      's4 session.started',
      's4 session.completed',
      's5 session.created',
      's5 session.started',
      's5 session.completed',
    ]);
    const ids = got.map((d) => d.id ?? 0);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(got.every((d) => d.frame.id === d.id)).toBe(true);
    expect(feed.horizon).toBe((await logOf(database)).at(-1)?.id);
    await feed.stop();
  });

  it('follows the log without subscribers, then delivers whole events to one that comes', async () => {
    const feed = feedOn(database);
    await feed.start();
    await services.ingest.batch({ batch: testRun('s6', { stages: 1 }) });
    // Nobody listens: the feed reads the ids only, and its horizon still moves on.
    await feed.wake();
    expect(feed.horizon).toBe((await logOf(database)).at(-1)?.id);
    const got: LiveDelivery[] = [];
    feed.subscribe('sessions', (d) => got.push(d));
    await services.ingest.batch({ batch: testRun('s7', { stages: 1 }) });
    await feed.wake();
    expect(got.map((d) => `${d.frame.session_id} ${d.frame.type}`)).toEqual([
      's7 session.created',
      's7 session.started',
      's7 session.completed',
    ]);
    expect(got[0]?.frame).toMatchObject({ session_id: 's7', alert_type: 'PodCrashLooping' });
    await feed.stop();
  });

  it('reads the log once for a burst of notifications while nobody is subscribed', async () => {
    let reads = 0;
    const counting = new Proxy(database.db, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== 'execute' || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          reads += 1;
          return value.apply(target, args);
        };
      },
    });
    let notify: (payload: string) => void = () => {};
    const feed = new LiveFeed({
      db: counting,
      listen: async (handlers) => {
        notify = handlers.onNotify;
        return async () => {};
      },
      pollIntervalMs: 60_000,
      idleReadIntervalMs: 60_000,
    });
    await feed.start();
    await feed.wake();
    await services.ingest.batch({ batch: testRun('s9', { stages: 1 }) });
    const before = reads;
    for (let i = 0; i < 10; i += 1) notify('');
    // Nobody to deliver to: the notifications wait for one read, later.
    expect(reads).toBe(before);
    expect(feed.horizon).toBeLessThan((await logOf(database)).at(-1)?.id ?? 0);
    // A subscriber (or a catch-up) first brings the horizon up to the log's end.
    await feed.fresh();
    expect(reads - before).toBe(1);
    expect(feed.horizon).toBe((await logOf(database)).at(-1)?.id);
    // With a subscriber, a notification is read at once.
    const got: string[] = [];
    feed.subscribe('sessions', (d) => got.push(d.frame.type));
    await feed.wake();
    await services.ingest.batch({ batch: testRun('s10', { stages: 1 }) });
    const reading = reads;
    notify('');
    expect(reads).toBe(reading + 1);
    await feed.wake();
    expect(got).toEqual(['session.created', 'session.started', 'session.completed']);
    await feed.stop();
  });

  it('reads for every subscriber outside the request of the one that woke it', async () => {
    // A first subscriber's socket wakes the feed; its reads (and the timers they set) serve
    // everyone after that socket closes, so they must not be tied to its signal. No
    // notifications here: the socket's wake-up is the one that reads.
    const feed = new LiveFeed({
      db: database.db,
      listen: async () => async () => {},
      pollIntervalMs: 60_000,
    });
    await feed.start();
    await services.ingest.batch({ batch: testRun('s8', { stages: 1 }) });
    const socket = new AbortController();
    const signals: Array<AbortSignal | undefined> = [];
    await withAbortSignal(socket.signal, async () => {
      feed.subscribe('sessions', () => signals.push(currentAbortSignal()));
      await feed.wake();
    });
    socket.abort();
    expect(signals).toHaveLength(3);
    expect(signals.every((s) => s === undefined)).toBe(true);
    await feed.stop();
  });
});

describe.each(drivers.filter((d) => d.dialect === 'postgres'))(
  'the live feed on $dialect, with commits out of id order',
  (driver) => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await driver.create();
    });
    afterEach(() => database.dispose());

    const draft = (type: string) => ({
      channel: 'sessions',
      session_id: 's',
      type,
      payload: {},
      created_at_us: 1,
    });

    it('waits for a transaction holding a lower id, then delivers both in id order', async () => {
      const feed = feedOn(database);
      await feed.start();
      const got: string[] = [];
      feed.subscribe('sessions', (d) => got.push(d.frame.type));
      const release = signal();
      const appended = signal();
      const first = transaction(database.db, async (tx) => {
        await appendLiveEvents(tx, [draft('first')]);
        appended.fire();
        await release.fired;
      });
      await appended.fired;
      await transaction(database.db, (tx) => appendLiveEvents(tx, [draft('second')]));
      await feed.wake();
      // The second is committed, but the first, with the lower id, may still commit.
      expect(got).toEqual([]);
      release.fire();
      await first;
      await feed.wake();
      expect(got).toEqual(['first', 'second']);
      await feed.stop();
    });

    it('waits for a holder whose transaction id is newer than the commit that passed it', async () => {
      const feed = feedOn(database);
      await feed.start();
      const got: string[] = [];
      feed.subscribe('sessions', (d) => got.push(d.frame.type));
      const laterTookId = signal();
      const holderAppended = signal();
      const releaseHolder = signal();
      // The later writer takes its transaction id first; the holder takes a newer
      // one, then the lower live id. While the holder runs, nothing completed after
      // it, so its id is at or above the snapshot's xmax and in no in-flight list.
      const later = transaction(database.db, async (tx) => {
        await tx.execute('select pg_current_xact_id()');
        laterTookId.fire();
        await holderAppended.fired;
        await appendLiveEvents(tx, [draft('second')], { holdsTransactionId: true });
      });
      await laterTookId.fired;
      const holder = transaction(database.db, async (tx) => {
        await appendLiveEvents(tx, [draft('first')]);
        holderAppended.fire();
        await releaseHolder.fired;
      });
      await later;
      await feed.wake();
      await feed.wake();
      expect(got).toEqual([]);
      releaseHolder.fire();
      await holder;
      await feed.wake();
      expect(got).toEqual(['first', 'second']);
      await feed.stop();
    });

    it('passes a gap that a rolled-back transaction left', async () => {
      const feed = feedOn(database);
      await feed.start();
      const got: string[] = [];
      feed.subscribe('sessions', (d) => got.push(d.frame.type));
      await transaction(database.db, async (tx) => {
        await appendLiveEvents(tx, [draft('gone')]);
        throw new Error('rolled back');
      }).catch(() => {});
      await transaction(database.db, (tx) => appendLiveEvents(tx, [draft('kept')]));
      await feed.wake();
      await feed.wake();
      expect(got).toEqual(['kept']);
      await feed.stop();
    });

    it("is not held by another database's open transaction (transaction ids are cluster-wide)", async () => {
      const neighbour = await driver.create();
      const release = signal();
      const opened = signal();
      const open = transaction(neighbour.db, async (tx) => {
        // Its own live row gives it a transaction id, as an ingest there would.
        await appendLiveEvents(tx, [draft('elsewhere')]);
        opened.fire();
        await release.fired;
      });
      try {
        await opened.fired;
        const feed = feedOn(database);
        await feed.start();
        const got: string[] = [];
        feed.subscribe('sessions', (d) => got.push(d.frame.type));
        await transaction(database.db, async (tx) => {
          await appendLiveEvents(tx, [draft('gone')]);
          throw new Error('rolled back');
        }).catch(() => {});
        await transaction(database.db, (tx) => appendLiveEvents(tx, [draft('kept')]));
        // The first read sees the gap; the second sees its holder ended. The
        // neighbour's transaction, older than both and still open, plays no part.
        await feed.wake();
        await feed.wake();
        expect(got).toEqual(['kept']);
        await feed.stop();
      } finally {
        release.fire();
        await open;
        await neighbour.dispose();
      }
    });
  },
);
