import { BlockList, isIP } from 'node:net';

/**
 * A list of addresses and networks (`10.0.0.5`, `10.0.0.0/8`, `::1`,
 * `fd00::/8`), as the trusted auth proxy is configured. IPv4 entries also
 * match their IPv4-mapped IPv6 form (`::ffff:10.0.0.5`), which a dual-stack
 * socket reports.
 */
export interface AddressList {
  /**
   * Whether the address (IPv4 or IPv6, as the socket reports it) is in the list; false when
   * undefined.
   */
  has(address: string | undefined): boolean;
}

/** Why an entry is not an address or a network. */
export class AddressListError extends Error {
  constructor(readonly entry: string) {
    super(`${JSON.stringify(entry)} is not an IP address or a CIDR network`);
    this.name = 'AddressListError';
  }
}

/**
 * Parses addresses and CIDR ranges (`10.0.0.0/8`, `::1`); throws an `AddressListError` naming a
 * bad entry.
 */
export function parseAddressList(entries: readonly string[]): AddressList {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    const [address = '', bits, extra] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || extra !== undefined) throw new AddressListError(entry);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const prefix = /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
    if (!(prefix >= 0 && prefix <= (family === 4 ? 32 : 128))) throw new AddressListError(entry);
    list.addSubnet(address, prefix, type);
  }
  return {
    has(address) {
      if (!address) return false;
      const family = isIP(address);
      if (family === 0) return false;
      return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
