/**
 * The credit bureau port: who the applicant is in, a credit score out. Adapters live in
 * functions/lib/providers/ (the simulated one scores by email, docs/providers.md; a real one
 * would call Experian, Equifax, Creditsafe, ...). The decision on the score is ours, not the
 * bureau's: see credit-decision.ts.
 */
export interface CreditApplicant {
  customerId: string;
  name: string;
  email: string;
  /** ISO 3166-1 alpha-2, where the bureau needs it to find the applicant. */
  country?: string;
}

export interface CreditReport {
  /** FICO-like, 300 (worst) to 850 (best). */
  score: number;
  /** The bureau's id of this report, kept as evidence of the check. */
  reference: string;
  /** ISO 8601 instant the check was made. */
  checkedAt: string;
}

export interface CreditBureau {
  /** `at` is the instant of the check, passed in so the answer is reproducible. */
  check(applicant: CreditApplicant, at: string): Promise<CreditReport>;
}
