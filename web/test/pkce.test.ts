import { describe, expect, it } from 'vitest';
import { base64Url, codeChallengeOf, isCodeVerifier, randomText } from '../shared/auth/pkce.js';

/** RFC 7636, appendix B: the verifier's 32 octets, the verifier, and its S256 challenge. */
const appendixB = {
  octets: [116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121],
  verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
};

describe('PKCE (RFC 7636)', () => {
  it('derives the S256 challenge of the RFC’s own verifier (appendix B)', async () => {
    expect(await codeChallengeOf(appendixB.verifier)).toBe(appendixB.challenge);
  });

  it('makes a verifier of 32 random octets as base64url: the RFC’s octets give the RFC’s verifier', () => {
    expect(randomText(() => Uint8Array.from(appendixB.octets))).toBe(appendixB.verifier);
  });

  it('makes a fresh 43-character verifier each time, of the verifier’s alphabet only', () => {
    const made = Array.from({ length: 50 }, () => randomText());
    expect(new Set(made).size).toBe(50);
    for (const verifier of made) {
      expect(verifier).toHaveLength(43);
      expect(isCodeVerifier(verifier)).toBe(true);
    }
  });

  it('encodes base64url without padding, with - and _ for + and /', () => {
    expect(base64Url(Uint8Array.from([0xfb, 0xff]))).toBe('-_8');
    expect(base64Url(new Uint8Array(0))).toBe('');
  });

  it('refuses a verifier the RFC does not allow, rather than derive a challenge no issuer would match', async () => {
    expect(isCodeVerifier('x'.repeat(42))).toBe(false);
    expect(isCodeVerifier('x'.repeat(129))).toBe(false);
    expect(isCodeVerifier(`${'x'.repeat(42)}+`)).toBe(false);
    await expect(codeChallengeOf('too-short')).rejects.toThrow(/43 to 128/);
  });
});
