import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a callback knows a hub delivery comes from us and was not replayed later
 * (docs/events.md, "Hub subscriptions"): the header `X-BSS-Signature: t=<unix seconds>,v1=<hex>`,
 * v1 being the HMAC-SHA256, under the subscription's secret, of `<t>.<the raw body>`. The
 * timestamp is inside what is signed, so an old delivery sent again is refused by its age; `v1`
 * names the scheme, so another can be added beside it without breaking verifiers.
 */
export const signatureHeader = 'X-BSS-Signature';

/** How old a delivery's timestamp may be, either way, before a verifier refuses it. */
export const signatureToleranceSeconds = 300;

const hmacOf = (secret: string, timestamp: number, body: string): string => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${hmacOf(secret, timestamp, body)}`;
}

/** Whether a signature header is ours for this body, and recent: what a subscriber checks (docs/events.md has it in plain Node). */
export function verifySignature(header: string, body: string, secret: string, nowSeconds: number, toleranceSeconds = signatureToleranceSeconds): boolean {
  const parts = new Map(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(timestamp) || given === undefined || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacOf(secret, timestamp, body), 'hex');
  const received = Buffer.from(given, 'hex');
  return received.length === expected.length && timingSafeEqual(received, expected);
}
