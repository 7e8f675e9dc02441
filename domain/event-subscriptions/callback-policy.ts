import { BlockList, isIP } from 'node:net';

/**
 * Where hub deliveries may go (docs/security.md, "Hub callbacks"). A callback is a URL a caller
 * chose that our functions then call, from inside the account's network: left open, it reaches
 * the instance metadata endpoint, the VPC's services or localhost (server-side request forgery).
 * So on AWS a callback is https, names no credentials, and its host is neither a private,
 * loopback, link-local, shared, multicast or reserved address nor a name that resolves to one
 * (checked at creation for literal addresses and `localhost`, and at every delivery for what
 * the name resolves to then). Locally, where the listener is on the developer's machine,
 * `allowLocal` lifts both rules.
 */
export interface CallbackPolicy {
  allowLocal: boolean;
}

/**
 * The addresses no callback may reach, built with the first address checked: a callback that
 * names a host (most do) is checked only when it is delivered to, and building the list took
 * about 1 ms of a cold start that registers such callbacks (Node's own socket-address code).
 */
let refused: BlockList | undefined;

function refusedAddresses(): BlockList {
  refused ??= buildRefusedAddresses();
  return refused;
}

function buildRefusedAddresses(): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const) {
    list.addSubnet(network, prefix, 'ipv4');
  }
  for (const [network, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96],
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const) {
    list.addSubnet(network, prefix, 'ipv6');
  }
  return list;
}

/**
 * Whether an IP address is one no callback may reach on AWS (anything not an address counts as
 * one). BlockList judges an IPv4-mapped IPv6 address (`::ffff:7f00:1`) by the IPv4 rules.
 */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return true;
  return refusedAddresses().check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why a callback URL is refused, or undefined when it may be registered. */
export function callbackProblem(callback: string, policy: CallbackPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(callback);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https URL';
  if (url.username !== '' || url.password !== '') return 'must not carry credentials; the signature authenticates our deliveries';
  if (policy.allowLocal) return undefined;
  if (url.protocol !== 'https:') return 'must be an https URL';
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not name this machine';
  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0 && isNonPublicAddress(host)) return `must not be a private, loopback or link-local address (${host})`;
  return undefined;
}
