import { addCalendarDays, boundaryPlus, toInstant, toIso, type BillingCycle } from '../domain/billing/billing-calendar.js';
import { endCurrentTerm, type ChargeTerm } from '../domain/billing/charge-term.js';
import type { Decimal } from '../domain/money/decimal.js';
import type { CatalogSnapshot } from '../domain/pricing/catalog-snapshot.js';
import type { TmfOrderPrice } from '../domain/pricing/price-quote.js';
import { mobilePlans, soldPlan, type DemoPlan } from './demo-plans.js';
import { pick, seededRandom } from './seeded-random.js';

/**
 * The billing benchmarks' accounts, all due at one cycle boundary: what each has and used, as
 * plain data that the in-process benchmark turns into computeBill inputs and the billing-run
 * benchmark into table items. The mix, seeded so every run bills the same population:
 * - two products per account: a mobile plan (Mobile S, M or L) and a second mobile plan or a
 *   broadband one (Home Broadband, or Home Broadband Yearly); half the mobile lines were ported
 *   in with their number (it is a characteristic of the term, and usage can name it);
 * - most accounts were billed at the previous boundary and run on (products sold over the
 *   months before, Mobile M inside its launch window with the promotion); some are new (sold
 *   during the period: a first bill, pro rata); a few changed plan or terminated a product
 *   during the period (a credit for the rest of the prepaid month);
 * - one account in twenty is a student's (the student discount pinned);
 * - half the accounts used data: a few GB records on each mobile line, dated in the period.
 */
export interface AccountMix {
  /** Accounts billed at the previous boundary, products running on. */
  steady: number;
  /** Products sold during the period: the account's first bill. */
  newAccounts: number;
  /** A mobile line moved to another plan during the period. */
  planChanges: number;
  /** A product terminated during the period. */
  terminations: number;
}

export const accountMix: AccountMix = { steady: 0.85, newAccounts: 0.08, planChanges: 0.04, terminations: 0.03 };

export interface BenchProduct {
  id: string;
  name: string;
  terms: ChargeTerm[];
  /** The ported number, when the line was sold with one. */
  phoneNumber?: string;
  /** The priced lines of the order item that sold its current plan (the product's prices). */
  itemPrice: TmfOrderPrice[];
}

export interface BenchUsageRecord {
  recordId: string;
  productId: string;
  usageDate: string;
  /** Decimal text. */
  quantity: string;
  units: 'GB';
}

export interface BenchAccount {
  id: string;
  customerId: string;
  kind: keyof AccountMix;
  segment?: 'student';
  /** Absent for a new account (its first bill). */
  previousBillAt?: string;
  /** When the account was opened: its first product's sale. */
  openedAt: string;
  products: BenchProduct[];
  usage: BenchUsageRecord[];
}

export interface AccountGeneration {
  count: number;
  catalog: CatalogSnapshot;
  taxRates: ReadonlyMap<string, Decimal>;
  cycle: BillingCycle;
  /** The boundary every account is due at (epoch ms). */
  billDate: number;
  /** Nothing is sold before this instant (the demo catalog is on sale from 2026-01-01). */
  onSaleSince: string;
  /** Ids of accounts, customers, products and records. */
  idOf: (kind: 'account' | 'customer' | 'product' | 'record', index: number) => string;
  seed?: number;
}

const day = 24 * 60 * 60 * 1000;

