import { describe, expect, it } from 'vitest';
import { corkedPerTurn } from './cork.js';

/** A stand-in for the TCP socket under a `ws` WebSocket: records what happens to it, in order. */
function fakeRaw() {
  const log: string[] = [];
  let corks = 0;
  const socket = {
    destroyed: false,
    cork: () => {
      corks += 1;
      log.push('cork');
    },
    uncork: () => {
      corks -= 1;
      log.push('uncork');
    },
  };
  return { raw: { _socket: socket }, socket, log, corks: () => corks };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('corkedPerTurn', () => {
  it('corks once for the frames of a turn, in their order, and uncorks after it', async () => {
    const fake = fakeRaw();
    const send = corkedPerTurn(fake.raw, (text) => fake.log.push(`send ${text}`));
    send('a');
    send('b');
    send('c');
    expect(fake.log).toEqual(['cork', 'send a', 'send b', 'send c']);
    await nextTurn();
    expect(fake.log).toEqual(['cork', 'send a', 'send b', 'send c', 'uncork']);
    expect(fake.corks()).toBe(0);
  });

  it('corks again in the next turn', async () => {
    const fake = fakeRaw();
    const send = corkedPerTurn(fake.raw, (text) => fake.log.push(`send ${text}`));
    send('a');
    await nextTurn();
    send('b');
    await nextTurn();
    expect(fake.log).toEqual(['cork', 'send a', 'uncork', 'cork', 'send b', 'uncork']);
  });

  it('leaves a destroyed socket uncorked and still sends', async () => {
    const fake = fakeRaw();
    fake.socket.destroyed = true;
    const send = corkedPerTurn(fake.raw, (text) => fake.log.push(`send ${text}`));
    send('a');
    await nextTurn();
    expect(fake.log).toEqual(['send a']);
  });

  it('sends as given without a socket to cork', () => {
    const sent: string[] = [];
    const send = corkedPerTurn({}, (text) => sent.push(text));
    send('a');
    expect(sent).toEqual(['a']);
  });
});
