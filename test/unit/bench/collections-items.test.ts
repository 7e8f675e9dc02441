import { describe, expect, it } from 'vitest';
import { dunningDigest, issuedBillItems, openBillSeeds, pool } from '../../../bench/collections-items.js';
import type { Dunning } from '../../../domain/collections/dunning.js';

let next = 0;
const idOf = () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;
const dates = { billDate: '2027-03-01T00:00:00.000Z', paymentDueDate: '2027-03-15T00:00:00.000Z' };

describe('collections bench population', () => {
  it('gives the same amounts for the same seed, each bill its own id and number', () => {
    const a = openBillSeeds({ count: 50, seed: 7, ...dates, idOf, numberPrefix: 'B' });
    const b = openBillSeeds({ count: 50, seed: 7, ...dates, idOf, numberPrefix: 'B' });
    expect(a.map((seed) => seed.amountMinor)).toEqual(b.map((seed) => seed.amountMinor));
    expect(new Set(a.map((seed) => seed.billId)).size).toBe(50);
    expect(new Set(a.map((seed) => seed.billNo)).size).toBe(50);
    expect(a.every((seed) => seed.amountMinor >= 500n && seed.amountMinor < 8_000n)).toBe(true);
  });

  it('writes a live bill as issuing leaves it: issued, owing all, in the open-bills index of its shard', () => {
    const [seed] = openBillSeeds({ count: 1, seed: 1, ...dates, idOf, numberPrefix: 'B' });
    const { bill, ledgerEntry } = issuedBillItems(seed!, '2027-03-01T00:01:00.000Z');
    const resource = bill.resource as { state: string; billNo: string; remainingAmount: unknown; amountDue: unknown; testClock?: unknown };
    expect(resource).toMatchObject({ state: 'validated', billNo: seed!.billNo });
    expect(resource.remainingAmount).toEqual(resource.amountDue);
    expect(resource.testClock).toBeUndefined();
    expect(bill).toMatchObject({ version: 2, gsi2pk: `CUSTOMER#${seed!.customerId}`, gsi3sk: `${dates.paymentDueDate}#${seed!.billId}` });
    expect(bill.gsi3pk).toMatch(/^OPEN_BILL#\d+$/);
    expect(bill.collectionAttempt).toBeUndefined();
    expect(ledgerEntry).toMatchObject({ pk: `BILLING_ACCOUNT#${seed!.accountId}`, entityType: 'LedgerEntry', resource: { kind: 'bill', id: `bill-${seed!.billId}` } });
  });

  it('puts a test clock bill in its clock partition, its declined collection at issue marked', () => {
    const [seed] = openBillSeeds({ count: 1, seed: 1, ...dates, idOf, numberPrefix: 'B', testClockId: 'clock-1' });
    const { bill } = issuedBillItems(seed!, '2027-03-01T00:01:00.000Z', { declinedAttempts: 1 });
    expect(bill).toMatchObject({ gsi3pk: 'CLOCK_OPEN_BILL#clock-1', collectionAttempt: 1, declinedAttempt: 1, resource: { testClock: { id: 'clock-1' } } });
  });
});

describe('dunning digest', () => {
  const since = '2027-03-15T00:00:00.000Z';
  const dunning = (accountId: string, change: Partial<Dunning> = {}): Dunning => ({
    billingAccountId: accountId,
    customerId: `customer-${accountId}`,
    since,
    status: 'active',
    stepsDone: 1,
    nextStepAt: '2027-03-18T00:00:00.000Z',
    suspended: false,
    history: [{ day: 1, actions: ['retryPayment', 'reminder'], at: '2027-03-16T01:00:00.000Z' }],
    ...change,
  });
  const expected = new Map([
    ['a', since],
    ['b', since],
    ['c', since],
  ]);

  it('counts every account with day 1 alone done', () => {
    const digest = dunningDigest(['a', 'b', 'c'], new Map(['a', 'b', 'c'].map((id) => [id, dunning(id)])), expected);
    expect(digest).toEqual({ accounts: 3, active: 3, dayOneDone: 3, problems: [] });
  });

  it('names a missing dunning, one resolved, one from another date and one with no step or two', () => {
    const stored = new Map([
      ['a', dunning('a', { status: 'resolved' })],
      ['b', dunning('b', { stepsDone: 0, history: [] })],
    ]);
    const digest = dunningDigest(['a', 'b', 'c'], stored, expected);
    expect(digest.active).toBe(1);
    expect(digest.dayOneDone).toBe(1);
    expect(digest.problems).toEqual(['account a: dunning resolved', 'account b: 0 steps done (none), not day 1 alone', 'account c: no dunning']);
    const twoSteps = dunningDigest(['a'], new Map([['a', dunning('a', { since: '2027-03-14T00:00:00.000Z', stepsDone: 2, history: [...dunning('a').history, { day: 3, actions: ['retryPayment'], at: since }] })]]), expected);
    expect(twoSteps.problems).toHaveLength(2);
    expect(twoSteps.dayOneDone).toBe(0);
  });

  it('keeps the first five problems and counts the rest', () => {
    const ids = Array.from({ length: 8 }, (_, index) => `x${index}`);
    const digest = dunningDigest(ids, new Map(), new Map());
    expect(digest.problems).toHaveLength(6);
    expect(digest.problems.at(-1)).toBe('… 3 more');
  });
});

describe('pool', () => {
  it('does every item with at most the given concurrency', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await pool([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      done.push(item);
      running -= 1;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });
});
