import { describe, expect, it } from 'vitest';
import { createTermPricer } from '../../../../domain/billing/term-pricing.js';
import { amountAt, customerMovements, emptyMovement, monthEnd, movementDifference, mrrFigures, productMrrSteps, sumMovements, type MrrMovement, type ProductMrr } from '../../../../domain/reports/mrr.js';
import { catalog, term } from '../billing/billing-fixtures.js';
import { frenchVat } from '../pricing/pricing-fixtures.js';

/**
 * docs/revenue-recognition.md, "MRR and ARR", worked examples: the billing tests' French catalog
 * (prices include 20 % VAT), an account in Paris. Mobile M 20.00 a month sold in the launch
 * promotion (−50 % for 3 months), Mobile L 30.00, Home Broadband 300.00 a year.
 */
const pricer = createTermPricer({ currency: 'EUR', catalog, taxRates: frenchVat });
const paris = 'Europe/Paris';
const at = (iso: string) => Date.parse(iso);
const steps = (...pairs: [string, number][]) => pairs.map(([from, cents]) => ({ from: at(from), minor: BigInt(cents) }));

/** 16 January 2027, 10:00 in Paris. */
const jan16 = '2027-01-16T09:00:00.000Z';

describe("a product's monthly recurring amount", () => {
  it('is its recurring prices tax excluded, after the promotion while it runs, then the full price', () => {
    // 10.00 in the promotion → 8.33 tax excluded; 20.00 → 16.67 from 16 April 10:00 Paris (summer time: 08:00Z).
    expect(productMrrSteps({ terms: [term('mobile-m', jan16, ['m-monthly', 'm-promo'])] }, pricer, paris)).toEqual(steps([jan16, 833], ['2027-04-16T08:00:00.000Z', 1667]));
  });

  it('is a yearly price over 12, rounded half-even once: 300.00 a year → 250.00 tax excluded → 20.83', () => {
    expect(productMrrSteps({ terms: [term('broadband-yearly', jan16, ['bb-yearly'])] }, pricer, paris)).toEqual(steps([jan16, 2083]));
  });

  it('follows plan changes and drops to zero at the termination; a promotion ending after its term changes nothing', () => {
    const terms = [
      term('mobile-m', jan16, ['m-monthly', 'm-promo'], { to: '2027-03-10T09:00:00.000Z', endedBy: 'planChange' }),
      term('mobile-l', '2027-03-10T09:00:00.000Z', ['l-monthly'], { to: '2027-05-05T09:00:00.000Z', endedBy: 'planChange' }),
      term('mobile-m', '2027-05-05T09:00:00.000Z', ['m-monthly'], { to: '2027-06-20T09:00:00.000Z', endedBy: 'termination' }),
    ];
    expect(productMrrSteps({ terms }, pricer, paris)).toEqual(
      steps([jan16, 833], ['2027-03-10T09:00:00.000Z', 2500], ['2027-05-05T09:00:00.000Z', 1667], ['2027-06-20T09:00:00.000Z', 0]),
    );
  });

  it('is nothing for a product without terms', () => {
    expect(productMrrSteps({ terms: [] }, pricer, paris)).toEqual([]);
  });
});

describe('a month end', () => {
  it('is the last millisecond of the month in UTC: a termination at 1 April 00:00Z still counts in March', () => {
    expect(new Date(monthEnd('2027-03')).toISOString()).toBe('2027-03-31T23:59:59.999Z');
    const product = steps(['2027-03-01T00:00:00.000Z', 2500], ['2027-04-01T00:00:00.000Z', 0]);
    expect(amountAt(product, monthEnd('2027-03'))).toBe(2500n);
    expect(amountAt(product, monthEnd('2027-04'))).toBe(0n);
  });
});

const movement = (month: string, counters: Partial<Omit<MrrMovement, 'month' | 'currency'>>, currency = 'EUR'): MrrMovement => ({ ...emptyMovement(month, currency), ...counters });

