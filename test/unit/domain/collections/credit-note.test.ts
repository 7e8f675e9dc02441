import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppliedCustomerBillingRate, CustomerBill } from '../../../../domain/billing/customer-bill.js';
import {
  applyCreditNoteToBill,
  CreditExceedsCreditable,
  creditedAfter,
  creditNoteSeriesOf,
  newCreditNote,
  NotACreditableLine,
  nothingCredited,
  planCredit,
  type BillCredited,
  type CreditRequest,
} from '../../../../domain/collections/credit-note.js';
import { moneyFromTmf } from '../../../../domain/money/money.js';
import { openBill } from './collections-fixtures.js';

const minor = (amount: { value: number; unit: string }) => moneyFromTmf(amount).amount;
const eur = (value: number) => ({ unit: 'EUR', value });

/** A bill line of `taxIncluded` EUR at `rate` percent (tax-included pricing), as billing writes it. */
function line(index: number, type: AppliedCustomerBillingRate['type'], taxExcluded: number, tax: number, rate = 20): AppliedCustomerBillingRate {
  const id = `bill-1-${String(index).padStart(4, '0')}`;
  return {
    id,
    href: `/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate/${id}`,
    '@type': 'AppliedCustomerBillingRate',
    name: `line ${index}`,
    description: `line ${index}`,
    type,
    date: '2027-02-01T00:00:00.000Z',
    isBilled: true,
    bill: { id: 'bill-1', href: '/tmf-api/customerBillManagement/v4/customerBill/bill-1', '@referredType': 'CustomerBill' },
    billingAccount: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', '@referredType': 'BillingAccount' },
    taxExcludedAmount: eur(taxExcluded),
    taxIncludedAmount: eur(Math.round((taxExcluded + tax) * 100) / 100),
    appliedTax: rate === 0 ? [] : [{ taxCategory: 'VAT', taxRate: rate, taxAmount: eur(tax), '@type': 'AppliedBillingTaxRate' }],
  };
}

// 29.99 incl. 20 % VAT (24.99 + 5.00); 10.00 incl. 5.5 % (9.48 + 0.52); a 5.00 credit line.
const lines = [line(1, 'recurring', 24.99, 5, 20), line(2, 'oneTime', 9.48, 0.52, 5.5), line(3, 'credit', -5, 0, 0)];
const bill: CustomerBill = { ...openBill('bill-1', 34.99), taxIncludedAmount: eur(34.99) };
const issue = (request: CreditRequest, credited: BillCredited = nothingCredited, on: CustomerBill = bill) =>
  newCreditNote({ id: 'cn-1', creditNoteNo: 'CN-2027-000001', date: '2027-03-05T10:00:00.000Z', reason: 'outage', bill: on, credits: planCredit({ bill: on, lines, credited, request }) });

