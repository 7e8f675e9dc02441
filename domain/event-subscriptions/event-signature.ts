import { createHmac } from 'node:crypto';

/**
 * How a callback knows a hub delivery comes from us and was not replayed later
 * (docs/events.md, "Hub subscriptions"): the header `X-BSS-Signature: t=<unix seconds>,v1=<hex>`,
 * v1 being the HMAC-SHA256, under the subscription's secret, of `<t>.<the raw body>`. The
 * timestamp is inside what is signed, so an old delivery sent again is refused by its age; `v1`
 * names the scheme, so another can be added beside it without breaking verifiers.
 */
export const signatureHeader = 'X-BSS-Signature';

const hmacOf = (secret: string, timestamp: number, body: string): string => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/** The header's value for `body` sent at `timestamp`; subscribers verify it with the snippet docs/events.md gives (its tests run that snippet). */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${hmacOf(secret, timestamp, body)}`;
}
