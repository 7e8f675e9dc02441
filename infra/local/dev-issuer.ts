import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
import { roles, type Role } from '../../functions/lib/auth/principal.js';

/**
 * The local stand-in for Cognito: signs ID tokens with the claims a Cognito user pool puts in
 * them (sub, cognito:groups, custom:customerId, token_use) so that the local gateway hands
 * handlers exactly what the Cognito authorizer hands them on AWS. The HMAC key is generated
 * per checkout under .bss/ and never leaves the machine.
 */
export const devIssuer = 'urn:bss:local-dev-issuer';
const audience = 'bss-local';

export function loadSigningKey(keyFile: string): Uint8Array {
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
}

export interface TokenRequest {
  role: Role;
  customerId?: string;
  subject?: string;
  /** The standard `name` claim Cognito puts in ID tokens; the web apps show it, nothing authorizes by it. */
  name?: string;
  expiresIn?: string;
}

export async function issueToken(key: Uint8Array, request: TokenRequest): Promise<string> {
  if (!roles.includes(request.role)) throw new Error(`role must be one of ${roles.join(', ')}`);
  if (request.role === 'customer' && !request.customerId) throw new Error('a customer token needs --customer <customer id>');
  return new SignJWT({
    'cognito:groups': [request.role],
    token_use: 'id',
    ...(request.customerId ? { 'custom:customerId': request.customerId } : {}),
    ...(request.name ? { name: request.name } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject ?? `local-${request.role}${request.customerId ? `-${request.customerId}` : ''}`)
    .setIssuer(devIssuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '12h')
    .sign(key);
}

/**
 * Verifies a bearer token and returns claims shaped as the REST API Cognito authorizer passes
 * them: every value a string, groups as "[admin agent]"-style text.
 */
export async function verifyToken(key: Uint8Array, token: string): Promise<Record<string, string>> {
  const { payload } = await jwtVerify(token, key, { issuer: devIssuer, audience, algorithms: ['HS256'] });
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]),
  );
}
