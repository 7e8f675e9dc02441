import type { Decimal } from '../money/decimal.js';
import { addMoney, type Money } from '../money/money.js';
import { componentsOf, type CatalogSnapshot } from '../pricing/catalog-snapshot.js';
import type { PriceTerms } from '../pricing/price-terms.js';
import type { QuoteItem, QuoteLine } from '../pricing/price-quote.js';
import { quoteCart } from '../pricing/quote-cart.js';
import type { UsageCharge } from '../pricing/usage-rating.js';
import { termCartItem, type ChargeTerm } from './charge-term.js';

/**
 * A term's prices as billing needs them, asked of the pricing engine (`quoteCart`, the one
 * place prices are computed) with the term's prices pinned, as of the term's start, for the
 * customer's current segment. Billing prorates, credits and taxes these amounts; it never
 * computes a charge model itself.
 */
export interface PricedLine {
  /** The productOfferingPrice that charges it. */
  priceId: string;
  name: string;
  /** The offering (a bundle component's own) the price belongs to. */
  offeringName: string;
  priceType: 'oneTime' | 'recurring' | 'usage';
  /** Recurring: the cycles one charge covers (a yearly price: 12). */
  periodMonths?: number;
  unitOfMeasure?: string;
  taxCategory: string;
  /** Percent. */
  taxRate: Decimal;
  /** Whether the amounts are written tax included (then they are taxed out of, not added to). */
  taxIncluded: boolean;
  /** The line after its discounts, as the price is written (tax included if `taxIncluded`). */
  net: Money;
  /** The discounts the quote applied, for the bill line's description. */
  discounts: { name: string; percentage?: Decimal; applicationDuration?: number }[];
  /** Usage lines: what was rated. */
  usage?: UsageCharge;
}

export interface TermPricingContext {
  currency: string;
  catalog: CatalogSnapshot;
  /** Tax rate per tax category at the customer's location, as of the bill date. */
  taxRates: ReadonlyMap<string, Decimal>;
  customerSegment?: string | undefined;
}

export interface TermPricer {
  /**
   * The term's lines for its `billingPeriod`-th period (from 1; promotions count against it),
   * with usage rated when given: one line per one-time, recurring and counted usage price.
   */
  lines(term: ChargeTerm, billingPeriod: number, usage?: readonly { quantity: number; units: string }[]): PricedLine[];
  /** The distinct promotion lengths (applicationDuration, in periods) among the term's discounts. */
  promotionLengths(term: ChargeTerm): number[];
  /** The units the usage prices of the term's offering (and its components) count in. */
  usageUnits(term: ChargeTerm): string[];
  /** A price of the catalog the pricer reads. */
  priceTerms(priceId: string): PriceTerms | undefined;
}

/**
 * Quotes are remembered: a bill asks for the same term's prices several times (each line, each
 * promotion split), and accounts on the same plan ask for the same ones. A term is priced as of
 * its start only through which of its offering's prices had started, or ended, by then (the
 * prices are pinned, so nothing else of the instant matters): terms sold while the same prices
 * were on sale share their quotes whatever their exact start.
 */
const rememberedQuotes = 20_000;

