import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.js';

describe('clientAddress', () => {
  it('is the socket address when no proxy is trusted, whatever the header says', () => {
    expect(clientAddress('10.0.0.9', '1.2.3.4', 0)).toBe('10.0.0.9');
  });

  it('is the address the trusted proxies saw, never a spoofed entry further left', () => {
    // client 203.0.113.7 -> load balancer 10.0.0.2 -> server
    expect(clientAddress('10.0.0.2', '203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.2', '6.6.6.6, 203.0.113.7', 1)).toBe('203.0.113.7');
    // two proxies: CDN then load balancer
    expect(clientAddress('10.0.0.2', '6.6.6.6, 203.0.113.7, 198.51.100.1', 2)).toBe('203.0.113.7');
  });

  it('falls back to the socket address without a header, and stops at the leftmost entry', () => {
    expect(clientAddress('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '203.0.113.7', 5)).toBe('203.0.113.7');
  });
});
