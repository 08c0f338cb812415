/**
 * The client's address for per-address rate limits. Behind `trustedProxies`
 * proxies (load balancers) the socket sees the last proxy, and each proxy
 * appended the address it saw to X-Forwarded-For: the client is the entry that
 * many hops from the right. Entries further left are client-supplied and
 * never trusted.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: number,
): string | undefined {
  if (trustedProxies === 0 || !forwardedFor) return socketAddress;
  const chain = [
    ...forwardedFor
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
    socketAddress ?? '',
  ];
  return chain[Math.max(0, chain.length - 1 - trustedProxies)] || socketAddress;
}
