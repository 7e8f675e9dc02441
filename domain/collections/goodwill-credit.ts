import type { CustomerBill } from '../billing/customer-bill.js';
import type { BillingAccount } from '../customers/billing-account.js';
import { money, moneyFromTmf, moneyToTmf, type TmfMoney } from '../money/money.js';
import { RuleViolationError } from '../shared/domain-errors.js';
import { currencyCodeSchema, type RelatedParty } from '../shared/tmf-types.js';
import { staffWrites, type WriteAccess } from '../shared/write-access.js';
import * as z from '../shared/zod.js';
import { ledgerEntry, type LedgerEntry } from './account-ledger.js';
import { payDownBill } from './bill-settlement.js';

/**
 * Goodwill credits (docs/collections.md, "Goodwill credits"): money staff give an account
 * without a bill to credit (a gesture after a complaint, a promotion honoured late). It is
 * account credit at once, entered in the ledger as an `adjustment`, and pays the account's open
 * bills like any other credit; a bill it pays names it in the extension `appliedGoodwillCredit`.
 */
export const goodwillCreditPath = '/collections/v1/goodwillCredit';
const billingAccountPath = '/tmf-api/accountManagement/v4/billingAccount';

export interface GoodwillCredit {
  id: string;
  href: string;
  '@type': 'GoodwillCredit';
  billingAccount: { id: string; href: string; name?: string; '@referredType': 'BillingAccount' };
  /** The customer that owns the account. */
  relatedParty: RelatedParty[];
  /** Positive, in the account's currency. */
  amount: TmfMoney;
  reason: string;
  /** In the customer's time (its test clock's when it lives on one). */
  date: string;
  testClock?: { id: string };
}

/** POST /collections/v1/goodwillCredit (staff): which account, how much, and why. */
export const goodwillCreditCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  billingAccount: z.strictObject({
    id: z.string().check(z.minLength(1), z.maxLength(128)),
    href: z.optional(z.string().check(z.maxLength(512))),
    '@referredType': z.optional(z.literal('BillingAccount')),
  }),
  amount: z.strictObject({ unit: currencyCodeSchema, value: z.number() }),
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  '@type': z.optional(z.literal('GoodwillCredit')),
}));
export type GoodwillCreditCreate = z.infer<typeof goodwillCreditCreateSchema>;

/** Only staff give credit; every attribute they send is theirs to set. */
export const goodwillCreditAccess: WriteAccess = staffWrites;

export function newGoodwillCredit(input: { id: string; account: BillingAccount; amountMinor: bigint; reason: string; date: string }): GoodwillCredit {
  const { account } = input;
  if (input.amountMinor <= 0n) throw new RuleViolationError('goodwill-credit-not-positive', `a goodwill credit must be positive, not ${input.amountMinor} minor units`);
  return {
    id: input.id,
    href: `${goodwillCreditPath}/${input.id}`,
    '@type': 'GoodwillCredit',
    billingAccount: { id: account.id, href: `${billingAccountPath}/${account.id}`, name: account.name, '@referredType': 'BillingAccount' },
    relatedParty: account.relatedParty.filter((party) => party['@referredType'] === 'Customer'),
    amount: moneyToTmf(money(input.amountMinor, account.currency)),
    reason: input.reason,
    date: input.date,
    ...(account.testClock ? { testClock: { id: account.testClock.id } } : {}),
  };
}

/** The ledger entry of a goodwill credit: an `adjustment` of minus its amount (the customer owes that much less). */
export function goodwillCreditEntry(credit: GoodwillCredit): LedgerEntry {
  const amount = moneyFromTmf(credit.amount);
  return ledgerEntry({
    billingAccountId: credit.billingAccount.id,
    kind: 'adjustment',
    amountMinor: -amount.amount,
    currency: amount.currency,
    recordedAt: credit.date,
    reference: { id: credit.id, href: credit.href, '@referredType': 'GoodwillCredit' },
    description: `goodwill credit: ${credit.reason}`,
    testClockId: credit.testClock?.id,
  });
}

/**
 * The bill with `amountMinor` of goodwill credit `credit` applied (payDownBill: never more than
 * it owes), named in its extension `appliedGoodwillCredit`, merged per credit.
 */
export function applyGoodwillCreditToBill(bill: CustomerBill, credit: { id: string; amountMinor: bigint }, now: string): CustomerBill {
  const paid = payDownBill(bill, credit.amountMinor, now);
  const currency = bill.amountDue.unit;
  const applied = bill.appliedGoodwillCredit ?? [];
  const already = applied.find((each) => each.goodwillCredit.id === credit.id);
  const appliedGoodwillCredit = already
    ? applied.map((each) => (each === already ? { ...each, appliedAmount: moneyToTmf(money(moneyFromTmf(each.appliedAmount).amount + credit.amountMinor, currency)) } : each))
    : [...applied, { goodwillCredit: { id: credit.id, href: `${goodwillCreditPath}/${credit.id}` }, appliedAmount: moneyToTmf(money(credit.amountMinor, currency)) }];
  return { ...paid, appliedGoodwillCredit };
}
