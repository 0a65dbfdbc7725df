/**
 * Server-side request forgery guard. A receiver's host name is resolved when a delivery connects, every
 * address it resolves to is checked, and the connection goes to the checked address: a host that resolved
 * to a public address when the endpoint was saved and to 169.254.169.254 now (DNS rebinding) is refused.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import ipaddr from "ipaddr.js";

/** Resolves a host name to its addresses (node:dns; tests pass their own to play a hostile DNS server). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/** The address a URL's host names directly (IPv6 without its brackets), or null when the host is a name. */
export function addressLiteral(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, "");
  return ipaddr.isValid(bare) ? bare : null;
}

/** ipaddr.js's name for the range of a valid address ("unicast", "loopback", "private", "linkLocal", ...); IPv4-mapped IPv6 counts as its IPv4. */
export function addressRange(address: string): string {
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range();
}

/** Why an address may not be connected to, or null when it may. Loopback is allowed only when `allowLoopback`. */
export function refusedAddress(address: string, allowLoopback: boolean): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const range = addressRange(address);
  if (range === "unicast") return null;
  if (range === "loopback" && allowLoopback) return null;
  return `${address} is in a ${range} range`;
}

/** Thrown when a receiver's address is refused; the message names the address and its range. */
export class RefusedAddressError extends Error {
  override name = "RefusedAddressError";
  readonly code = "ADDRESS_REFUSED";
}

/**
 * A `lookup` for net.connect / undici's `connect` option: resolves with `resolver`, refuses the whole host
 * if any of its addresses is refused (an attacker controls which one a client would pick), and hands the
 * socket the first checked address.
 */
export function guardedLookup(resolver: Resolver, allowLoopback: boolean) {
  return (
    hostname: string,
    options: { all?: boolean },
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    const literal = addressLiteral(hostname);
    const addresses: Promise<LookupAddress[]> = literal
      ? Promise.resolve([{ address: literal, family: ipaddr.parse(literal).kind() === "ipv6" ? 6 : 4 }])
      : resolver(hostname);
    addresses.then(
      (found) => {
        if (!found.length) return callback(new Error(`${hostname} has no address`), "", 4);
        for (const { address } of found) {
          const reason = refusedAddress(address, allowLoopback);
          if (reason) return callback(new RefusedAddressError(`address refused: ${reason}`), "", 4);
        }
        if (options.all) return callback(null, found);
        callback(null, found[0]!.address, found[0]!.family);
      },
      (error: Error) => callback(error, "", 4),
    );
  };
}
