import { money, minorUnitExponent, type Money } from '../money/money.js';
import type { CreditReport } from './credit-bureau.js';

/**
 * Our credit policy, applied to a bureau's score (docs/providers.md lists the bands). An
 * approved customer gets a credit limit in its account currency: the most its recurring
 * charges may reach before an order needs a closer look.
 */
export type CreditDecision =
  | { decision: 'approved'; score: number; creditLimit: Money }
  | { decision: 'rejected'; score: number; reason: string };

/** Below this score an application is rejected. */
export const minimumApprovedScore = 500;

/**
 * Credit limit by score band, in major units of the account currency, highest band first. The
 * limits grow with the score, so a better score never gets a lower limit.
 */
export const creditLimitBands: readonly { fromScore: number; limitInMajorUnits: bigint }[] = [
  { fromScore: 750, limitInMajorUnits: 2000n },
  { fromScore: 650, limitInMajorUnits: 500n },
  { fromScore: minimumApprovedScore, limitInMajorUnits: 100n },
];

/** Decides on a bureau report; an unknown currency is an InvalidInputError from the money module. */
export function decideCredit(report: CreditReport, currency: string): CreditDecision {
  const { score } = report;
  if (!Number.isFinite(score)) throw new Error(`credit score must be a finite number, got ${String(score)}`);
  // Checked before the score: a bad currency is a bad application, whatever the bureau said.
  const exponent = minorUnitExponent(currency);
  const band = creditLimitBands.find((candidate) => score >= candidate.fromScore);
  if (!band) {
    return {
      decision: 'rejected',
      score,
      reason: `credit score ${score} is below the minimum of ${minimumApprovedScore}`,
    };
  }
  const minorUnits = band.limitInMajorUnits * 10n ** BigInt(exponent);
  return { decision: 'approved', score, creditLimit: money(minorUnits, currency) };
}
