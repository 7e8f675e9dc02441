import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageBuckets, receivablesOf, type OpenBillFact } from '../../../../domain/collections/receivables.js';

/**
 * Over random books of open bills in several currencies, aged at random instants: every bucket
 * sum adds up to the open total, per currency and per account; every open bill is counted once,
 * in one account; and no amount of one currency lands in another's total.
 */
const currencies = ['EUR', 'USD', 'JPY'] as const;
const base = Date.parse('2027-01-01T00:00:00.000Z');
const day = 86_400_000;

const bill = fc.record({
  account: fc.constantFrom('a', 'b', 'c', 'd'),
  currency: fc.constantFrom(...currencies),
  minor: fc.bigInt({ min: 0n, max: 10_000_000n }),
  dueOffsetMs: fc.integer({ min: -200 * day, max: 200 * day }),
});

const sum = (values: readonly bigint[]) => values.reduce((total, value) => total + value, 0n);

describe('receivables (property)', () => {
  it('bucket sums equal the open total per currency, every open bill is counted once, no currency mixed into another', () => {
    fc.assert(
      fc.property(fc.array(bill, { maxLength: 60 }), fc.integer({ min: -10 * day, max: 10 * day }), fc.option(fc.subarray([...currencies], { minLength: 1 })), (drawn, asOfOffset, only) => {
        const facts: OpenBillFact[] = drawn.map((one) => ({
          billingAccount: { id: one.account, href: `/x/${one.account}`, name: one.account },
          customerId: `cust-${one.account}`,
          currency: one.currency,
          remainingMinor: one.minor,
          paymentDueDate: new Date(base + one.dueOffsetMs).toISOString(),
        }));
        const asOf = new Date(base + asOfOffset).toISOString();
        const wanted: readonly string[] | undefined = only ?? undefined;
        const { totals, accounts } = receivablesOf(facts, asOf, wanted);
        const counted = facts.filter((fact) => fact.remainingMinor > 0n && (wanted === undefined || wanted.includes(fact.currency)));

        expect(new Set(totals.map((total) => total.currency)).size).toBe(totals.length);
        for (const total of totals) {
          const own = counted.filter((fact) => fact.currency === total.currency);
          expect(total.openMinor).toBe(sum(own.map((fact) => fact.remainingMinor)));
          expect(sum(ageBuckets.map((bucket) => total.buckets[bucket]))).toBe(total.openMinor);
          expect(total.openMinor).toBe(sum(accounts.filter((account) => account.currency === total.currency).map((account) => account.openMinor)));
        }
        expect(totals.map((total) => total.currency).sort()).toEqual([...new Set(counted.map((fact) => fact.currency))].sort());

        for (const account of accounts) {
          const own = counted.filter((fact) => fact.billingAccount.id === account.billingAccount.id && fact.currency === account.currency);
          expect(account.bills).toBe(own.length);
          expect(account.openMinor).toBe(sum(own.map((fact) => fact.remainingMinor)));
          expect(sum(ageBuckets.map((bucket) => account.buckets[bucket]))).toBe(account.openMinor);
        }
        expect(accounts.reduce((bills, account) => bills + account.bills, 0)).toBe(counted.length);
      }),
    );
  });
});
