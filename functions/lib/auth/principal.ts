import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ApiError } from '../http/api-error.js';

/**
 * Roles by duty (docs/security.md, "Roles by duty"). `admin` and `agent` serve customers;
 * `risk` (credit/risk officers) sets credit limits; `warehouse` keeps stock. `mediation` is a
 * machine client: a usage feed that writes usage records and reads them back, nothing else (no
 * customer, account or bill answers it). `provisioning` is the provisioning system's machine
 * client: it posts provisioning results and may call nothing else.
 */
export const roles = ['admin', 'agent', 'risk', 'warehouse', 'customer', 'mediation', 'provisioning'] as const;
export type Role = (typeof roles)[number];

/** Who is calling, from the claims the Cognito authorizer (or the local dev issuer) verified. */
export interface Principal {
  subject: string;
  roles: Role[];
  /** Set for customer tokens: the only customer the caller may see. */
  customerId?: string;
}

/** Roles only the staff pool's tokens grant (infra/aws/auth.ts): that pool requires MFA. */
export const staffPoolRoles: readonly Role[] = ['admin', 'agent', 'risk', 'warehouse'];

/**
 * On AWS the functions know the two pools' issuers and the app clients (infra/aws/auth.ts):
 * a token of another client is refused, and a role is granted only by its own pool's tokens,
 * so staff roles always come with MFA. Locally (the dev issuer) none of these is set.
 */
interface TokenPinning {
  staffIssuer: string;
  userIssuer: string;
  audiences: string[];
}

const withoutScheme = (issuer: string): string => issuer.replace(/^https:\/\//, '').replace(/\/$/, '');

export function tokenPinningOf(environment: NodeJS.ProcessEnv): TokenPinning | undefined {
  const { BSS_STAFF_TOKEN_ISSUER: staffIssuer, BSS_USER_TOKEN_ISSUER: userIssuer, BSS_TOKEN_AUDIENCES: audiences } = environment;
  if (staffIssuer === undefined && userIssuer === undefined && audiences === undefined) return undefined;
  if (!staffIssuer || !userIssuer || !audiences) throw new Error('BSS_STAFF_TOKEN_ISSUER, BSS_USER_TOKEN_ISSUER and BSS_TOKEN_AUDIENCES are set together or not at all');
  return { staffIssuer: withoutScheme(staffIssuer), userIssuer: withoutScheme(userIssuer), audiences: audiences.split(',').map((each) => each.trim()).filter(Boolean) };
}

const pinning = tokenPinningOf(process.env);

/** The roles a token may grant: those of the pool that issued it; none from an unknown issuer or client. */
function rolesIssuable(claims: Record<string, unknown>, pinned: TokenPinning | undefined): readonly Role[] {
  if (!pinned) return roles;
  if (typeof claims.aud !== 'string' || !pinned.audiences.includes(claims.aud)) throw ApiError.unauthorized('the token is not of an app client of this API');
  const issuer = typeof claims.iss === 'string' ? withoutScheme(claims.iss) : '';
  if (issuer === pinned.staffIssuer) return staffPoolRoles;
  if (issuer === pinned.userIssuer) return roles.filter((role) => !staffPoolRoles.includes(role));
  throw ApiError.unauthorized('the token is not of a user pool of this API');
}

/**
 * Cognito puts groups in `cognito:groups`; through a REST API authorizer the claim arrives as
 * a string ("admin" or "[admin, agent]"), so both list spellings are accepted.
 */
export function principalOf(event: Pick<APIGatewayProxyEvent, 'requestContext'>, pinned: TokenPinning | undefined = pinning): Principal {
  const claims = (event.requestContext.authorizer?.claims ?? {}) as Record<string, unknown>;
  const subject = typeof claims.sub === 'string' ? claims.sub : undefined;
  if (!subject) throw ApiError.unauthorized();
  const issuable = rolesIssuable(claims, pinned);
  const rawGroups = claims['cognito:groups'];
  const groups = Array.isArray(rawGroups)
    ? rawGroups.map(String)
    : String(rawGroups ?? '')
        .replace(/^\[|\]$/g, '')
        .split(/[\s,]+/);
  const grantedRoles = issuable.filter((role) => groups.includes(role));
  if (grantedRoles.length === 0) throw ApiError.forbidden(`the token carries no BSS role (${roles.join(', ')})`);
  // Only a customer acts as a customer: a customer id on another role's token (a feed's, staff's) is not whose data it may read.
  const customerId = grantedRoles.includes('customer') && typeof claims['custom:customerId'] === 'string' ? claims['custom:customerId'] : undefined;
  if (!customerId && !grantedRoles.some((role) => role !== 'customer')) {
    throw ApiError.forbidden('a customer token must carry custom:customerId');
  }
  return { subject, roles: grantedRoles, ...(customerId ? { customerId } : {}) };
}

/** Staff who serve customers: they see every customer. `risk` and `warehouse` do not. */
export const isStaff = (principal: Principal): boolean => principal.roles.includes('admin') || principal.roles.includes('agent');

export function requireStaff(principal: Principal, action: string): void {
  if (!isStaff(principal)) throw ApiError.forbidden(`only admin and agent users may ${action}`);
}

export const isAdmin = (principal: Principal): boolean => principal.roles.includes('admin');

export function requireAdmin(principal: Principal, action: string): void {
  if (!isAdmin(principal)) throw ApiError.forbidden(`only admin users may ${action}`);
}

/**
 * Who sees every customer's resources on the routes it may call: staff, and credit/risk
 * officers, whom route-access.ts lets call billing-account routes only.
 */
export const seesEveryCustomer = (principal: Principal): boolean => isStaff(principal) || principal.roles.includes('risk');

/**
 * Staff see every customer; a customer token sees only its own. A foreign id answers 404,
 * not 403, so ids of other customers cannot be probed.
 */
export function requireCustomerAccess(principal: Principal, customerId: string, resource: string, id: string): void {
  if (seesEveryCustomer(principal)) return;
  if (principal.customerId !== customerId) throw ApiError.notFound(resource, id);
}

/** Usage records are written by staff and by mediation feeds. */
export const isUsageWriter = (principal: Principal): boolean => isStaff(principal) || principal.roles.includes('mediation');

export function requireUsageWriter(principal: Principal, action: string): void {
  if (!isUsageWriter(principal)) throw ApiError.forbidden(`only admin, agent and mediation clients may ${action}`);
}
