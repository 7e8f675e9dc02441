import type { Usage } from '../../domain/usage/usage.js';
import { isUsageWriter, type Principal } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';

/** Staff and mediation feeds read every record (a feed reads back what it sent); a customer only its own. */
export const readsEveryUsage = (principal: Principal): boolean => isUsageWriter(principal);

/** The customer a record was guided to; none when no product was found for it. */
export function customerIdOfUsage(usage: Pick<Usage, 'relatedParty'>): string | undefined {
  return usage.relatedParty?.find((party) => party.role === 'Customer')?.id;
}

/** Another customer's record, or one guided to nobody, answers 404 to a customer, exactly like an unknown id. */
export function requireUsageVisible(principal: Principal, usage: Usage): void {
  if (readsEveryUsage(principal)) return;
  const owner = customerIdOfUsage(usage);
  if (owner === undefined || owner !== principal.customerId) throw ApiError.notFound('usage', usage.id);
}
