import { describe, expect, it } from 'vitest';
import { measureBillComputation } from '../../../bench/bill-computation.js';
import { measureBundledBillComputation } from '../../../bench/bundled-bill-computation.js';
import { itemOfUpdate, scheduleItem } from '../../../bench/bench-items.js';
import { describeAccounts, generateAccounts } from '../../../bench/billing-accounts.js';
import { demoCatalogSnapshot, frenchTaxRates, soldTerm } from '../../../bench/demo-plans.js';
import { evaluateCollectionTarget, evaluateModuleInitTarget, evaluateTargets } from '../../../bench/targets.js';
import { boundaryAtOrAfter, boundaryPlus, toInstant } from '../../../domain/billing/billing-calendar.js';
import { scheduleArming } from '../../../functions/lib/store/billing-schedule-store.js';
import { passingSoak } from './soak-figures-fixture.js';
import { passingWeb } from './web-figures-fixture.js';

const paris = { cycleDay: 1, timeZone: 'Europe/Paris' };
const billDate = boundaryAtOrAfter(paris, toInstant('2027-02-01T00:00:00+01:00'));

describe('the billing benchmarks’ workload (bench)', () => {
  it('sells the demo plans as order capture pins them: the launch promotion only inside its window, the student discount for students', async () => {
    const catalog = demoCatalogSnapshot();
    const rates = await frenchTaxRates(catalog, '2026-12-01T00:00:00Z');
    const ids = (term: { pinnedPrice: { id: string }[] }) => term.pinnedPrice.map((price) => price.id);
    expect(ids(soldTerm(catalog, rates, 'Mobile M', '2026-11-10T10:00:00Z'))).toEqual(['demo-price-mobile-activation', 'demo-price-mobile-m-launch-promotion', 'demo-price-mobile-m-monthly']);
    expect(ids(soldTerm(catalog, rates, 'Mobile M', '2026-06-10T10:00:00Z', { customerSegment: 'student' }))).toEqual([
      'demo-price-mobile-activation',
      'demo-price-mobile-m-monthly',
      'demo-price-student-discount',
    ]);
    const ported = soldTerm(catalog, rates, 'Mobile S', '2026-06-10T10:00:00Z', { phoneNumber: '+33612345678' });
    expect(ported.characteristic).toEqual([
      { name: 'phoneNumber', value: '+33612345678' },
      { name: 'dataAllowance', value: 5 },
      { name: 'speed', value: '4G' },
      { name: 'roaming', value: 'EU' },
    ]);
  });

  it('generates the same accounts for the same seed, two products each, sold before the bill and used inside its period', async () => {
    const catalog = demoCatalogSnapshot();
    const taxRates = await frenchTaxRates(catalog, '2027-02-01T00:00:00Z');
    const generate = () => generateAccounts({ count: 400, catalog, taxRates, cycle: paris, billDate, onSaleSince: '2026-01-01T00:00:00Z', idOf: (kind, index) => `${kind}-${index}` });
    const accounts = generate();
    expect(generate()).toEqual(accounts);

    const previous = boundaryPlus(paris, billDate, -1);
    for (const account of accounts) {
      expect(account.products).toHaveLength(2);
      expect(account.previousBillAt === undefined).toBe(account.kind === 'newAccounts');
      for (const product of account.products) {
        const sold = toInstant(product.terms[0]!.from);
        expect(sold).toBeLessThan(billDate);
        expect(sold).toBeGreaterThanOrEqual(account.kind === 'newAccounts' ? previous : toInstant('2026-01-01T00:00:00Z'));
      }
      for (const record of account.usage) {
        expect(toInstant(record.usageDate)).toBeGreaterThanOrEqual(previous);
        expect(toInstant(record.usageDate)).toBeLessThan(billDate);
      }
    }
    const mix = describeAccounts(accounts, catalog);
    expect(mix.newAccounts + mix.planChanges + mix.terminations).toBeGreaterThan(20);
    expect(mix.accountsWithUsage / mix.accounts).toBeGreaterThan(0.4);
    expect(mix.accountsWithUsage / mix.accounts).toBeLessThan(0.6);
    expect(mix.productsWithPromotion).toBeGreaterThan(0);
  });

  it('bills a small population in-process and every timed run reproduces the reference bills', async () => {
    const lines: string[] = [];
    const figures = await measureBillComputation({ accounts: 60, runs: 2, onProgress: (line) => lines.push(line) });
    expect(figures.runsBillsPerSecond).toHaveLength(2);
    expect(figures.billsPerSecond).toBeGreaterThan(0);
    expect(figures.workload.accounts).toBe(60);
    expect(figures.workload.billsWithoutLines).toBe(0);
    // The first pass, each timed run, the pricer-per-bill figure.
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^ {2}first pass .*: [\d,]+ bills\/s$/);
    expect(figures.firstPassBillsPerSecond).toBeGreaterThan(0);
  });

  it('measures the same way bundled, in a process of its own, passing its progress on', async () => {
    const lines: string[] = [];
    const figures = await measureBundledBillComputation({ accounts: 20, runs: 1, onProgress: (line) => lines.push(line) });
    expect(figures.workload.accounts).toBe(20);
    expect(figures.runsBillsPerSecond).toHaveLength(1);
    expect(lines).toHaveLength(3);
  }, 60_000);
});

