import { billIdFor, customerBillPath, type CustomerBill } from '../domain/billing/customer-bill.js';
import { billingAccountPath } from '../domain/customers/billing-account.js';
import { customerPath } from '../domain/customers/customer.js';
import { ledgerEntry } from '../domain/collections/account-ledger.js';
import type { Dunning } from '../domain/collections/dunning.js';
import { money, moneyToTmf } from '../domain/money/money.js';
import { billKey, openBillIndexKeys } from '../functions/lib/store/bill-store.js';
import { keys } from '../functions/lib/store/table-items.js';
import { seededRandom } from './seeded-random.js';

/**
 * The collections benchmarks' population: one account per bill, each bill issued and still owing
 * all it owes, as the billing run's issuing transaction leaves it (resource `validated` with its
 * number, in the open-bills index, its `bill` ledger entry written and the account's balance
 * moved by it). Pure, so the items can be checked without a table.
 */
export interface OpenBillSeed {
  accountId: string;
  customerId: string;
  billId: string;
  billNo: string;
  amountMinor: bigint;
  billDate: string;
  paymentDueDate: string;
  testClockId?: string;
}

/** `count` seeds with seeded-random amounts (5 to 80 EUR, as the demo plans' bills are), ids from `idOf`. */
export function openBillSeeds(input: { count: number; seed: number; billDate: string; paymentDueDate: string; idOf: () => string; numberPrefix: string; testClockId?: string }): OpenBillSeed[] {
  const random = seededRandom(input.seed);
  return Array.from({ length: input.count }, (_, index) => {
    const accountId = input.idOf();
    return {
      accountId,
      customerId: input.idOf(),
      billId: billIdFor(accountId, input.billDate),
      billNo: `${input.numberPrefix}-${String(index + 1).padStart(7, '0')}`,
      amountMinor: BigInt(500 + Math.floor(random() * 7_500)),
      billDate: input.billDate,
      paymentDueDate: input.paymentDueDate,
      ...(input.testClockId ? { testClockId: input.testClockId } : {}),
    };
  });
}

/** The issued bill's resource: VAT at 20 % included, no lines (collection and dunning never read them). */
export function issuedBill(seed: OpenBillSeed, issuedAt: string): CustomerBill {
  const due = moneyToTmf(money(seed.amountMinor, 'EUR'));
  const taxMinor = (seed.amountMinor * 20n) / 120n;
  const periodStart = new Date(Date.parse(seed.billDate) - 30 * 86_400_000).toISOString();
  return {
    id: seed.billId,
    href: `${customerBillPath}/${seed.billId}`,
    '@type': 'CustomerBill',
    billNo: seed.billNo,
    billDate: seed.billDate,
    billingPeriod: { startDateTime: periodStart, endDateTime: seed.billDate },
    paymentDueDate: seed.paymentDueDate,
    runType: 'onCycle',
    category: 'normal',
    state: 'validated',
    lastUpdate: issuedAt,
    amountDue: due,
    remainingAmount: due,
    taxExcludedAmount: moneyToTmf(money(seed.amountMinor - taxMinor, 'EUR')),
    taxIncludedAmount: due,
    taxItem: [{ taxCategory: 'VAT', taxRate: 20, taxAmount: moneyToTmf(money(taxMinor, 'EUR')), '@type': 'TaxItem' }],
    billingAccount: { id: seed.accountId, href: `${billingAccountPath}/${seed.accountId}`, name: `Bench Customer ${seed.customerId.slice(0, 8)} - default`, '@referredType': 'BillingAccount' },
    relatedParty: [{ id: seed.customerId, href: `${customerPath}/${seed.customerId}`, name: `Bench Customer ${seed.customerId.slice(0, 8)}`, role: 'Customer', '@referredType': 'Customer' }],
    appliedPayment: [],
    ...(seed.testClockId ? { testClock: { id: seed.testClockId } } : {}),
    lineCount: 0,
  };
}

/**
 * The items issuing leaves for the bill: the bill (version 2: written `new`, then issued), in the
 * customer's bills (gsi2) and the open-bills index (gsi3), and its ledger entry. `declinedAttempts`
 * marks the collection at issue as claimed and declined (an account in dunning got there so).
 */
export function issuedBillItems(seed: OpenBillSeed, issuedAt: string, options: { declinedAttempts?: number } = {}): { bill: Record<string, unknown>; ledgerEntry: Record<string, unknown> } {
  const bill = issuedBill(seed, issuedAt);
  const index = openBillIndexKeys(bill);
  if (!index) throw new Error(`the benchmark's bill ${seed.billId} owes nothing: it would not be collected`);
  const entry = ledgerEntry({
    billingAccountId: seed.accountId,
    kind: 'bill',
    amountMinor: seed.amountMinor,
    currency: 'EUR',
    recordedAt: issuedAt,
    reference: { id: bill.id, href: bill.href, '@referredType': 'CustomerBill' },
    description: `bill ${seed.billNo}`,
    testClockId: seed.testClockId,
  });
  return {
    bill: {
      ...billKey(seed.billId),
      entityType: 'CustomerBill',
      version: 2,
      resource: bill,
      billingAccountId: seed.accountId,
      customerId: seed.customerId,
      creditCarriedMinor: '0',
      gsi2pk: `CUSTOMER#${seed.customerId}`,
      gsi2sk: `CustomerBill#${bill.billDate}#${bill.id}`,
      ...index,
      ...(options.declinedAttempts ? { collectionAttempt: options.declinedAttempts, declinedAttempt: options.declinedAttempts } : {}),
    },
    ledgerEntry: { pk: keys.billingAccount(seed.accountId).pk, sk: `LEDGER#${issuedAt}#${entry.id}`, entityType: 'LedgerEntry', version: 1, resource: entry },
  };
}

/** What the dunning check found: every account in dunning with exactly its first step (day 1: retry and reminder) done. */
export interface DunningDigest {
  accounts: number;
  active: number;
  dayOneDone: number;
  problems: string[];
}

/** Checks the stored dunnings of the seeded accounts after one run as of day 1 (missing ones are problems too). */
export function dunningDigest(accountIds: readonly string[], stored: ReadonlyMap<string, Dunning>, expectedSince: ReadonlyMap<string, string>): DunningDigest {
  const problems: string[] = [];
  let active = 0;
  let dayOneDone = 0;
  for (const accountId of accountIds) {
    const dunning = stored.get(accountId);
    if (!dunning) {
      problems.push(`account ${accountId}: no dunning`);
      continue;
    }
    if (dunning.status === 'active') active += 1;
    else problems.push(`account ${accountId}: dunning ${dunning.status}`);
    if (dunning.since !== expectedSince.get(accountId)) problems.push(`account ${accountId}: dunning since ${dunning.since}, not its bill's due date ${expectedSince.get(accountId)}`);
    const step = dunning.history[0];
    if (dunning.stepsDone === 1 && dunning.history.length === 1 && step?.day === 1 && step.actions.includes('retryPayment') && step.actions.includes('reminder')) dayOneDone += 1;
    else problems.push(`account ${accountId}: ${dunning.stepsDone} steps done (${dunning.history.map((each) => `day ${each.day}`).join(', ') || 'none'}), not day 1 alone`);
  }
  return { accounts: accountIds.length, active, dayOneDone, problems: problems.slice(0, 5).concat(problems.length > 5 ? [`… ${problems.length - 5} more`] : []) };
}

/** Bounded concurrency: `work` on every item, at most `concurrency` at once, in order of start. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let index = next++; index < items.length; index = next++) await work(items[index]!);
    }),
  );
}
