import { forbiddenWrites, type WriteAccess, type WriterRole } from '../../../domain/shared/write-access.js';
import { ApiError } from '../http/api-error.js';
import type { Principal } from './principal.js';

/** The role a write is judged by: the most privileged one the token carries. */
export function writerRoleOf(principal: Principal): WriterRole {
  if (principal.roles.includes('admin')) return 'admin';
  if (principal.roles.includes('agent')) return 'agent';
  if (principal.roles.includes('mediation')) return 'mediation';
  return 'customer';
}

/**
 * 403 naming every attribute of the (schema-valid) body the caller's role may not write,
 * by the route's declaration (domain/shared/write-access.ts); nothing is read or written first.
 */
export function requireWritable(principal: Principal, access: WriteAccess, body: unknown, resource: string): void {
  const role = writerRoleOf(principal);
  const forbidden = forbiddenWrites(body, access, role);
  if (forbidden.length === 0) return;
  throw ApiError.forbidden(
    `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} may not set ${forbidden.join(', ')} of a ${resource}`,
    forbidden.map((field) => ({ field, problem: `not writable by the ${role} role` })),
  );
}
