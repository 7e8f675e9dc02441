import type { Decimal } from '../money/decimal.js';
import { addMoney, type Money } from '../money/money.js';
import { componentsOf, type CatalogSnapshot } from '../pricing/catalog-snapshot.js';
import type { PriceTerms } from '../pricing/price-terms.js';
import type { QuoteItem, QuoteLine } from '../pricing/price-quote.js';
import { prepareItemQuote, type PreparedItemQuote } from '../pricing/quote-cart.js';
import { countsUsageIn, type UsageCharge } from '../pricing/usage-rating.js';
import type { UsageToQuote } from '../pricing/cart.js';
import { termCartItem, type ChargeTerm } from './charge-term.js';
import { toInstant } from './billing-calendar.js';

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
  discounts: readonly { name: string; percentage?: Decimal; applicationDuration?: number }[];
  /** Usage lines: what was rated. */
  usage?: UsageCharge;
  /** Usage lines of prices with `rating`: the records each rated, their zones, and how each call was charged. */
  ratedUsage?: QuoteLine['ratedUsage'];
}

/** A term's usage rated: one line per usage price that counts some of it, and the records no price applies to. */
export interface RatedUsageLines {
  lines: PricedLine[];
  /** Positions in the usage given, with the reason. */
  unrated: readonly { index: number; reason: string }[];
}

export interface TermPricingContext {
  currency: string;
  catalog: CatalogSnapshot;
  /** Tax rate per tax category at the customer's location, as of the bill date. */
  taxRates: ReadonlyMap<string, Decimal>;
  customerSegment?: string | undefined;
  /** The account's time zone: time bands are read on its clock. */
  timeZone?: string | undefined;
}

export interface TermPricer {
  /**
   * The term's lines for its `billingPeriod`-th period (from 1; promotions count against it):
   * one line per one-time and recurring price.
   */
  lines(term: ChargeTerm, billingPeriod: number): PricedLine[];
  /** The term's usage lines for its `billingPeriod`-th period with this usage: one per usage price that counts some of it. */
  usageLines(term: ChargeTerm, billingPeriod: number, usage: readonly UsageToQuote[]): RatedUsageLines;
  /** Whether some usage price of the term that counts `units` rates records one by one (`rating`: by zone, or per call), so that usage must come record by record. */
  ratesRecords(term: ChargeTerm, units: string): boolean;
  /** The distinct promotion lengths (applicationDuration, in periods) among the term's discounts. */
  promotionLengths(term: ChargeTerm): number[];
  /** The units the usage prices of the term's offering (and its components) count in. */
  usageUnits(term: ChargeTerm): string[];
  /** A price of the catalog the pricer reads. */
  priceTerms(priceId: string): PriceTerms | undefined;
}

/**
 * Quotes are remembered: a bill asks for the same term's prices several times (each line, each
 * promotion split), and accounts on the same plan ask for the same ones. Terms share their
 * quotes when the pricing engine could not tell them apart: same offering, quantity, components
 * and pinned prices, the same values of the characteristics some of the offering's prices are
 * for (a phone number is for none), and the same prices on sale at their start (the prices are
 * pinned, so nothing else of the instant matters). Usage is rated against a term's prepared
 * quote (its prices selected once); its lines are kept only for a period without usage (the
 * minimum every term's period asks for, the same on every account of a plan): measured totals
 * differ from account to account, and keeping them only fed the garbage collector.
 */
const rememberedTerms = 20_000;
const rememberedUsagePerTerm = 64;
/** Shared by every rating without unrated usage (the usual case): read only. */
const noUnratedUsage: RatedUsageLines['unrated'] = [];

interface TermQuotes {
  prepared: PreparedItemQuote;
  byPeriod: Map<number, PricedLine[]>;
  byUsage: Map<string, RatedUsageLines>;
  promotionLengths?: number[];
  usageUnits?: string[];
}

interface OfferingFacts {
  /** The offering's id, JSON-quoted for keys. */
  idJson: string;
  /**
   * Every instant a price of the offering or its components goes on sale or ends, in order: which
   * prices are on sale (and which have ended) at an instant depends only on how many of these
   * are at or before it.
   */
  saleChanges: number[];
  /** The characteristics some of those prices are for. */
  characteristicNames: ReadonlySet<string>;
  usagePrices: (PriceTerms & { id: string; name: string })[];
}

