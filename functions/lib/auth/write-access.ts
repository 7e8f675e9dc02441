import { forbiddenWrites, writerRoles, type WriteAccess, type WriterRole } from '../../../domain/shared/write-access.js';
import { ApiError } from '../http/api-error.js';
import type { Principal } from './principal.js';

/**
 * The role a caller is named by in answers and audit entries: the most privileged one the
 * token carries (writerRoles' order); `customer` for a token of none of the others.
 */
export function writerRoleOf(principal: Principal): WriterRole {
  return writerRoles.find((role) => role !== 'customer' && principal.roles.includes(role)) ?? 'customer';
}

/**
 * 403 naming every attribute of the (schema-valid) body none of the caller's roles may write,
 * by the route's declaration (domain/shared/write-access.ts); nothing is read or written first.
 * An attribute is writable when any of the token's roles may write it: an agent who is also a
 * risk officer sets a credit limit, as either alone could not change both it and the name.
 */
export function requireWritable(principal: Principal, access: WriteAccess, body: unknown, resource: string): void {
  const role = writerRoleOf(principal);
  const held = principal.roles.length > 0 ? principal.roles : [role];
  const forbiddenByEach = held.map((each) => new Set(forbiddenWrites(body, access, each)));
  const forbidden = forbiddenWrites(body, access, role).filter((path) => forbiddenByEach.every((set) => set.has(path)));
  if (forbidden.length === 0) return;
  throw ApiError.forbidden(
    `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} may not set ${forbidden.join(', ')} of a ${resource}`,
    forbidden.map((field) => ({ field, problem: `not writable by the ${role} role` })),
  );
}
