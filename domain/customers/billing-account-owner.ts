import type { RelatedParty } from '../shared/tmf-types.js';

/**
 * The customer that owns a billing account: its one relatedParty of type Customer. Kept apart
 * from billing-account.ts so read-only handlers do not load the request schemas.
 */
export function ownerCustomerId(account: { relatedParty: readonly RelatedParty[] }): string {
  const owner = account.relatedParty.find((party) => party['@referredType'] === 'Customer');
  if (!owner) throw new Error('invariant broken: billing account without a Customer party');
  return owner.id;
}
