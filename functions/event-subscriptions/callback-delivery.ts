/**
 * A staff replay's one attempt at a callback (docs/events.md, "Hub subscriptions"), sent by the
 * replay function itself so it can answer how it went: the POST an API destination sends (the
 * TMF event as JSON, the signature and subscription headers), signed now, answered by any 2xx.
 * No redirect is followed (a 3xx is a failure): a redirect would lead the request where the
 * policy was not asked. The policy is applied again, to the addresses the callback's name
 * resolves to then, inside the connection's own lookup, so a name cannot pass the check with a
 * public address and connect to a private one (DNS rebinding).
 */
import { lookup, type LookupAddress } from 'node:dns';
import type { IncomingMessage } from 'node:http';
import type { LookupFunction } from 'node:net';
import { callbackProblem, isNonPublicAddress, type CallbackPolicy } from '../../domain/event-subscriptions/callback-policy.js';
import { signatureHeader, signatureOf } from '../../domain/event-subscriptions/event-signature.js';
import { deliveredBodyOf, subscriptionHeader } from '../../domain/event-subscriptions/hub-delivery.js';
import type { TmfEvent } from '../../domain/event-subscriptions/tmf-events.js';
import { callbackPolicy } from './hub-settings.js';

// Taken, not imported: an ESM import of node:http or node:https makes their ESM facade, which
// reads every export and so loads undici (Node's fetch): about 11 ms of this function's cold start
// (docs/decisions.md, "Performance"). The CommonJS modules are the same, without it.
const { request: httpRequest } = process.getBuiltinModule('node:http');
const { request: httpsRequest } = process.getBuiltinModule('node:https');

/** How long the attempt waits for the callback's answer, as EventBridge waits for an API destination's. */
const attemptTimeoutMs = 5_000;

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
 * One signed POST of the event to the subscription's callback, answered within attemptTimeoutMs
 * from start to end (a whole deadline, not an idle timeout: a callback that answers a byte at a
 * time still ends).
 */
export function postSigned(subscription: { id: string; callback: string }, event: TmfEvent, secret: string, nowSeconds: number): Promise<AttemptOutcome> {
  const { callback } = subscription;
  const problem = callbackProblem(callback, callbackPolicy);
  if (problem !== undefined) return Promise.resolve({ delivered: false, error: `the callback ${problem}` });
  const body = deliveredBodyOf(event);
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
          [subscriptionHeader]: subscription.id,
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
