import { describe, expect, it } from 'vitest';
import { billDocumentOf, creditNoteDocumentOf } from '../../../../domain/documents/bill-document.js';
import { formatMoney, formatPeriod } from '../../../../domain/documents/document-formats.js';
import { demoSeller, sellerFrom } from '../../../../domain/documents/seller.js';
import { newCreditNote, nothingCredited, planCredit } from '../../../../domain/collections/credit-note.js';
import { money } from '../../../../domain/money/money.js';
import { marchBill, marchLines, parisBuyer } from './document-fixtures.js';

const transfer = { collection: 'onIssue' } as const;

describe('document formats', () => {
  it('write every minor digit, grouped thousands and the ISO code, whatever the locale', () => {
    expect(formatMoney(money(123456789n, 'EUR'))).toBe('1,234,567.89 EUR');
    expect(formatMoney(money(-5n, 'EUR'))).toBe('-0.05 EUR');
    expect(formatMoney(money(1500n, 'JPY'))).toBe('1,500 JPY');
    expect(formatMoney({ unit: 'KWD', value: 1.5 })).toBe('1.500 KWD');
  });

  it('show a period by its first and last day in the account time zone (its end is exclusive)', () => {
    expect(formatPeriod({ startDateTime: '2027-02-28T23:00:00.000Z', endDateTime: '2027-03-31T22:00:00.000Z' }, 'Europe/Paris')).toBe('1 March 2027 – 31 March 2027');
    expect(formatPeriod({ startDateTime: '2027-03-01T00:00:00.000Z', endDateTime: '2027-04-01T00:00:00.000Z' }, 'UTC')).toBe('1 March 2027 – 31 March 2027');
  });
});

describe('a bill document', () => {
  const document = billDocumentOf({ bill: marchBill, lines: marchLines, buyer: parisBuyer, seller: demoSeller, payment: transfer });

  it('names the bill, its dates and period in the account time zone, seller and buyer', () => {
    expect(document).toMatchObject({ kind: 'bill', title: 'Invoice', number: 'B-2027-000042' });
    expect(document.facts).toEqual([
      { label: 'Invoice number', value: 'B-2027-000042' },
      { label: 'Invoice date', value: '1 March 2027' },
      { label: 'Billing period', value: '1 March 2027 – 31 March 2027' },
      { label: 'Payment due', value: '15 March 2027' },
      { label: 'Billing account', value: 'ba-1' },
    ]);
    expect(document.seller).toMatchObject({ name: demoSeller.name, vatNumber: demoSeller.vatNumber });
    expect(document.buyer).toEqual({ name: 'Łukasz Żółć', addressLines: parisBuyer.addressLines });
  });

  it('groups the lines by product in the order they come, each with its period, rate and subtotal', () => {
    expect(document.groups.map((group) => [group.title, group.lines.length, group.subtotal])).toEqual([
      ['Mobile L', 2, '33.32 EUR'],
      ['Fibre 1G', 1, '12.50 EUR'],
      ['Mobile M', 1, '-4.17 EUR'],
    ]);
    expect(document.groups[1]!.lines[0]).toEqual({ description: 'Fibre 1G: Launch promotion −50 %', period: '15 February 2027 – 28 February 2027', taxRate: '20 %', amount: '12.50 EUR' });
  });

  it('sums the taxable base of each rate from its lines, with the bill own tax, and the totals', () => {
    expect(document.taxSummary).toEqual([{ label: 'VAT 20 %', base: '41.65 EUR', tax: '8.34 EUR' }]);
    expect(document.totals).toEqual([
      { label: 'Total excluding tax', value: '41.65 EUR' },
      { label: 'Tax', value: '8.34 EUR' },
      { label: 'Total including tax', value: '49.99 EUR' },
      { label: 'Amount due', value: '49.99 EUR', strong: true },
    ]);
  });

  it('says how to pay: by transfer with the reference, or that the card on file is charged', () => {
    expect(document.payment).toEqual([
      'Please pay 49.99 EUR by 15 March 2027.',
      `Bank transfer to ${demoSeller.name}, IBAN ${demoSeller.bankAccount!.iban}, BIC ${demoSeller.bankAccount!.bic}.`,
      'Reference to quote with your payment: B-2027-000042.',
    ]);
    const card = billDocumentOf({ bill: marchBill, lines: marchLines, buyer: parisBuyer, seller: demoSeller, payment: { cardOnFile: 'pm_card_visa', collection: 'onDueDate' } });
    expect(card.payment[0]).toBe('49.99 EUR will be charged to your card on file (pm_card_visa) on 15 March 2027.');
  });

  it('shows credit brought from earlier bills and what was paid at issue, and what is left to pay', () => {
    const withCredit = { ...marchBill, amountDue: { unit: 'EUR', value: 39.99 }, remainingAmount: { unit: 'EUR', value: 0 }, state: 'settled' as const, appliedPayment: [{ appliedAmount: { unit: 'EUR', value: 39.99 }, payment: { id: 'pay-1', href: '/x', '@referredType': 'Payment' as const }, '@type': 'AppliedPayment' as const }] };
    const settled = billDocumentOf({ bill: withCredit, lines: marchLines, buyer: parisBuyer, seller: demoSeller, payment: transfer });
    expect(settled.totals.slice(3)).toEqual([
      { label: 'Credit from earlier bills', value: '-10.00 EUR' },
      { label: 'Already paid', value: '-39.99 EUR' },
      { label: 'Amount due', value: '0.00 EUR', strong: true },
    ]);
    expect(settled.payment).toEqual(['Nothing to pay: this invoice is paid.']);
  });

  it('refuses a bill not issued', () => {
    const { billNo: _number, ...draft } = marchBill;
    expect(() => billDocumentOf({ bill: draft, lines: marchLines, buyer: parisBuyer, seller: demoSeller, payment: transfer })).toThrow(/not issued/);
  });
});

