import type { CreditApplicant, CreditBureau, CreditReport } from '../../../domain/onboarding/credit-bureau.js';

/**
 * SIMULATED credit bureau: deterministic, no network, no clock (the report is dated `at`, the
 * instant the caller passes). Meant for local runs, demos and tests; docs/providers.md has the
 * rules.
 *
 * - The score is written into the applicant's email: a local part containing `+score<NNN>`
 *   (`ada+score420@example.com`) scores NNN, clamped to 300–850; any other email scores 700.
 * - The reference is `SIM-CB-<customerId>`, so the same applicant always has the same one.
 *
 * The slot for a real bureau (Experian, Equifax, Creditsafe, ...): another adapter in this
 * folder implementing the CreditBureau port, chosen where the onboarding handlers are wired.
 */
export const simulatedDefaultScore = 700;
export const simulatedScoreRange = { lowest: 300, highest: 850 } as const;

const scoreTag = /\+score(\d+)/i;

/** The score the simulated bureau gives an email. */
export function simulatedCreditScore(email: string): number {
  const at = email.lastIndexOf('@');
  const localPart = at === -1 ? email : email.slice(0, at);
  const digits = scoreTag.exec(localPart)?.[1];
  if (digits === undefined) return simulatedDefaultScore;
  // Number() of a long digit string is a huge float, never NaN; the clamp brings it into range.
  const written = Number(digits);
  return Math.min(simulatedScoreRange.highest, Math.max(simulatedScoreRange.lowest, written));
}

export const simulatedCreditBureau: CreditBureau = {
  async check(applicant: CreditApplicant, at: string): Promise<CreditReport> {
    return { score: simulatedCreditScore(applicant.email), reference: `SIM-CB-${applicant.customerId}`, checkedAt: at };
  },
};
