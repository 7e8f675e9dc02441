import { createHash } from 'node:crypto';

/**
 * Ids of what an onboarding creates, derived from the onboarding's own (random) id. A task that
 * runs twice (a Step Functions retry, a second execution from a duplicate OnboardingStarted)
 * computes the same customer, account and event ids, so its conditional writes and the event
 * consumers' de-duplication by event id see the repeat for what it is.
 *
 * The id is a UUID version 8 (RFC 9562, "custom"): the first 122 bits of SHA-256 over the
 * onboarding id and the purpose.
 */
export function derivedId(onboardingId: string, purpose: string): string {
  const bytes = createHash('sha256').update(`bss-onboarding\u0000${onboardingId}\u0000${purpose}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function onboardingIds(onboardingId: string) {
  return {
    customerId: derivedId(onboardingId, 'customer'),
    partyId: derivedId(onboardingId, 'party'),
    billingAccountId: derivedId(onboardingId, 'billingAccount'),
    /** Each event type happens at most once in an onboarding, so its type names it. */
    eventId: (detailType: string) => derivedId(onboardingId, `event:${detailType}`),
  };
}