describe('a credit note document', () => {
  it('lists what it credits under the products of the lines it credits, the tax reversed and where the money goes', () => {
    const creditNote = newCreditNote({
      id: 'cn-1',
      creditNoteNo: 'CN-2027-000007',
      date: '2027-03-05T09:00:00.000Z',
      reason: 'network outage 3–4 March',
      bill: marchBill,
      credits: planCredit({ bill: marchBill, lines: marchLines, credited: nothingCredited, request: { kind: 'lines', lines: [{ id: marchLines[0]!.id }] } }),
    });
    const document = creditNoteDocumentOf({ creditNote, creditedLines: marchLines, buyer: parisBuyer, seller: demoSeller });
    expect(document).toMatchObject({ kind: 'creditNote', title: 'Credit note', number: 'CN-2027-000007', notes: ['Reason: network outage 3–4 March'] });
    expect(document.facts).toContainEqual({ label: 'Credits invoice', value: 'B-2027-000042' });
    expect(document.groups).toEqual([{ title: 'Mobile L', lines: [expect.objectContaining({ period: '1 March 2027 – 31 March 2027', taxRate: '20 %', amount: '24.99 EUR' })], subtotal: '24.99 EUR' }]);
    expect(document.totals.at(-1)).toEqual({ label: 'Total credited', value: '29.99 EUR', strong: true });
    expect(document.payment).toEqual(['29.99 EUR is taken off what invoice B-2027-000042 still owed.']);
  });
});

describe('the seller', () => {
  it('is the configured legal entity, or the demo one, and a broken configuration is refused', () => {
    expect(sellerFrom(undefined)).toBe(demoSeller);
    expect(sellerFrom(JSON.stringify({ name: 'Acme Mobile Ltd', addressLines: ['1 High St', 'London'], vatNumber: 'GB123456789' }))).toMatchObject({ name: 'Acme Mobile Ltd' });
    expect(() => sellerFrom('{')).toThrow(/not JSON/);
    expect(() => sellerFrom(JSON.stringify({ name: 'Acme' }))).toThrow(/addressLines/);
  });
});