describe('credit notes (worked numbers)', () => {
  it('a whole line reverses its own amounts; a part splits its tax at the line rate, rounded half-even once', () => {
    const note = issue({ kind: 'lines', lines: [{ id: 'bill-1-0001' }, { id: 'bill-1-0002', amountMinor: 500n }] });
    expect(note.lines).toEqual([
      expect.objectContaining({ creditedLine: expect.objectContaining({ id: 'bill-1-0001' }), taxExcludedAmount: eur(24.99), taxIncludedAmount: eur(29.99), appliedTax: [{ taxCategory: 'VAT', taxRate: 20, taxAmount: eur(5) }] }),
      // 5.00 × 100 / 105.5 = 4.739… → 4.74 tax-excluded, 0.26 tax.
      expect.objectContaining({ taxExcludedAmount: eur(4.74), taxIncludedAmount: eur(5), appliedTax: [{ taxCategory: 'VAT', taxRate: 5.5, taxAmount: eur(0.26) }] }),
    ]);
    expect(note.taxItem).toEqual([
      { taxCategory: 'VAT', taxRate: 20, taxAmount: eur(5) },
      { taxCategory: 'VAT', taxRate: 5.5, taxAmount: eur(0.26) },
    ]);
    expect(note).toMatchObject({ taxExcludedAmount: eur(29.73), taxIncludedAmount: eur(34.99), appliedToBill: eur(34.99), toAccountCredit: eur(0) });
  });

  it('whole credits what the bill owes when its credit lines make it owe less than its charges, spread in proportion', () => {
    const owing = { ...bill, amountDue: eur(34.99), remainingAmount: eur(34.99) };
    const note = issue({ kind: 'whole' }, nothingCredited, owing);
    // 34.99 × 29.99 / 39.99 = 26.2407…, 34.99 × 10 / 39.99 = 8.7497…: largest remainder keeps every cent.
    expect(note.taxIncludedAmount).toEqual(eur(34.99));
    expect(note.lines.map((each) => each.taxIncludedAmount.value)).toEqual([26.24, 8.75]);
  });

  it('an amount is spread over the lines in proportion, and the rest of a line reverses exactly what is left of its tax', () => {
    const first = issue({ kind: 'amount', amountMinor: 1000n });
    expect(first.lines.map((each) => each.taxIncludedAmount.value)).toEqual([7.5, 2.5]);
    const credited = creditedAfter(nothingCredited, first);
    const rest = issue({ kind: 'lines', lines: [{ id: 'bill-1-0001' }] }, credited);
    const tax = (note: typeof first, index: number) => minor(note.lines[index]!.appliedTax[0]!.taxAmount);
    expect(tax(first, 0) + tax(rest, 0)).toBe(500n);
    expect(minor(first.lines[0]!.taxIncludedAmount) + minor(rest.lines[0]!.taxIncludedAmount)).toBe(2999n);
  });

  it('refuses a line not of the bill, a credit line, a part above what is left, a total above what the bill is owed', () => {
    const refused = (request: CreditRequest, credited = nothingCredited) => {
      try {
        issue(request, credited);
      } catch (error) {
        return [(error as Error).constructor.name, (error as CreditExceedsCreditable).field];
      }
      return undefined;
    };
    expect(refused({ kind: 'lines', lines: [{ id: 'other-0001' }] })).toEqual([NotACreditableLine.name, 'lines[0].id']);
    expect(refused({ kind: 'lines', lines: [{ id: 'bill-1-0001' }, { id: 'bill-1-0003' }] })).toEqual([NotACreditableLine.name, 'lines[1].id']);
    expect(refused({ kind: 'lines', lines: [{ id: 'bill-1-0002', amountMinor: 1001n }] })).toEqual([CreditExceedsCreditable.name, 'lines[0].amount.value']);
    expect(refused({ kind: 'amount', amountMinor: 3500n })).toEqual([CreditExceedsCreditable.name, 'amount.value']);
    const all = creditedAfter(nothingCredited, issue({ kind: 'whole' }));
    expect(refused({ kind: 'whole' }, all)).toEqual([CreditExceedsCreditable.name, 'whole']);
    // The line still has 3.75 left, but the bill nothing.
    expect(refused({ kind: 'lines', lines: [{ id: 'bill-1-0001' }] }, all)).toEqual([CreditExceedsCreditable.name, 'lines']);
  });

  it('takes off what the bill owes, the rest to account credit; the bill is settled at zero, else partially paid', () => {
    const halfPaid = { ...bill, remainingAmount: eur(20), state: 'partiallyPaid' as const };
    const note = issue({ kind: 'amount', amountMinor: 2500n }, nothingCredited, halfPaid);
    expect(note).toMatchObject({ appliedToBill: eur(20), toAccountCredit: eur(5) });
    expect(applyCreditNoteToBill(halfPaid, note, 'now')).toMatchObject({ state: 'settled', remainingAmount: eur(0), appliedCreditNote: [{ creditNote: { id: 'cn-1' }, appliedAmount: eur(20) }] });
    const small = issue({ kind: 'amount', amountMinor: 500n });
    expect(applyCreditNoteToBill(bill, small, 'now')).toMatchObject({ state: 'partiallyPaid', remainingAmount: eur(29.99) });
    const paid = { ...bill, remainingAmount: eur(0), state: 'settled' as const };
    expect(applyCreditNoteToBill(paid, issue({ kind: 'amount', amountMinor: 500n }, nothingCredited, paid), 'now')).toBe(paid);
  });

  it('numbers in a series of its own per year in the account time zone, a test clock in its own', () => {
    expect(creditNoteSeriesOf('2026-12-31T23:30:00.000Z', 'Europe/Paris')).toEqual({ key: 'cn-2027', prefix: 'CN-2027-' });
    expect(creditNoteSeriesOf('2027-03-05T10:00:00.000Z', 'Europe/Paris', 'abcdef12-3456')).toEqual({ key: 'cn-test-clock-abcdef12-3456-2027', prefix: 'CN-TEST-abcdef12-2027-' });
  });
});

