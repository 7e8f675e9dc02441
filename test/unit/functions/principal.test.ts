import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../functions/lib/http/api-error.js';
import { principalOf, requireCustomerAccess } from '../../../functions/lib/auth/principal.js';

const withClaims = (claims: Record<string, string> | null) => ({ requestContext: { authorizer: claims ? { claims } : null } }) as never;

describe('principal from authorizer claims', () => {
  it('reads Cognito groups in both list spellings the REST authorizer produces', () => {
    expect(principalOf(withClaims({ sub: 'u1', 'cognito:groups': '[admin agent]' })).roles).toEqual(['admin', 'agent']);
    expect(principalOf(withClaims({ sub: 'u1', 'cognito:groups': 'agent,admin' })).roles).toEqual(['admin', 'agent']);
  });

  it('answers 401 without claims and 403 without a BSS role', () => {
    expect(() => principalOf(withClaims(null))).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => principalOf(withClaims({ sub: 'u1', 'cognito:groups': '[partners]' }))).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('refuses a customer token that names no customer', () => {
    expect(() => principalOf(withClaims({ sub: 'u1', 'cognito:groups': 'customer' }))).toThrow(expect.objectContaining({ status: 403 }));
    expect(principalOf(withClaims({ sub: 'u1', 'cognito:groups': 'customer', 'custom:customerId': 'c1' })).customerId).toBe('c1');
  });

  it('hides other customers behind 404, never 403', () => {
    const customer = principalOf(withClaims({ sub: 'u1', 'cognito:groups': 'customer', 'custom:customerId': 'c1' }));
    expect(() => requireCustomerAccess(customer, 'c1', 'customer', 'c1')).not.toThrow();
    try {
      requireCustomerAccess(customer, 'c2', 'customer', 'c2');
      expect.unreachable('access to another customer was granted');
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(404);
    }
  });
});
