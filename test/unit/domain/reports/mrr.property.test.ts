import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountAt, customerMovements, monthEnd, movementDifference, mrrFigures, normalizedSteps, sumMovements, type MrrMovement, type ProductMrr } from '../../../../domain/reports/mrr.js';

/**
 * docs/revenue-recognition.md, "MRR and ARR", invariants over random books: customers with
 * products in two currencies, each a random history of amounts (starts, plan changes, promotion
 * ends, terminations) over 2027. For every month and currency: starting MRR + new + expansion −
 * contraction − churned = the month's MRR, which is the sum of every product's amount at the
 * month's end; active customers and products are those worth something then. And the stored
 * totals do not depend on the order customers' changes are learned in, nor on repeats.
 */
const months = Array.from({ length: 12 }, (_, index) => `2027-${String(index + 1).padStart(2, '0')}`);
const yearStart = Date.parse('2027-01-01T00:00:00.000Z');
const yearLength = Date.parse('2028-01-01T00:00:00.000Z') - yearStart;

const productArbitrary = (customer: number, index: number) =>
  fc
    .record({
      currency: fc.constantFrom('EUR', 'USD'),
      steps: fc.array(fc.record({ offset: fc.integer({ min: 0, max: yearLength - 1 }), minor: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 50_000n })) }), { minLength: 1, maxLength: 6 }),
    })
    .map(({ currency, steps }): ProductMrr => ({ productId: `c${customer}-p${index}`, currency, steps: normalizedSteps(steps.map((step) => ({ from: yearStart + step.offset, minor: step.minor }))) }));

const bookArbitrary = fc.integer({ min: 1, max: 6 }).chain((customers) => fc.tuple(...Array.from({ length: customers }, (_, customer) => fc.integer({ min: 1, max: 3 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => productArbitrary(customer, index)))))));

describe('MRR movements, by property', () => {
  it('starting + new + expansion − contraction − churned = the MRR at the month end, every month, per currency', () => {
    fc.assert(
      fc.property(bookArbitrary, (book) => {
        const stored = sumMovements(book.flatMap((products) => customerMovements(products)));
        for (const month of months) {
          const end = monthEnd(month);
          for (const currency of ['EUR', 'USD']) {
            const figures = mrrFigures(month, stored).find((row) => row.currency === currency);
            const worth = book.map((products) => products.filter((product) => product.currency === currency).map((product) => amountAt(product.steps, end)));
            const expected = worth.flat().reduce((sum, amount) => sum + amount, 0n);
            if (!figures) {
              expect(expected).toBe(0n);
              continue;
            }
            expect(figures.startingMinor + figures.newMinor + figures.expansionMinor - figures.contractionMinor - figures.churnedMinor).toBe(figures.mrrMinor);
            expect(figures.mrrMinor).toBe(expected);
            expect(figures.arrMinor).toBe(12n * expected);
            expect(figures.activeCustomers).toBe(worth.filter((amounts) => amounts.some((amount) => amount > 0n)).length);
            expect(figures.activeProducts).toBe(worth.flat().filter((amount) => amount > 0n).length);
            for (const counter of [figures.newMinor, figures.expansionMinor, figures.contractionMinor, figures.churnedMinor]) expect(counter >= 0n).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("the stored totals are the same whatever order products are learned in, with repeats", () => {
    fc.assert(
      fc.property(
        bookArbitrary.chain((book) => {
          const learned = book.flatMap((products, customer) => products.map((_, index) => [customer, index] as const));
          return fc.tuple(fc.constant(book), fc.shuffledSubarray([...learned, ...learned], { minLength: 2 * learned.length }));
        }),
        ([book, order]) => {
          // Each customer's model as the consumer keeps it: the products known so far; every change adds its difference.
          const known = book.map(() => new Map<number, ProductMrr>());
          let totals: MrrMovement[] = [];
          for (const [customer, index] of order) {
            const before = customerMovements([...known[customer]!.values()]);
            known[customer]!.set(index, book[customer]![index]!);
            totals = sumMovements([...totals, ...movementDifference(before, customerMovements([...known[customer]!.values()]))]);
          }
          expect(totals).toEqual(sumMovements(book.flatMap((products) => customerMovements(products))));
        },
      ),
      { numRuns: 100 },
    );
  });
});
