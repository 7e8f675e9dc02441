import type { CaseActor } from '../../domain/support-cases/case-lifecycle.js';
import { customerIdOfCase, type SupportCase } from '../../domain/support-cases/support-case.js';
import { isStaff, type Principal } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';

/**
 * Who works support cases: staff (admins and agents alike) see and work every case; a customer
 * only its own. A machine client (a mediation feed) has no case: it sees none.
 */
export function caseActorOf(principal: Principal): CaseActor | undefined {
  if (isStaff(principal)) return 'agent';
  if (principal.roles.includes('customer') && principal.customerId !== undefined) return 'customer';
  return undefined;
}

/** Another customer's case, like any case to a machine client, answers 404 exactly like an unknown id. */
export function requireCaseVisible(principal: Principal, supportCase: SupportCase): CaseActor {
  const actor = caseActorOf(principal);
  if (actor === 'agent') return actor;
  if (actor === undefined || customerIdOfCase(supportCase) !== principal.customerId) throw ApiError.notFound('troubleTicket', supportCase.id);
  return actor;
}

/** How the events record who acted: the role and the token's subject. */
export const eventActorOf = (principal: Principal) => ({
  role: principal.roles.includes('admin') ? ('admin' as const) : principal.roles.includes('agent') ? ('agent' as const) : ('customer' as const),
  subject: principal.subject,
});
