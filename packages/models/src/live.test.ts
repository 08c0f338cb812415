import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { LLMStreamChunkBody, SessionProgressUpdateBody, SessionUpdatedBody } from './ingest.js';
import {
  LiveChannel,
  LiveClientAction,
  LiveStreamQuery,
  liveFrameOf,
  sessionChannel,
  sessionOfChannel,
} from './live.js';

describe('live channels', () => {
  it.each(['sessions', 'cancellations', 'session:s1', sessionChannel('a:b')])('accepts %s', (c) => {
    expect(v.is(LiveChannel, c)).toBe(true);
  });
  it.each(['', 'session:', 'session', 'stages', 'session:\u0000', `session:${'x'.repeat(256)}`])(
    'refuses %j',
    (c) => {
      expect(v.is(LiveChannel, c)).toBe(false);
    },
  );
  it('names the session a channel follows', () => {
    expect(sessionOfChannel('session:s1')).toBe('s1');
    expect(sessionOfChannel('sessions')).toBeNull();
  });
});

describe('live frames', () => {
  it('are flat: type, timestamp_us, session_id and id beside the payload', () => {
    expect(
      liveFrameOf({
        id: 7,
        session_id: 's1',
        type: 'session.started',
        payload: { alert_type: 'disk' },
        created_at_us: 5,
      }),
    ).toEqual({
      type: 'session.started',
      timestamp_us: 5,
      session_id: 's1',
      id: 7,
      alert_type: 'disk',
    });
  });
  it('leave out the id of a transient event and a missing session', () => {
    expect(
      liveFrameOf({ session_id: null, type: 'x', payload: { id: 'not ours' }, created_at_us: 1 }),
    ).toEqual({ type: 'x', timestamp_us: 1, id: 'not ours' });
  });
});

describe('client actions', () => {
  it('parse the four actions of the protocol', () => {
    for (const action of [
      { action: 'subscribe', channel: 'sessions' },
      { action: 'unsubscribe', channel: 'sessions' },
      { action: 'catchup', channel: 'sessions', last_event_id: 3 },
      { action: 'ping' },
    ]) {
      expect(v.parse(LiveClientAction, action)).toEqual(action);
    }
  });
  it('refuse unknown actions, a missing channel and a negative id', () => {
    expect(v.is(LiveClientAction, { action: 'dance' })).toBe(false);
    expect(v.is(LiveClientAction, { action: 'subscribe' })).toBe(false);
    expect(v.is(LiveClientAction, { action: 'catchup', channel: 'c', last_event_id: -1 })).toBe(
      false,
    );
  });
});

describe('the SSE query', () => {
  it('takes one channel or several', () => {
    expect(v.parse(LiveStreamQuery, { channel: 'sessions' })).toEqual({ channel: ['sessions'] });
    expect(v.parse(LiveStreamQuery, { channel: ['sessions', 'session:s'] }).channel).toHaveLength(
      2,
    );
    expect(v.is(LiveStreamQuery, { channel: ['nope'] })).toBe(false);
  });
});

describe('live ingest bodies', () => {
  it('take a progress update with optional fields left out', () => {
    expect(v.is(SessionProgressUpdateBody, { session_id: 's', phase: 'investigating' })).toBe(true);
    expect(v.is(SessionProgressUpdateBody, { session_id: 's' })).toBe(false);
  });
  it('take a stream chunk of a known stream type only', () => {
    const chunk = { session_id: 's', chunk: 'a', stream_type: 'thought', is_complete: false };
    expect(v.is(LLMStreamChunkBody, chunk)).toBe(true);
    expect(v.is(LLMStreamChunkBody, { ...chunk, stream_type: 'shout' })).toBe(false);
    expect(v.is(LLMStreamChunkBody, { ...chunk, is_complete: 'no' })).toBe(false);
  });
  it('take pause metadata on session.updated, as an object', () => {
    const pause = { reason: 'max_iterations_reached', message: 'paused', paused_at_us: 1 };
    expect(v.is(SessionUpdatedBody, { session_id: 's', pause_metadata: pause })).toBe(true);
    // Tarsy's shape: a reason alone is not enough to show the paused banner.
    expect(v.is(SessionUpdatedBody, { session_id: 's', pause_metadata: { reason: 'x' } })).toBe(
      false,
    );
    expect(v.is(SessionUpdatedBody, { session_id: 's', pause_metadata: ['x'] })).toBe(false);
  });
});
