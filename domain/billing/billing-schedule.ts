import { boundaryAfter, toInstant, toIso, type BillingCycle } from './billing-calendar.js';
import type { ChargedProduct } from './charge-term.js';

/**
 * When an account is billed next (docs/billing.md, "Billing runs"). An account is armed when a
 * product of it is first activated: its next bill is then the first cycle boundary after the
 * activation. Each bill moves it to the next boundary, until nothing is left to bill (no term
 * still running or ending later): then it rests, out of the due index, until a product or late
 * usage arms it again. The billing run finds due accounts through that sparse index only.
 */
export interface BillingSchedule {
  billingAccountId: string;
  customerId: string;
  cycle: BillingCycle;
  /** Absent while the account rests. */
  nextBillAt?: string;
  /** The date of the last bill (or of the last cycle billed with nothing to bill). */
  lastBillAt?: string;
  /** Credit the last bill carried forward, in minor units of the account's currency (never negative). */
  creditCarriedMinor: string;
  testClockId?: string;
}

/** The first bill of an account that starts billing (or resumes) at `instant`. */
export function firstBillAt(cycle: BillingCycle, instant: string): string {
  return toIso(boundaryAfter(cycle, toInstant(instant)));
}

/** Whether the account still has anything for a bill after `billDate`: a term running on, or ending at or after it. */
export function keepsBilling(products: readonly ChargedProduct[], billDate: number): boolean {
  return products.some((product) => product.terms.some((term) => term.to === undefined || toInstant(term.to) >= billDate));
}

/** The schedule after the bill dated `billDate`. */
export function afterBill(schedule: BillingSchedule, input: { billDate: string; creditCarriedMinor: string; keepsBilling: boolean }): BillingSchedule {
  const { nextBillAt: _done, ...rest } = schedule;
  return {
    ...rest,
    lastBillAt: input.billDate,
    creditCarriedMinor: input.creditCarriedMinor,
    ...(input.keepsBilling ? { nextBillAt: toIso(boundaryAfter(schedule.cycle, toInstant(input.billDate))) } : {}),
  };
}

/** Due accounts are spread over this many index partitions, so a million accounts never share one key. */
export function dueShardOf(billingAccountId: string, shards: number): number {
  // FNV-1a: stable across runs and runtimes, unlike anything seeded.
  let hash = 0x811c9dc5;
  for (let index = 0; index < billingAccountId.length; index += 1) {
    hash ^= billingAccountId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}
