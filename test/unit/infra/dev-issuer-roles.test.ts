import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { principalOf, roles } from '../../../functions/lib/auth/principal.js';
import { issueToken, verifyToken } from '../../../infra/local/dev-issuer.js';

/** The local stand-in for Cognito mints every role of the role model, duty and machine roles included. */
describe('dev issuer: every role', () => {
  const key = randomBytes(32);

  it.each(roles.map((role) => [role]))('%s', async (role) => {
    const token = await issueToken(key, { role, ...(role === 'customer' ? { customerId: 'cust-1' } : {}) });
    const claims = await verifyToken(key, token);
    expect(principalOf({ requestContext: { authorizer: { claims } } } as never).roles).toEqual([role]);
  });
});
