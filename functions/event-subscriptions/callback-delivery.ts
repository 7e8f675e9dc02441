import { lookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { callbackProblem, isNonPublicAddress, type CallbackPolicy } from '../../domain/event-subscriptions/callback-policy.js';
import { attemptTimeoutMs, parseRetryDelays } from '../../domain/event-subscriptions/delivery-schedule.js';
import { signatureHeader, signatureOf } from '../../domain/event-subscriptions/event-signature.js';

/**
 * Sends hub events to callbacks (docs/events.md, "Hub subscriptions"): a POST of the TMF event
 * as JSON, signed (X-BSS-Signature) at the moment it is sent, answered by any 2xx. No redirect
 * is followed (a 3xx is a failure): a redirect would lead the request where the policy was not
 * asked. The policy is applied again at each attempt, to the addresses the callback's name
 * resolves to then, inside the connection's own lookup, so a name cannot pass the check with a
 * public address and connect to a private one (DNS rebinding).
 */
export const callbackPolicy: CallbackPolicy = { allowLocal: process.env.BSS_HUB_ALLOW_LOCAL_CALLBACKS === 'true' };
export const retryDelaysMs: readonly number[] = parseRetryDelays(process.env.BSS_HUB_RETRY_DELAYS_MS);

export interface AttemptOutcome {
  delivered: boolean;
  /** Why it failed: the callback's status, or what went wrong before one. */
  error?: string;
}

/** A lookup that refuses names resolving to an address the policy refuses. */
export const checkedLookup =
  (policy: CallbackPolicy): LookupFunction =>
  (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = policy.allowLocal ? undefined : addresses.find((address) => isNonPublicAddress(address.address));
      if (refused) return callback(Object.assign(new Error(`${hostname} resolves to ${refused.address}, which is not a public address`), { code: 'EADDRNOTPUBLIC' }), '', 0);
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

/**
 * One signed POST of `body` to the callback, answered within attemptTimeoutMs from start to end
 * (a whole deadline, not an idle timeout: a callback that answers a byte at a time still ends).
 */
export function postSigned(callback: string, body: string, secret: string, nowSeconds: number): Promise<AttemptOutcome> {
  const problem = callbackProblem(callback, callbackPolicy);
  if (problem !== undefined) return Promise.resolve({ delivered: false, error: `the callback ${problem}` });
  const url = new URL(callback);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolveOutcome) => {
    let settled = false;
    const settle = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolveOutcome(outcome);
    };
    const outgoing = send(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'bss-hub/1',
          [signatureHeader]: signatureOf(secret, nowSeconds, body),
        },
        lookup: checkedLookup(callbackPolicy),
      },
      (response: IncomingMessage) => {
        // The answer's body says nothing we use; it is read away so the socket is freed.
        response.resume();
        const status = response.statusCode ?? 0;
        response.on('end', () => settle(status >= 200 && status < 300 ? { delivered: true } : { delivered: false, error: `the callback answered ${status}` }));
        response.on('error', (error) => settle({ delivered: false, error: error.message }));
      },
    );
    const deadline = setTimeout(() => {
      settle({ delivered: false, error: `no answer within ${attemptTimeoutMs} ms` });
      outgoing.destroy();
    }, attemptTimeoutMs);
    outgoing.on('error', (error) => settle({ delivered: false, error: error.message }));
    outgoing.end(body);
  });
}

export interface DeliveryOutcome extends AttemptOutcome {
  attempts: number;
}

/** Tries the callback, and again after each delay of the schedule while it fails; the last outcome and how many attempts it took. */
export async function deliverWithRetries(callback: string, body: string, secret: string): Promise<DeliveryOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await postSigned(callback, body, secret, Math.floor(Date.now() / 1000));
    if (outcome.delivered || attempt > retryDelaysMs.length) return { ...outcome, attempts: attempt };
    await new Promise<void>((wake) => setTimeout(wake, retryDelaysMs[attempt - 1]));
  }
}