export function createTermPricer(context: TermPricingContext): TermPricer {
  const memo = new Map<string, PricedLine[]>();
  const byTerm = new WeakMap<ChargeTerm, Map<string, PricedLine[]>>();
  const listedPrices = new Map<string, { id: string; start: number; end: number }[]>();

  const pricesOfOffering = (offeringId: string) => {
    let listed = listedPrices.get(offeringId);
    if (!listed) {
      const ids = new Set<string>();
      const visit = (id: string, path: readonly string[]) => {
        const offering = context.catalog.offerings.get(id);
        if (!offering || path.includes(id)) return;
        for (const { id: priceId } of offering.productOfferingPrice ?? []) ids.add(priceId);
        for (const component of componentsOf(offering)) visit(component.id, [...path, id]);
      };
      visit(offeringId, []);
      listed = [...ids].sort().map((id) => {
        const validFor = context.catalog.prices.get(id)?.validFor;
        return {
          id,
          start: validFor?.startDateTime ? Date.parse(validFor.startDateTime) : Number.NEGATIVE_INFINITY,
          end: validFor?.endDateTime ? Date.parse(validFor.endDateTime) : Number.POSITIVE_INFINITY,
        };
      });
      listedPrices.set(offeringId, listed);
    }
    return listed;
  };

  /** What of the term's pricing its start decides: the prices started by then, and those ended. */
  const selectionAt = (term: ChargeTerm) => {
    const at = Date.parse(term.from);
    return pricesOfOffering(term.productOffering.id)
      .map((price) => (price.start > at ? '' : price.end <= at ? `${price.id}:ended` : price.id))
      .filter(Boolean)
      .join(',');
  };

  const lines = (term: ChargeTerm, billingPeriod: number, usage?: readonly { quantity: number; units: string }[]): PricedLine[] => {
    const ownKey = `${billingPeriod}|${usage ? JSON.stringify(usage) : ''}`;
    let own = byTerm.get(term);
    const mine = own?.get(ownKey);
    if (mine) return mine;
    const key = JSON.stringify([term.productOffering.id, term.quantity, term.characteristic, term.bundledItem ?? null, term.pinnedPrice, selectionAt(term), ownKey]);
    let priced = memo.get(key);
    if (!priced) {
      const quote = quoteCart(
        {
          currency: context.currency,
          at: term.from,
          ...(context.customerSegment ? { customerSegment: context.customerSegment } : {}),
          items: [termCartItem(term, '1', billingPeriod, usage)],
        },
        context.catalog,
        context.taxRates,
      );
      priced = flatten(quote.items[0]!).map(({ line, offeringName }) => pricedLine(line, offeringName, context));
      if (memo.size >= rememberedQuotes) memo.clear();
      memo.set(key, priced);
    }
    if (!own) {
      own = new Map();
      byTerm.set(term, own);
    }
    own.set(ownKey, priced);
    return priced;
  };
  return {
    lines,
    promotionLengths(term) {
      const lengths = new Set<number>();
      for (const line of lines(term, 1)) {
        for (const discount of line.discounts) if (discount.applicationDuration !== undefined) lengths.add(discount.applicationDuration);
      }
      return [...lengths].sort((a, b) => a - b);
    },
    usageUnits(term) {
      return [...new Set(termUsagePrices(context.catalog, term).flatMap((price) => (price.unitOfMeasure ? [price.unitOfMeasure.units] : [])))].sort();
    },
    priceTerms: (priceId) => context.catalog.prices.get(priceId),
  };
}

function flatten(item: QuoteItem): { line: QuoteLine; offeringName: string }[] {
  return [...item.lines.map((line) => ({ line, offeringName: item.productOffering.name })), ...item.components.flatMap(flatten)];
}

function pricedLine(line: QuoteLine, offeringName: string, context: TermPricingContext): PricedLine {
  const taxIncluded = context.catalog.prices.get(line.productOfferingPrice.id)?.taxIncluded ?? false;
  const asWritten = (amount: QuoteLine['amount']) => (taxIncluded ? amount.taxIncluded : amount.dutyFree);
  const net = line.alterations.reduce((sum, alteration) => addMoney(sum, asWritten(alteration.amount)), asWritten(line.amount));
  return {
    priceId: line.productOfferingPrice.id,
    name: line.name,
    offeringName,
    priceType: line.priceType,
    ...(line.recurringChargePeriod
      ? { periodMonths: line.recurringChargePeriod.length * (line.recurringChargePeriod.type === 'year' ? 12 : 1) }
      : {}),
    ...(line.unitOfMeasure ? { unitOfMeasure: line.unitOfMeasure } : {}),
    taxCategory: line.taxCategory,
    taxRate: line.amount.rate,
    taxIncluded,
    net,
    discounts: line.alterations.map((alteration) => ({
      name: alteration.name,
      ...(alteration.percentage !== undefined ? { percentage: alteration.percentage } : {}),
      ...(alteration.applicationDuration !== undefined ? { applicationDuration: alteration.applicationDuration } : {}),
    })),
    ...(line.usage ? { usage: line.usage } : {}),
  };
}

/** The usage prices listed on a term's offering and its components (every version: guiding checks units, rating chooses the version). */
export function termUsagePrices(catalog: CatalogSnapshot, term: Pick<ChargeTerm, 'productOffering'>): (PriceTerms & { id: string; name: string })[] {
  const found = new Map<string, PriceTerms & { id: string; name: string }>();
  const visit = (offeringId: string, path: readonly string[]) => {
    const offering = catalog.offerings.get(offeringId);
    if (!offering || path.includes(offeringId)) return;
    for (const { id } of offering.productOfferingPrice ?? []) {
      const price = catalog.prices.get(id);
      if (price?.priceType === 'usage') found.set(id, price);
    }
    for (const component of componentsOf(offering)) visit(component.id, [...path, offeringId]);
  };
  visit(term.productOffering.id, []);
  return [...found.values()];
}