describe("a customer's movements", () => {
  /** Mobile M in the promotion from 16 January, Mobile L from 10 March, Mobile M without promotion from 5 May, terminated 20 June. */
  const upgradeDowngradeLeave: ProductMrr = {
    productId: 'p-1',
    currency: 'EUR',
    steps: steps([jan16, 833], ['2027-03-10T09:00:00.000Z', 2500], ['2027-05-05T09:00:00.000Z', 1667], ['2027-06-20T09:00:00.000Z', 0]),
  };

  it('are new, expansion, contraction and churned in the months they happen', () => {
    expect(customerMovements([upgradeDowngradeLeave])).toEqual([
      movement('2027-01', { newMinor: 833n, customersGained: 1, productsGained: 1 }),
      movement('2027-03', { expansionMinor: 1667n }),
      movement('2027-05', { contractionMinor: 833n }),
      movement('2027-06', { churnedMinor: 1667n, customersLost: 1, productsLost: 1 }),
    ]);
  });

  it('leave out what starts and ends inside one month, and count a second product as expansion', () => {
    const second: ProductMrr = { productId: 'p-2', currency: 'EUR', steps: steps(['2027-02-03T00:00:00.000Z', 2083]) };
    const inAndOut: ProductMrr = { productId: 'p-3', currency: 'EUR', steps: steps(['2027-02-04T00:00:00.000Z', 2500], ['2027-02-20T00:00:00.000Z', 0]) };
    expect(customerMovements([upgradeDowngradeLeave, second, inAndOut]).filter((moved) => moved.month === '2027-02')).toEqual([movement('2027-02', { expansionMinor: 2083n, productsGained: 1 })]);
  });

  it('are kept apart per currency', () => {
    const dollars: ProductMrr = { productId: 'p-4', currency: 'USD', steps: steps(['2027-01-20T00:00:00.000Z', 1000]) };
    expect(customerMovements([upgradeDowngradeLeave, dollars]).filter((moved) => moved.month === '2027-01')).toEqual([
      movement('2027-01', { newMinor: 833n, customersGained: 1, productsGained: 1 }),
      movement('2027-01', { newMinor: 1000n, customersGained: 1, productsGained: 1 }, 'USD'),
    ]);
  });

  it('change by their difference when a product is learned of later', () => {
    const before = customerMovements([{ ...upgradeDowngradeLeave, steps: upgradeDowngradeLeave.steps.slice(0, 2) }]);
    const after = customerMovements([upgradeDowngradeLeave]);
    expect(movementDifference(before, after)).toEqual([movement('2027-05', { contractionMinor: 833n }), movement('2027-06', { churnedMinor: 1667n, customersLost: 1, productsLost: 1 })]);
  });
});

describe("a month's MRR report", () => {
  const ada: ProductMrr = { productId: 'p-1', currency: 'EUR', steps: steps([jan16, 833], ['2027-03-10T09:00:00.000Z', 2500], ['2027-06-20T09:00:00.000Z', 0]) };
  const bob: ProductMrr = { productId: 'p-2', currency: 'EUR', steps: steps(['2027-02-01T10:00:00.000Z', 2083]) };
  const stored = sumMovements([...customerMovements([ada]), ...customerMovements([bob])]);

  it('adds up every earlier movement for the starting MRR; ARR is 12 × MRR; ARPU is MRR over active customers, half-even', () => {
    expect(mrrFigures('2027-03', stored)).toEqual([
      {
        month: '2027-03',
        currency: 'EUR',
        startingMinor: 833n + 2083n,
        newMinor: 0n,
        expansionMinor: 1667n,
        contractionMinor: 0n,
        churnedMinor: 0n,
        mrrMinor: 4583n,
        arrMinor: 54_996n,
        activeCustomers: 2,
        activeProducts: 2,
        // 45.83 / 2 = 22.915 → 22.92 (half-even: the 1 before the 5 is odd).
        arpuMinor: 2292n,
      },
    ]);
  });

  it('gives a churned month and leaves out months before anything moved', () => {
    expect(mrrFigures('2027-06', stored)[0]).toMatchObject({ startingMinor: 4583n, churnedMinor: 2500n, mrrMinor: 2083n, activeCustomers: 1, activeProducts: 1, arpuMinor: 2083n });
    expect(mrrFigures('2026-12', stored)).toEqual([]);
  });
});
