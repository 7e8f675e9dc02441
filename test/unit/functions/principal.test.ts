import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../functions/lib/http/api-error.js';
import { principalOf, requireCustomerAccess, roles, staffPoolRoles, tokenPinningOf } from '../../../functions/lib/auth/principal.js';
import { staffGroups, userGroups } from '../../../infra/aws/auth.js';

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

  it('keeps a customer id only on a customer token: a feed or provisioning token that carries one acts for no customer', () => {
    for (const role of ['mediation', 'provisioning']) {
      const machine = principalOf(withClaims({ sub: 'feed', 'cognito:groups': role, 'custom:customerId': 'c1' }));
      expect(machine.customerId).toBeUndefined();
      expect(() => requireCustomerAccess(machine, 'c1', 'customer', 'c1')).toThrow(expect.objectContaining({ status: 404 }));
    }
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

describe('tokens pinned to the pools and app clients (AWS)', () => {
  // As CloudFormation gives them: the pools' provider URLs without a scheme, the clients' ids.
  const pinning = tokenPinningOf({
    BSS_STAFF_TOKEN_ISSUER: 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Staff',
    BSS_USER_TOKEN_ISSUER: 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Users',
    BSS_TOKEN_AUDIENCES: 'app-client,staff-client',
  });
  const staffIssuer = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Staff';
  const userIssuer = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Users';

  it('grants staff roles only from the staff pool (MFA required there), customer and machine roles only from the other', () => {
    expect(principalOf(withClaims({ sub: 's1', iss: staffIssuer, aud: 'staff-client', 'cognito:groups': 'admin' }), pinning).roles).toEqual(['admin']);
    expect(principalOf(withClaims({ sub: 'u1', iss: userIssuer, aud: 'app-client', 'cognito:groups': 'customer', 'custom:customerId': 'c1' }), pinning).roles).toEqual(['customer']);
    // A group named "admin" in the customers' pool grants nothing; a customer group in the staff pool neither.
    expect(() => principalOf(withClaims({ sub: 'u2', iss: userIssuer, aud: 'app-client', 'cognito:groups': 'admin' }), pinning)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => principalOf(withClaims({ sub: 's2', iss: staffIssuer, aud: 'staff-client', 'cognito:groups': 'customer', 'custom:customerId': 'c1' }), pinning)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('grants the duty roles from their pools: risk and warehouse are staff (MFA), provisioning a machine user of the other pool', () => {
    for (const role of ['risk', 'warehouse'] as const) {
      expect(principalOf(withClaims({ sub: 's3', iss: staffIssuer, aud: 'staff-client', 'cognito:groups': role }), pinning).roles).toEqual([role]);
      expect(() => principalOf(withClaims({ sub: 'u3', iss: userIssuer, aud: 'app-client', 'cognito:groups': role }), pinning)).toThrow(expect.objectContaining({ status: 403 }));
    }
    expect(principalOf(withClaims({ sub: 'u4', iss: userIssuer, aud: 'app-client', 'cognito:groups': 'provisioning' }), pinning).roles).toEqual(['provisioning']);
    expect(() => principalOf(withClaims({ sub: 's4', iss: staffIssuer, aud: 'staff-client', 'cognito:groups': 'provisioning' }), pinning)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('the Cognito groups are the roles, each in the pool that grants it (infra/aws/auth.ts)', () => {
    expect(staffGroups.map((group) => group.groupName).sort()).toEqual([...staffPoolRoles].sort());
    expect(userGroups.map((group) => group.groupName).sort()).toEqual(roles.filter((role) => !staffPoolRoles.includes(role)).sort());
  });

  it('refuses a token of another app client or another issuer: 401', () => {
    expect(() => principalOf(withClaims({ sub: 's1', iss: staffIssuer, aud: 'some-other-client', 'cognito:groups': 'admin' }), pinning)).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => principalOf(withClaims({ sub: 's1', iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other', aud: 'staff-client', 'cognito:groups': 'admin' }), pinning)).toThrow(
      expect.objectContaining({ status: 401 }),
    );
    expect(() => principalOf(withClaims({ sub: 's1', aud: 'staff-client', 'cognito:groups': 'admin' }), pinning)).toThrow(expect.objectContaining({ status: 401 }));
  });

  it('is set all together or not at all (locally, none: the dev issuer signs every role)', () => {
    expect(tokenPinningOf({})).toBeUndefined();
    expect(() => tokenPinningOf({ BSS_STAFF_TOKEN_ISSUER: 'x' })).toThrow(/set together/);
  });
});
