import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signatureOf, verifySignature } from '../../../../domain/event-subscriptions/event-signature.js';

describe('hub delivery signatures', () => {
  it('are t=<seconds>,v1=<HMAC-SHA256 of "<t>.<body>"> in hex', () => {
    // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(signatureOf('secret', 1_700_000_000, '{"a":1}')).toBe('t=1700000000,v1=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686');
  });

  it('verify for the body and secret they were made with, within the tolerance, and for nothing else', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }), (body, secret, otherSecret, now) => {
        const header = signatureOf(secret, now, body);
        expect(verifySignature(header, body, secret, now + 299)).toBe(true);
        expect(verifySignature(header, `${body} `, secret, now)).toBe(false);
        expect(verifySignature(header, body, secret, now + 301)).toBe(false);
        if (otherSecret !== secret) expect(verifySignature(header, body, otherSecret, now)).toBe(false);
      }),
    );
  });

  it('refuse malformed headers', () => {
    for (const header of ['', 't=abc,v1=00', 't=1700000000', 't=1700000000,v1=zz', 'v1=00,t=1700000000']) {
      expect(verifySignature(header, 'body', 'secret', 1_700_000_000)).toBe(false);
    }
  });
});
