import { describe, expect, it } from 'vitest';
import { accountReceivablesToTmf, ageBucketOf, currencyReceivablesToTmf, daysPastDue, receivablesOf, type OpenBillFact } from '../../../../domain/collections/receivables.js';

const due = '2027-02-15T00:00:00.000Z';
const at = (days: number, extraMs = 0) => new Date(Date.parse(due) + days * 86_400_000 + extraMs).toISOString();

const fact = (accountId: string, minor: bigint, paymentDueDate: string, currency = 'EUR'): OpenBillFact => ({
  billingAccount: { id: accountId, href: `/tmf-api/accountManagement/v4/billingAccount/${accountId}`, name: `Account ${accountId}` },
  customerId: `cust-${accountId}`,
  currency,
  remainingMinor: minor,
  paymentDueDate,
});

describe('ageing a bill past its due date', () => {
  it('counts whole days from the due date; a bill not yet due, or due exactly now, is current', () => {
    expect(daysPastDue(due, at(-3))).toBe(0);
    expect(daysPastDue(due, due)).toBe(0);
    expect(daysPastDue(due, at(0, 1))).toBe(0);
    expect(daysPastDue(due, at(1))).toBe(1);
    expect(daysPastDue(due, at(31, -1))).toBe(30);
    expect(ageBucketOf(due, at(-3))).toBe('current');
    expect(ageBucketOf(due, due)).toBe('current');
  });

  it('puts a late bill in 1-30 from its first millisecond late, then 31-60, 61-90 and over90 at the bucket edges', () => {
    const cases: [string, string][] = [
      [at(0, 1), '1-30'],
      [at(1), '1-30'],
      [at(30), '1-30'],
      [at(31, -1), '1-30'],
      [at(31), '31-60'],
      [at(60), '31-60'],
      [at(61), '61-90'],
      [at(90), '61-90'],
      [at(91), 'over90'],
      [at(400), 'over90'],
    ];
    for (const [asOf, bucket] of cases) expect([asOf, ageBucketOf(due, asOf)]).toEqual([asOf, bucket]);
  });

  it('reads instants with offsets as the same instants', () => {
    expect(ageBucketOf('2027-02-15T00:00:00+01:00', '2027-02-14T23:30:00Z')).toBe('1-30');
    expect(ageBucketOf('2027-02-15T00:00:00+01:00', '2027-02-14T22:30:00Z')).toBe('current');
  });
});

describe('receivables', () => {
  const asOf = at(45);
  const bills = [
    fact('a', 1000n, at(50)),
    fact('a', 2503n, at(0)),
    fact('a', 99n, at(-60)),
    fact('b', 9000n, at(44)),
    fact('c', 1200n, at(-100), 'USD'),
    fact('d', 9000n, at(30)),
  ];

  it('sums per account and per currency, in minor units, each bill in its bucket', () => {
    const { totals, accounts } = receivablesOf(bills, asOf);
    expect(totals).toEqual([
      { currency: 'EUR', openMinor: 21602n, buckets: { current: 1000n, '1-30': 18000n, '31-60': 2503n, '61-90': 0n, over90: 99n } },
      { currency: 'USD', openMinor: 1200n, buckets: { current: 0n, '1-30': 0n, '31-60': 0n, '61-90': 0n, over90: 1200n } },
    ]);
    const a = accounts.find((account) => account.billingAccount.id === 'a')!;
    expect(a).toMatchObject({ customerId: 'cust-a', currency: 'EUR', openMinor: 3602n, bills: 3, oldestDueDate: at(-60), buckets: { current: 1000n, '31-60': 2503n, over90: 99n } });
  });

  it('lists accounts per currency, the largest open amount first, equal amounts by account id', () => {
    expect(receivablesOf(bills, asOf).accounts.map((account) => [account.currency, account.billingAccount.id])).toEqual([
      ['EUR', 'b'],
      ['EUR', 'd'],
      ['EUR', 'a'],
      ['USD', 'c'],
    ]);
  });

  it('keeps only the currencies asked for', () => {
    const { totals, accounts } = receivablesOf(bills, asOf, ['USD']);
    expect(totals.map((total) => total.currency)).toEqual(['USD']);
    expect(accounts.map((account) => account.billingAccount.id)).toEqual(['c']);
    expect(receivablesOf(bills, asOf, ['GBP'])).toEqual({ totals: [], accounts: [] });
  });

  it('leaves out a bill that owes nothing', () => {
    expect(receivablesOf([fact('z', 0n, due)], asOf)).toEqual({ totals: [], accounts: [] });
  });

  it('serves amounts as TMF Money of their currency, exact to the minor unit', () => {
    const { totals, accounts } = receivablesOf([fact('a', 2503n, at(0)), fact('j', 1500n, at(0), 'JPY')], asOf);
    expect(currencyReceivablesToTmf(totals[0]!)).toEqual({
      currency: 'EUR',
      open: { unit: 'EUR', value: 25.03 },
      buckets: { current: { unit: 'EUR', value: 0 }, '1-30': { unit: 'EUR', value: 0 }, '31-60': { unit: 'EUR', value: 25.03 }, '61-90': { unit: 'EUR', value: 0 }, over90: { unit: 'EUR', value: 0 } },
    });
    expect(accountReceivablesToTmf(accounts[1]!)).toMatchObject({
      billingAccount: { id: 'j', href: '/tmf-api/accountManagement/v4/billingAccount/j', name: 'Account j' },
      customer: { id: 'cust-j' },
      currency: 'JPY',
      open: { unit: 'JPY', value: 1500 },
      oldestDueDate: at(0),
      bills: 1,
    });
  });
});