describe('seeded table items (bench)', () => {
  it('reads a schedule arming update into the item it leaves on a new key, gsi3 due keys included', () => {
    const arming = scheduleArming({ billingAccountId: 'ba-1', customerId: 'c-1', cycleDay: 1, timeZone: 'Europe/Paris', firstBillAt: '2026-11-30T23:00:00.000Z' });
    expect(itemOfUpdate(arming.Update)).toEqual({
      pk: 'BILLING_ACCOUNT#ba-1',
      sk: 'BILL_SCHEDULE',
      entityType: 'BillingSchedule',
      billingAccountId: 'ba-1',
      customerId: 'c-1',
      cycleDay: 1,
      timeZone: 'Europe/Paris',
      creditCarriedMinor: '0',
      nextBillAt: '2026-11-30T23:00:00.000Z',
      gsi3pk: expect.stringMatching(/^BILL_DUE#\d+$/),
      gsi3sk: '2026-11-30T23:00:00.000Z#ba-1',
      version: 1,
    });
    const context = { table: 'bss-test', catalog: demoCatalogSnapshot(), timeZone: 'Europe/Paris' };
    const floor = scheduleItem(context, { id: 'ba-2', customerId: 'c-2', previousBillAt: '2026-10-31T23:00:00.000Z' }, '2026-11-30T23:00:00.000Z', { dueIndex: false });
    expect(floor).toMatchObject({ lastBillAt: '2026-10-31T23:00:00.000Z', nextBillAt: '2026-11-30T23:00:00.000Z' });
    expect(floor).not.toHaveProperty('gsi3pk');
  });

  it('refuses an update that is not a plain SET list', () => {
    expect(() =>
      itemOfUpdate({ Key: { pk: 'a', sk: 'b' }, UpdateExpression: 'SET #a = :a ADD #b :b', ExpressionAttributeNames: { '#a': 'a', '#b': 'b' }, ExpressionAttributeValues: { ':a': 1, ':b': 2 } }),
    ).toThrow(/not a plain SET list/);
  });
});

describe('throughput targets (bench)', () => {
  it('judges the throughput goals as floors', () => {
    const throughput = { billsPerSecond: 19_999, usageIngestionRatio: 0.5, billingRunRatio: 0.34, billingRunBilledEveryAccount: true, collectionRatio: 0.5, collectionSettledEveryBill: true };
    const targets = evaluateTargets([{ function: 'f', bytes: 1 }], [{ function: 'f', medianMs: 1, externalsFloorMs: 1 }], 1, 1, throughput, passingSoak(), passingWeb());
    expect(targets.billComputation).toMatchObject({ pass: false, atLeast: true, worst: 19_999 });
    expect(targets.usageIngestionRatio.pass).toBe(true);
    expect(targets.billingRunRatio.pass).toBe(true);
    expect(targets.collectionRatio).toMatchObject({ pass: true, atLeast: true, worst: 0.5 });
    expect(targets.allPass).toBe(false);
    // A run that left accounts unbilled misses its target however fast it was.
    expect(evaluateTargets([{ function: 'f', bytes: 1 }], [{ function: 'f', medianMs: 1, externalsFloorMs: 1 }], 1, 1, { ...throughput, billingRunBilledEveryAccount: false }, passingSoak(), passingWeb()).billingRunRatio.pass).toBe(false);
    // So does a collection that left bills open, and one slower than a third of its floor.
    expect(evaluateCollectionTarget(0.9, false).pass).toBe(false);
    expect(evaluateCollectionTarget(0.33, true).pass).toBe(false);
  });
});

describe('module init target (bench)', () => {
  it('judges each function by its init over its own SDK floor, and one without externals by the lowest floor of the run', () => {
    const target = evaluateModuleInitTarget([
      { function: 'within', medianMs: 115, externalsFloorMs: 100 },
      { function: 'over', medianMs: 150, externalsFloorMs: 120 },
      { function: 'no-sdk-fast', medianMs: 2, externalsFloorMs: 0 },
      { function: 'no-sdk-slow', medianMs: 130, externalsFloorMs: 0 },
    ]);
    expect(target).toMatchObject({ pass: false, limit: 1.15, unit: '×', worst: 1.3 });
    expect(target.failing).toEqual([
      { function: 'no-sdk-slow', value: 1.3 },
      { function: 'over', value: 1.25 },
    ]);
  });
});
