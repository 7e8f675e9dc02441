/**
 * The pieces of the authorization-code flow with PKCE (RFC 7636) that are plain functions of
 * their input, so a test can pin them to the RFC's own example: the verifier and state are
 * random, the challenge is derived from the verifier by the S256 method.
 */

/** base64url without padding (RFC 4648 §5), as PKCE, OAuth state and JWTs use it. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * 32 random bytes, base64url: 43 characters of the verifier's alphabet, so it serves as a PKCE
 * verifier (RFC 7636 §4.1 asks 43 to 128 of them, and 256 bits of entropy for this method) and
 * as an OAuth `state`. The randomness is the browser's cryptographic generator unless a test
 * passes its own.
 */
export function randomText(fill: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  return base64Url(fill(new Uint8Array(32)));
}

/** What RFC 7636 §4.1 allows in a verifier: 43 to 128 unreserved characters. */
export function isCodeVerifier(text: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(text);
}

/** The S256 challenge of a verifier (RFC 7636 §4.2): BASE64URL(SHA-256(ASCII(verifier))). */
export async function codeChallengeOf(verifier: string): Promise<string> {
  if (!isCodeVerifier(verifier)) throw new Error('a PKCE verifier is 43 to 128 unreserved characters');
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}