export function createTermPricer(context: TermPricingContext): TermPricer {
  const quotesByKey = new Map<string, TermQuotes>();
  const quotesOfTerm = new WeakMap<ChargeTerm, TermQuotes>();
  const offerings = new Map<string, OfferingFacts>();

  const factsOf = (offeringId: string): OfferingFacts => {
    let facts = offerings.get(offeringId);
    if (!facts) {
      const prices = offeringPrices(context.catalog, offeringId);
      const changes = prices.flatMap((price) => [price.validFor?.startDateTime, price.validFor?.endDateTime].flatMap((text) => (text ? [Date.parse(text)] : [])));
      facts = {
        idJson: JSON.stringify(offeringId),
        saleChanges: [...new Set(changes)].sort((a, b) => a - b),
        characteristicNames: new Set(prices.flatMap((price) => (price.prodSpecCharValueUse ?? []).map((use) => use.name))),
        usagePrices: prices.filter((price) => price.priceType === 'usage'),
      };
      offerings.set(offeringId, facts);
    }
    return facts;
  };

  /** What the pricing engine sees of a term: everything but what no price of it depends on. */
  const keyOf = (term: ChargeTerm): string => {
    const facts = factsOf(term.productOffering.id);
    const at = toInstant(term.from);
    // Built by hand, not with JSON.stringify: every term of a billing page is keyed once. Ids and names are JSON-quoted so no separator can be forged.
    let changesSoFar = 0;
    while (changesSoFar < facts.saleChanges.length && facts.saleChanges[changesSoFar]! <= at) changesSoFar += 1;
    let key = `${facts.idJson}|${term.quantity}|${changesSoFar}|`;
    for (const { id } of term.pinnedPrice) key += `${JSON.stringify(id)},`;
    if (facts.characteristicNames.size > 0) key += `|${JSON.stringify(term.characteristic.filter((chosen) => facts.characteristicNames.has(chosen.name)))}`;
    if (term.bundledItem) key += `|${JSON.stringify(term.bundledItem)}`;
    // Without pinned prices the quote sells the offering again, which depends on the instant itself.
    if (term.pinnedPrice.length === 0) key += `|${term.from}`;
    return key;
  };

  // A bill asks for one term's quotes several times in a row: the last answer is checked before the WeakMap, whose lookups cost more.
  let lastTerm: ChargeTerm | undefined;
  let lastQuotes: TermQuotes | undefined;
  const quotesOf = (term: ChargeTerm): TermQuotes => {
    if (term === lastTerm) return lastQuotes!;
    let quotes = quotesOfTerm.get(term);
    if (!quotes) quotes = newQuotesOf(term);
    lastTerm = term;
    lastQuotes = quotes;
    return quotes;
  };

  const newQuotesOf = (term: ChargeTerm): TermQuotes => {
    const key = keyOf(term);
    let quotes = quotesByKey.get(key);
    if (!quotes) {
      const item = termCartItem(term, '1', 1);
      quotes = {
        prepared: prepareItemQuote(
          {
            currency: context.currency,
            at: term.from,
            ...(context.customerSegment ? { customerSegment: context.customerSegment } : {}),
            ...(context.timeZone ? { timeZone: context.timeZone } : {}),
          },
          { id: item.id, productOffering: item.productOffering, quantity: item.quantity, characteristic: item.characteristic, bundledItem: item.bundledItem, pinnedPrice: item.pinnedPrice },
          context.catalog,
          context.taxRates,
        ),
        byPeriod: new Map(),
        byUsage: new Map(),
      };
      if (quotesByKey.size >= rememberedTerms) quotesByKey.clear();
      quotesByKey.set(key, quotes);
    }
    quotesOfTerm.set(term, quotes);
    return quotes;
  };

  const lines = (term: ChargeTerm, billingPeriod: number): PricedLine[] => {
    const quotes = quotesOf(term);
    let known = quotes.byPeriod.get(billingPeriod);
    if (!known) {
      known = flatten(quotes.prepared.quote({ billingPeriod })).map(({ line, offeringName }) => pricedLine(line, offeringName, context));
      quotes.byPeriod.set(billingPeriod, known);
    }
    return known;
  };

  return {
    lines,
    usageLines(term, billingPeriod, usage) {
      const quotes = quotesOf(term);
      const rate = (): RatedUsageLines => {
        const rated = quotes.prepared.usageLines({ billingPeriod, usage });
        return { lines: rated.lines.map(({ line, offeringName }) => pricedLine(line, offeringName, context)), unrated: rated.unratedUsage.length === 0 ? noUnratedUsage : rated.unratedUsage.map(({ index, reason }) => ({ index, reason })) };
      };
      // Only a period without usage is remembered (see above), so never records rated one by one either.
      if (usage.some((entry) => entry.quantity !== 0 || entry.id !== undefined || entry.usageDate !== undefined || entry.attributes !== undefined)) return rate();
      let key = String(billingPeriod);
      for (const { units } of usage) key += `|${units}`;
      let rated = quotes.byUsage.get(key);
      if (!rated) {
        rated = rate();
        if (quotes.byUsage.size >= rememberedUsagePerTerm) quotes.byUsage.clear();
        quotes.byUsage.set(key, rated);
      }
      return rated;
    },
    ratesRecords(term, units) {
      return factsOf(term.productOffering.id).usagePrices.some((price) => price.rating !== undefined && countsUsageIn(price, units));
    },
    promotionLengths(term) {
      const quotes = quotesOf(term);
      if (!quotes.promotionLengths) {
        const lengths = new Set<number>();
        for (const line of lines(term, 1)) {
          for (const discount of line.discounts) if (discount.applicationDuration !== undefined) lengths.add(discount.applicationDuration);
        }
        quotes.promotionLengths = [...lengths].sort((a, b) => a - b);
      }
      return quotes.promotionLengths;
    },
    usageUnits(term) {
      const quotes = quotesOf(term);
      quotes.usageUnits ??= [...new Set(factsOf(term.productOffering.id).usagePrices.flatMap((price) => (price.unitOfMeasure ? [price.unitOfMeasure.units] : [])))].sort();
      return quotes.usageUnits;
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
  let net = asWritten(line.amount);
  for (const alteration of line.alterations) net = addMoney(net, asWritten(alteration.amount));
  // Optional fields assigned rather than spread in: every usage rating with records makes these, and spreads cost a copy each.
  const priced: PricedLine = {
    priceId: line.productOfferingPrice.id,
    name: line.name,
    offeringName,
    priceType: line.priceType,
    taxCategory: line.taxCategory,
    taxRate: line.amount.rate,
    taxIncluded,
    net,
    discounts: line.alterations.length === 0 ? noDiscounts : line.alterations.map(discountOf),
  };
  if (line.recurringChargePeriod) priced.periodMonths = line.recurringChargePeriod.length * (line.recurringChargePeriod.type === 'year' ? 12 : 1);
  if (line.unitOfMeasure) priced.unitOfMeasure = line.unitOfMeasure;
  if (line.usage) priced.usage = line.usage;
  if (line.ratedUsage) priced.ratedUsage = line.ratedUsage;
  return priced;
}

function discountOf(alteration: QuoteLine['alterations'][number]): PricedDiscount {
  const discount: PricedDiscount = { name: alteration.name };
  if (alteration.percentage !== undefined) discount.percentage = alteration.percentage;
  if (alteration.applicationDuration !== undefined) discount.applicationDuration = alteration.applicationDuration;
  return discount;
}

type PricedDiscount = { name: string; percentage?: Decimal; applicationDuration?: number };
/** Shared by every line without discounts: read only. */
const noDiscounts: PricedLine['discounts'] = [];

/** The usage prices listed on a term's offering and its components (every version: guiding checks units, rating chooses the version). */
export function termUsagePrices(catalog: CatalogSnapshot, term: Pick<ChargeTerm, 'productOffering'>): (PriceTerms & { id: string; name: string })[] {
  return offeringPrices(catalog, term.productOffering.id).filter((price) => price.priceType === 'usage');
}

/** Every price listed on an offering and its components, each once. */
function offeringPrices(catalog: CatalogSnapshot, offeringId: string): (PriceTerms & { id: string; name: string })[] {
  const found = new Map<string, PriceTerms & { id: string; name: string }>();
  const visit = (id: string, path: readonly string[]) => {
    const offering = catalog.offerings.get(id);
    if (!offering || path.includes(id)) return;
    for (const { id: priceId } of offering.productOfferingPrice ?? []) {
      const price = catalog.prices.get(priceId);
      if (price) found.set(priceId, price);
    }
    for (const component of componentsOf(offering)) visit(component.id, [...path, id]);
  };
  visit(offeringId, []);
  return [...found.values()];
}