export function generateAccounts(options: AccountGeneration): BenchAccount[] {
  const random = seededRandom(options.seed ?? 20_261_201);
  const { cycle, billDate } = options;
  const previous = boundaryPlus(cycle, billDate, -1);
  const earliest = Math.max(toInstant(options.onSaleSince) + day, boundaryPlus(cycle, billDate, -11));
  // Whole seconds, as instants are recorded; never on a boundary itself.
  const between = (from: number, to: number) => Math.floor((from + 60_000 + random() * (to - from - 120_000)) / 1000) * 1000;
  const kinds = Object.entries(accountMix) as [keyof AccountMix, number][];
  let productIndex = 0;
  let recordIndex = 0;

  return Array.from({ length: options.count }, (_, index): BenchAccount => {
    let draw = random();
    const kind = kinds.find(([, share]) => (draw -= share) < 0)?.[0] ?? 'steady';
    const segment = random() < 0.05 ? ('student' as const) : undefined;
    const isNew = kind === 'newAccounts';
    const soldAt = () => toIso(isNew ? between(previous, billDate) : between(earliest, previous));
    const sale = (plan: DemoPlan, at: string): BenchProduct => {
      const id = options.idOf('product', productIndex++);
      const phoneNumber = (mobilePlans as readonly string[]).includes(plan) && random() < 0.5 ? `+3361${String(productIndex).padStart(7, '0')}` : undefined;
      const sold = soldPlan(options.catalog, options.taxRates, plan, at, { ...(phoneNumber ? { phoneNumber } : {}), ...(segment ? { customerSegment: segment } : {}) });
      return { id, name: plan, terms: [sold.term], ...(phoneNumber ? { phoneNumber } : {}), itemPrice: sold.itemPrice };
    };
    const first = sale(pick(['Mobile S', 'Mobile M', 'Mobile M', 'Mobile L'] as const, random), soldAt());
    const secondPlan = random() < 0.4 ? pick(mobilePlans, random) : random() < 0.75 ? 'Home Broadband' : 'Home Broadband Yearly';
    const second = sale(secondPlan, soldAt());
    const products = [first, second];

    const during = () => toIso(between(previous, billDate));
    if (kind === 'planChanges') {
      const at = during();
      const to = first.name === 'Mobile L' ? 'Mobile M' : 'Mobile L';
      const next = soldPlan(options.catalog, options.taxRates, to, at, { ...(first.phoneNumber ? { phoneNumber: first.phoneNumber } : {}), ...(segment ? { customerSegment: segment } : {}) });
      first.terms = endCurrentTerm(first.terms, at, 'planChange', next.term);
      first.name = to;
      first.itemPrice = next.itemPrice;
    }
    if (kind === 'terminations') second.terms = endCurrentTerm(second.terms, during(), 'termination');

    const usage: BenchUsageRecord[] = [];
    if (random() < 0.5) {
      for (const product of products) {
        const from = Math.max(previous, toInstant(product.terms[0]!.from));
        const last = product.terms.at(-1)!;
        const until = last.to === undefined ? billDate : toInstant(last.to);
        if (!(mobilePlans as readonly string[]).includes(product.terms[0]!.productOffering.name) || until - from < 10 * 60_000) continue;
        const records = 2 + Math.floor(random() * 4);
        for (let record = 0; record < records; record += 1) {
          usage.push({
            recordId: options.idOf('record', recordIndex++),
            productId: product.id,
            usageDate: toIso(between(from, until)),
            quantity: `${Math.floor(random() * 8)}.${String(Math.floor(random() * 1000)).padStart(3, '0')}`,
            units: 'GB',
          });
        }
      }
    }
    const openedAt = products.map((product) => product.terms[0]!.from).sort()[0]!;
    return {
      id: options.idOf('account', index),
      customerId: options.idOf('customer', index),
      kind,
      ...(segment ? { segment } : {}),
      ...(isNew ? {} : { previousBillAt: toIso(previous) }),
      openedAt: toIso(addCalendarDays(toInstant(openedAt), -1, cycle.timeZone)),
      products,
      usage,
    };
  });
}

/** What a population of accounts holds, for the report. */
export function describeAccounts(accounts: readonly BenchAccount[], catalog: CatalogSnapshot) {
  const isPromotion = (priceId: string) => catalog.prices.get(priceId)?.applicationDuration !== undefined;
  const count = (predicate: (account: BenchAccount) => boolean) => accounts.filter(predicate).length;
  const products = accounts.flatMap((account) => account.products);
  const byPlan: Record<string, number> = {};
  for (const product of products) for (const term of product.terms) byPlan[term.productOffering.name] = (byPlan[term.productOffering.name] ?? 0) + 1;
  return {
    accounts: accounts.length,
    products: products.length,
    termsByPlan: byPlan,
    newAccounts: count((account) => account.kind === 'newAccounts'),
    planChanges: count((account) => account.kind === 'planChanges'),
    terminations: count((account) => account.kind === 'terminations'),
    students: count((account) => account.segment === 'student'),
    productsWithPromotion: products.filter((product) => product.terms.some((term) => term.pinnedPrice.some((price) => isPromotion(price.id)))).length,
    portedNumbers: products.filter((product) => product.phoneNumber).length,
    accountsWithUsage: count((account) => account.usage.length > 0),
    usageRecords: accounts.reduce((sum, account) => sum + account.usage.length, 0),
  };
}
