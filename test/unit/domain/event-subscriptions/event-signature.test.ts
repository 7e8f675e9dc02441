import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signatureOf } from '../../../../domain/event-subscriptions/event-signature.js';
import { documentedVerifier } from '../../../support/documented-signature-verifier.js';

// What subscribers verify with is the snippet docs/events.md gives: it reads the time from Date.now().
const verify = await documentedVerifier();
const verifyAt = (nowSeconds: number, header: string, body: string, secret: string) => {
  vi.setSystemTime(nowSeconds * 1000);
  return verify(header, body, secret);
};

beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
afterEach(() => vi.useRealTimers());

describe('hub delivery signatures', () => {
  it('are t=<seconds>,v1=<HMAC-SHA256 of "<t>.<body>"> in hex', () => {
    // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(signatureOf('secret', 1_700_000_000, '{"a":1}')).toBe('t=1700000000,v1=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686');
  });

  it('verify for the body and secret they were made with, within the tolerance, and for nothing else', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }), (body, secret, otherSecret, now) => {
        const header = signatureOf(secret, now, body);
        expect(verifyAt(now + 299, header, body, secret)).toBe(true);
        expect(verifyAt(now, header, `${body} `, secret)).toBe(false);
        expect(verifyAt(now + 301, header, body, secret)).toBe(false);
        if (otherSecret !== secret) expect(verifyAt(now, header, body, otherSecret)).toBe(false);
      }),
    );
  });

  it('refuse malformed headers', () => {
    for (const header of ['', 't=abc,v1=00', 't=1700000000', 't=1700000000,v1=zz', 'v1=00,t=1700000000']) {
      expect(verifyAt(1_700_000_000, header, 'body', 'secret')).toBe(false);
    }
  });
});
