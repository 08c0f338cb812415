import { appendLiveEvents } from '@hindsight/repository';
import { type TestDatabase, testDrivers } from '@hindsight/repository/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../errors.js';
import type { Caller } from '../hub/operation.js';
import { createHub, type Hub } from '../services.js';
import { testCaller } from '../testing/index.js';

const reader: Caller = {
  principal: { kind: 'api_key', id: 'r', name: 'reader', scopes: ['read'] },
};
const admin: Caller = {
  principal: { kind: 'api_key', id: 'a', name: 'admin', scopes: ['read', 'admin'] },
};

describe.each(testDrivers(undefined))('live operations on $dialect', (driver) => {
  let database: TestDatabase;
  let hub: Hub;
  beforeEach(async () => {
    database = await driver.create();
    hub = createHub({ db: database.db });
    await appendLiveEvents(database.db, [
      {
        channel: 'cancellations',
        session_id: 's',
        type: 'session.cancel_requested',
        payload: {},
        created_at_us: 10,
      },
      {
        channel: 'sessions',
        session_id: 's',
        type: 'session.started',
        payload: {},
        created_at_us: 10,
      },
      {
        channel: 'sessions',
        session_id: 's',
        type: 'session.completed',
        payload: {},
        created_at_us: 30,
      },
    ]);
  });
  afterEach(() => database.dispose());

  it('keeps the cancellations channel to admins (control scope later)', async () => {
    await expect(hub.as(reader).live.subscribe({ channel: 'cancellations' })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(
      hub.as(reader).live.catchUp({ channel: 'cancellations', last_event_id: 0, until_id: 100 }),
    ).rejects.toThrow(ForbiddenError);
    expect(await hub.as(reader).live.subscribe({ channel: 'sessions' })).toEqual({
      channel: 'sessions',
    });
    const page = await hub
      .as(admin)
      .live.catchUp({ channel: 'cancellations', last_event_id: 0, until_id: 100 });
    expect(page.events.map((e) => e.type)).toEqual(['session.cancel_requested']);
  });

  it('catches up after an id and up to the horizon, at most the limit', async () => {
    const all = await hub
      .as(reader)
      .live.catchUp({ channel: 'sessions', last_event_id: 0, until_id: 100 });
    expect(all.events.map((e) => e.type)).toEqual(['session.started', 'session.completed']);
    const first = all.events[0]?.id ?? 0;
    const bounded = await hub
      .as(reader)
      .live.catchUp({ channel: 'sessions', last_event_id: 0, until_id: first });
    expect(bounded.events).toHaveLength(1);
    const limited = await hub
      .as(reader)
      .live.catchUp({ channel: 'sessions', last_event_id: 0, until_id: 100, limit: 1 });
    expect(limited.events).toHaveLength(1);
  });

  it('prunes what is older than the retention, as an internal operation only', async () => {
    const hourUs = 3_600_000_000;
    await expect(
      hub.as(admin).live.prune({ now_us: hourUs + 20, retention_hours: 1 }),
    ).rejects.toThrow(ForbiddenError);
    expect(
      await hub.as(testCaller).live.prune({ now_us: hourUs + 20, retention_hours: 1 }),
    ).toEqual({ deleted: 2 });
  });
});