describe('credit notes (property)', () => {
  const lineArb = fc.record({ excluded: fc.integer({ min: 1, max: 100_000 }), rateTenths: fc.constantFrom(0, 55, 100, 196, 200, 210) });
  it('totals are the sums of the lines; excluded + tax = included per line; never above what is creditable; applied + credit = total', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 200_000 }), fc.nat(3)), { minLength: 1, maxLength: 8 }), fc.nat(), (shape, asks, paidPick) => {
        const billLines = shape.map((each, index) => {
          const tax = Math.round((each.excluded * each.rateTenths) / 1000);
          return line(index + 1, 'recurring', each.excluded / 100, tax / 100, each.rateTenths / 10);
        });
        const due = billLines.reduce((sum, each) => sum + minor(each.taxIncludedAmount), 0n);
        let current: CustomerBill = { ...openBill('bill-1', Number(due) / 100), remainingAmount: eur(Number(due - (BigInt(paidPick) % (due + 1n))) / 100) };
        let credited = nothingCredited;
        for (const [pick, amount, mode] of asks) {
          const target = billLines[pick % billLines.length]!;
          const request: CreditRequest =
            mode === 0 ? { kind: 'whole' } : mode === 1 ? { kind: 'amount', amountMinor: BigInt(amount) } : mode === 2 ? { kind: 'lines', lines: [{ id: target.id }] } : { kind: 'lines', lines: [{ id: target.id, amountMinor: BigInt(amount) }] };
          let credits;
          try {
            credits = planCredit({ bill: current, lines: billLines, credited, request });
          } catch (error) {
            expect(error).toBeInstanceOf(CreditExceedsCreditable);
            continue;
          }
          const note = newCreditNote({ id: 'cn', creditNoteNo: 'CN-1', date: 'd', reason: 'r', bill: current, credits });
          for (const each of note.lines) {
            const tax = each.appliedTax.reduce((sum, t) => sum + minor(t.taxAmount), 0n);
            expect(minor(each.taxExcludedAmount) + tax).toBe(minor(each.taxIncludedAmount));
            expect(minor(each.taxIncludedAmount)).toBeGreaterThan(0n);
          }
          expect(note.lines.reduce((sum, each) => sum + minor(each.taxIncludedAmount), 0n)).toBe(minor(note.taxIncludedAmount));
          expect(note.lines.reduce((sum, each) => sum + minor(each.taxExcludedAmount), 0n)).toBe(minor(note.taxExcludedAmount));
          expect(note.taxItem.reduce((sum, each) => sum + minor(each.taxAmount), 0n)).toBe(minor(note.taxIncludedAmount) - minor(note.taxExcludedAmount));
          expect(minor(note.appliedToBill) + minor(note.toAccountCredit)).toBe(minor(note.taxIncludedAmount));
          credited = creditedAfter(credited, note);
          current = applyCreditNoteToBill(current, note, 'now');
          expect(credited.totalMinor).toBeLessThanOrEqual(due);
          expect(minor(current.remainingAmount)).toBeGreaterThanOrEqual(0n);
          for (const each of billLines) expect(credited.lines.get(each.id)?.taxIncludedMinor ?? 0n).toBeLessThanOrEqual(minor(each.taxIncludedAmount));
        }
      }),
    );
  });
});
