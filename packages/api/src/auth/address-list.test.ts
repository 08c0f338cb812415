import { describe, expect, it } from 'vitest';
import { AddressListError, parseAddressList } from './address-list.js';

describe('parseAddressList', () => {
  it('matches addresses and networks, IPv4 and IPv6, and IPv4-mapped forms', () => {
    const list = parseAddressList(['10.0.0.0/8', '192.168.1.7', 'fd00::/8', '::1']);
    for (const address of ['10.1.2.3', '192.168.1.7', '::ffff:10.9.9.9', 'fd12::5', '::1']) {
      expect(list.has(address), address).toBe(true);
    }
    for (const address of ['11.0.0.1', '192.168.1.8', 'fe80::1', '::2', '', undefined, 'x']) {
      expect(list.has(address), String(address)).toBe(false);
    }
  });

  it('matches nothing when empty', () => {
    expect(parseAddressList([]).has('127.0.0.1')).toBe(false);
  });

  it('refuses what is not an address or a network', () => {
    for (const entry of ['proxy.local', '10.0.0.0/33', '10.0.0.0/x', 'fd00::/129', '1.2.3.4/8/1']) {
      expect(() => parseAddressList([entry]), entry).toThrow(AddressListError);
    }
  });
});
