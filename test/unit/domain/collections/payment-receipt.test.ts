import { describe, expect, it } from 'vitest';
import { paymentReceipt } from '../../../../domain/collections/payment-receipt.js';

const eur = (value: number) => ({ unit: 'EUR', value });

describe('payment receipt', () => {
  it('says in one paragraph what was received, when, what each bill got and what it still owes, and the credit kept', () => {
    expect(
      paymentReceipt({
        accountName: 'Ada - default',
        paymentDate: '2027-03-01T11:00:00.000Z',
        total: eur(60),
        bills: [
          { billNo: '2027-000001', applied: eur(29.03), remaining: eur(0) },
          { billNo: '2027-000002', applied: eur(25), remaining: eur(5.5) },
        ],
        unapplied: eur(5.97),
      }),
    ).toEqual({
      kind: 'paymentReceipt',
      subject: 'Payment received: 60.00 EUR',
      content: [
        'We received 60.00 EUR for your account Ada - default on 2027-03-01.',
        'Bill 2027-000001: 29.03 EUR paid, settled.',
        'Bill 2027-000002: 25.00 EUR paid, 5.50 EUR still due.',
        '5.97 EUR is kept as credit for your next bills.',
      ].join(' '),
    });
  });
});
