import { billingAccountStates, type BillingAccount } from '../customers/billing-account.js';
import { moneyToTmf, negateMoney, subtractMoney } from '../money/money.js';
import type { ProductStatus } from '../product-inventory/product.js';
import * as z from '../shared/zod.js';
import { shapeOnFirstUse } from '../shared/zod.js';
import {
  hasUsagePrices,
  usageSummaryEntrySchema,
  usageSummaryPeriod,
  usageSummaryWindows,
  type UsageSummaryRecord,
  type UsageSummarySubject,
  type UsageSummaryWindow,
} from '../usage/usage-summary.js';
import { billPeriodOf, type BillDraft } from './bill-computation.js';
import type { BillLineType } from './bill-line.js';
import { coverageOf } from './bill-line.js';
import { toInstant, toIso, type BillingCycle } from './billing-calendar.js';
import type { ChargeTerm } from './charge-term.js';
import { customerBillStates, type CustomerBill } from './customer-bill.js';

/**
 * What a customer's home screen shows (portal and mobile apps), in one read (docs/billing.md,
 * "Account overview"): per billing account, the account as TMF666 serves it (balance, payment
 * status), its newest issued bill, its next bill with an estimate of it, and this period's usage
 * against the allowances. Nothing here is worked out a second way:
 *
 * - the estimate is the account's next due bill as the billing run computes it (`computeBill`
 *   through functions/billing/next-bill.ts), dated at the schedule's next bill date, from the
 *   usage recorded so far; this module only shapes it;
 * - the usage is the usage summary's current period (domain/usage/usage-summary.ts) without its
 *   days: the same periods, records, prices and figures;
 * - every instant is the account's now, its test clock's when it lives on one.
 */
export const accountOverviewPath = '/billing/v1/accountOverview';
/** The query parameter naming the customer. */
export const accountOverviewCustomerParameter = 'relatedParty.id';

const instant = /* @__PURE__ */ shapeOnFirstUse(() => z.iso.datetime({ offset: true }));
const described = (description: string) => z.meta({ description });
const reference = /* @__PURE__ */ z.lazy(() => z.strictObject({ id: z.string(), name: z.string() }));
/** TMF Money as the API serves amounts: a balance or a credit line is negative. */
const money = /* @__PURE__ */ shapeOnFirstUse(() => z.strictObject({ unit: z.string().check(z.regex(/^[A-Z]{3}$/)), value: z.number() }));
const billLineTypes = ['recurring', 'usage', 'oneTime', 'credit', 'creditBroughtForward', 'creditCarriedForward'] as const satisfies readonly BillLineType[];

/** The account as GET /billingAccount/{id} answers it; its schema is TMF666's (the API reference's TMF666.BillingAccount), the attributes a home screen reads named here. */
const billingAccountSchema = /* @__PURE__ */ z.lazy(() => z
  .looseObject({
    id: z.string(),
    href: z.string(),
    name: z.string(),
    '@type': z.literal('BillingAccount'),
    state: z.enum(billingAccountStates),
    paymentStatus: z.enum(['paidUp', 'due', 'overdue']),
    currency: z.string(),
    timeZone: z.string(),
    billingCycleDay: z.int(),
    isDefault: z.boolean(),
    accountBalance: z.array(z.looseObject({ balanceType: z.string(), amount: money(), '@type': z.literal('AccountBalance') })),
    defaultPaymentMethod: z.optional(z.looseObject({ id: z.string() })),
    testClock: z.optional(z.strictObject({ id: z.string(), href: z.string() })),
  })
  .check(described('The TMF666 BillingAccount exactly as GET /tmf-api/accountManagement/v4/billingAccount/{id} answers it (balance and payment status included): a client can use it in place of that read')));

const latestBillSchema = /* @__PURE__ */ z.lazy(() => z
  .strictObject({
    id: z.string(),
    href: z.string(),
    billNo: z.optional(z.string()),
    billDate: instant(),
    paymentDueDate: instant(),
    state: z.enum(customerBillStates),
    taxIncludedAmount: money(),
    remainingAmount: money().check(described('What is still to pay of it')),
  })
  .check(described("The account's newest issued bill (a `new` draft is not issued), by bill date: an order's bill counts; the TMF678 CustomerBill at its href")));

const estimateLineSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  type: z.enum(billLineTypes).check(described('As the bill line (AppliedCustomerBillingRate) will be typed: recurring charges in advance, usage in arrears, credits, the credit brought or carried forward')),
  name: z.string().check(described("The line's name: the price that charges it (Mobile M monthly, Mobile M data overage), or the credit carried")),
  description: z.string(),
  amount: money().check(described('Tax excluded')),
  product: z.optional(reference),
}));

const estimateSchema = /* @__PURE__ */ z.lazy(() => z
  .strictObject({
    taxExcludedAmount: money(),
    taxAmount: money(),
    taxIncludedAmount: money().check(described('What the bill will ask for, if nothing else happens before its date')),
    creditBroughtForward: z.optional(money().check(described('Credit an earlier bill could not use that this bill takes off (also one of its lines, negative)'))),
    lines: z.array(estimateLineSchema).check(described("The bill's lines, in its order: they add up to taxExcludedAmount")),
    usageUpTo: instant().check(described('Usage is counted up to here: asOf, or the bill date when that is past (a bill due and not run yet)')),
  })
  .check(
    described(
      "The next bill as the billing run would compute it now (the same prices, taxes, proration, usage rating and carried credit), dated billDate, from the usage recorded so far; nothing is written. Absent when it cannot be computed (e.g. the customer has no address to tax at)",
    ),
  ));

const nextBillSchema = /* @__PURE__ */ z.lazy(() => z
  .strictObject({
    billDate: instant(),
    billingPeriod: z.strictObject({ startDateTime: instant(), endDateTime: instant() }).check(described('The period the bill closes: since the previous bill, up to its date')),
    estimate: z.optional(estimateSchema),
  })
  .check(described("The account's next bill: absent when nothing is left to bill (the account has no billing schedule, or it rests)")));

const productUsageSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  product: reference,
  start: instant().check(described('The current billing period (the usage summary\'s `current`)')),
  end: instant().check(described('Exclusive: the next bill is dated here')),
  asOf: instant().check(described("Usage is counted up to here: the account's now, or earlier when the period was truncated")),
  truncated: z.boolean().check(described('The period holds more records than the usage summary reads: counted up to asOf')),
  prices: z.array(z.omit(usageSummaryEntrySchema(), { days: true })).check(described('The usage summary\'s entries of the current period, without the days: per usage price with an allowance or some usage, the allowance, what was used and what is left')),
}));

const accountOverviewEntrySchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  billingAccount: billingAccountSchema,
  asOf: instant().check(described("The account's now: its test clock's frozen time when it lives on one")),
  latestBill: z.optional(latestBillSchema),
  nextBill: z.optional(nextBillSchema),
  usage: z.array(productUsageSchema).check(described('Per active product of the account with usage prices, this billing period\'s usage against its allowances')),
}));

/** The answer of GET /billing/v1/accountOverview; the OpenAPI document publishes it as the route's response. */
export const accountOverviewSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  customer: z.strictObject({ id: z.string() }),
  asOf: instant().check(described("The customer's now: its test clock's frozen time when it lives on one")),
  accounts: z.array(accountOverviewEntrySchema).check(described('One entry per billing account of the customer, its default account first, then by name')),
}));

/** An account's entry: its `billingAccount` is the BillingAccount itself, as served (the schema names what a home screen reads of it). */
export type AccountOverviewEntry = Omit<z.infer<typeof accountOverviewEntrySchema>, 'billingAccount'> & { billingAccount: BillingAccount };
export type AccountOverview = Omit<z.infer<typeof accountOverviewSchema>, 'accounts'> & { accounts: AccountOverviewEntry[] };
export type LatestBillSummary = z.infer<typeof latestBillSchema>;
export type NextBill = z.infer<typeof nextBillSchema>;
export type BillEstimate = z.infer<typeof estimateSchema>;
export type ProductUsage = z.infer<typeof productUsageSchema>;

/** The summary of an issued bill a home screen shows: its stored figures, as the bill serves them. */
export function latestBillSummary(bill: CustomerBill): LatestBillSummary {
  return {
    id: bill.id,
    href: bill.href,
    ...(bill.billNo !== undefined ? { billNo: bill.billNo } : {}),
    billDate: bill.billDate,
    paymentDueDate: bill.paymentDueDate,
    state: bill.state,
    taxIncludedAmount: bill.taxIncludedAmount,
    remainingAmount: bill.remainingAmount,
  };
}

/**
 * The estimate of a computed bill: its totals, its tax (the difference, so the three always
 * agree), the credit it takes from earlier bills, its lines tax excluded. `usageUpTo` is the
 * earlier of the account's now and the bill's date: the bill rates the records dated before it,
 * and none is ever dated after the customer's now.
 */
export function billEstimate(draft: BillDraft, asOf: string): BillEstimate {
  const broughtForward = draft.lines.find((line) => line.type === 'creditBroughtForward');
  return {
    taxExcludedAmount: moneyToTmf(draft.taxExcludedAmount),
    taxAmount: moneyToTmf(subtractMoney(draft.taxIncludedAmount, draft.taxExcludedAmount)),
    taxIncludedAmount: moneyToTmf(draft.taxIncludedAmount),
    ...(broughtForward ? { creditBroughtForward: moneyToTmf(negateMoney(broughtForward.amount.dutyFree)) } : {}),
    lines: draft.lines.map((line) => ({
      type: line.type,
      name: line.name,
      description: line.description,
      amount: moneyToTmf(line.amount.dutyFree),
      ...(line.product ? { product: { id: line.product.id, name: line.product.name } } : {}),
    })),
    usageUpTo: toIso(Math.min(toInstant(asOf), toInstant(draft.billDate))),
  };
}

/**
 * The account's next bill, from its schedule: dated `nextBillAt`, closing the period since the
 * last bill (as the bill will). With the bill computed (`draft`), its estimate; a computed bill
 * with no line is no bill (the run makes none on that date): then there is no next bill to show.
 * Without a draft (it could not be computed) the date and period are still known.
 */
export function nextBillOf(input: { cycle: BillingCycle; nextBillAt: string; lastBillAt?: string | undefined; asOf: string; draft?: BillDraft | undefined }): NextBill | undefined {
  if (input.draft && input.draft.lines.length === 0) return undefined;
  const period = billPeriodOf(input.cycle, toInstant(input.nextBillAt), input.lastBillAt === undefined ? undefined : toInstant(input.lastBillAt));
  return {
    billDate: input.nextBillAt,
    billingPeriod: coverageOf(period),
    ...(input.draft ? { estimate: billEstimate(input.draft, input.asOf) } : {}),
  };
}

/** The billing period the account's now falls in: the usage summary's current period. */
export function currentUsageWindow(input: { cycle: BillingCycle; now: string; lastBillAt?: string | undefined }): UsageSummaryWindow {
  return usageSummaryWindows({ ...input, terms: [] })[0]!;
}

/** A product as the overview weighs it: its status and its charge terms. */
export interface OverviewProduct {
  id: string;
  name: string;
  status: ProductStatus;
  terms: readonly ChargeTerm[];
}

/** Whether the product's usage is shown: it is active, and a term of it in the period has a usage price (something that counts usage). */
export function showsUsage(product: OverviewProduct, subject: Omit<UsageSummarySubject, 'product'>, window: UsageSummaryWindow): boolean {
  return product.status === 'active' && hasUsagePrices({ ...subject, product }, window);
}

/** The product's usage in the current period: the usage summary's figures for it, without the days. */
export function productUsage(subject: UsageSummarySubject, period: { window: UsageSummaryWindow; records: readonly UsageSummaryRecord[]; more: boolean }): ProductUsage {
  const summarised = usageSummaryPeriod(subject, period.window, period.records, period.more);
  return {
    product: { id: subject.product.id, name: subject.product.name },
    start: summarised.start,
    end: summarised.end,
    asOf: summarised.asOf,
    truncated: summarised.truncated,
    prices: summarised.usage.map(({ days: _days, ...entry }) => entry),
  };
}

/** One account's entry; the account is served as given (as GET /billingAccount/{id} serves it). */
export function accountOverviewEntry(input: { account: BillingAccount; asOf: string; latestBill?: CustomerBill | undefined; nextBill?: NextBill | undefined; usage: readonly ProductUsage[] }): AccountOverviewEntry {
  return {
    billingAccount: input.account,
    asOf: input.asOf,
    ...(input.latestBill ? { latestBill: latestBillSummary(input.latestBill) } : {}),
    ...(input.nextBill ? { nextBill: input.nextBill } : {}),
    usage: [...input.usage],
  };
}

/** The default account first, then by name, then by id (two accounts may share a name). */
export function byHomeScreenOrder(a: Pick<BillingAccount, 'isDefault' | 'name' | 'id'>, b: Pick<BillingAccount, 'isDefault' | 'name' | 'id'>): number {
  if (a.isDefault !== b.isDefault) return a.isDefault ? -1 : 1;
  return a.name.localeCompare(b.name, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function accountOverview(input: { customerId: string; asOf: string; entries: readonly AccountOverviewEntry[] }): AccountOverview {
  return {
    customer: { id: input.customerId },
    asOf: input.asOf,
    accounts: [...input.entries].sort((a, b) => byHomeScreenOrder(a.billingAccount, b.billingAccount)),
  };
}

/**
 * The API reference's example of the answer, as the local runtime gave it in
 * test/e2e/account-overview-journey.test.ts: Ada, in Paris on a test clock, took Mobile M (the
 * demo catalog's, in its launch promotion) on 16 January 2027 and used 22.5 GB of data by the
 * 25th, 12:00 in Paris; her order's bill (the activation fee) is paid; her bill of 1 February is
 * estimated: January from the 16th and February in advance, and the 2.5 GB beyond her 20 GB.
 */
const exampleProduct = { id: '1788a862-5d54-494e-bf6f-386e40826ed5-1', name: 'Mobile M' };
export const accountOverviewExample: AccountOverview = {
  customer: { id: 'e1b017ec-9340-4698-8b96-bc5d5792af55' },
  asOf: '2027-01-25T11:00:00.000Z',
  accounts: [
    {
      billingAccount: {
        id: '597adece-6836-4d9a-8ed5-d288366252c4',
        href: '/tmf-api/accountManagement/v4/billingAccount/597adece-6836-4d9a-8ed5-d288366252c4',
        name: 'ada - default',
        accountType: 'customer',
        state: 'Active',
        paymentStatus: 'paidUp',
        relatedParty: [{ id: 'e1b017ec-9340-4698-8b96-bc5d5792af55', name: 'ada', role: 'owner', '@referredType': 'Customer' }],
        billStructure: {
          cycleSpecification: { name: 'monthly-day-1', isRef: false, frequency: 'monthly', billingPeriod: 'P1M', billingDateShift: 0, '@type': 'BillingCycleSpecification' },
        },
        defaultPaymentMethod: { id: 'pm_card_visa', '@referredType': 'PaymentMethod' },
        billingCycleDay: 1,
        currency: 'EUR',
        timeZone: 'Europe/Paris',
        isDefault: true,
        testClock: { id: '4f55c70f-1f23-4dd7-b7d9-8ef824fef35e', href: '/billing/v1/testClock/4f55c70f-1f23-4dd7-b7d9-8ef824fef35e' },
        '@type': 'BillingAccount',
        createdAt: '2027-01-16T09:00:00.000Z',
        lastModified: '2027-01-16T09:00:00.000Z',
        accountBalance: [{ balanceType: 'receivableBalance', amount: { unit: 'EUR', value: 0 }, validFor: { startDateTime: '2027-01-16T09:00:00.000Z' }, '@type': 'AccountBalance' }],
      },
      asOf: '2027-01-25T11:00:00.000Z',
      latestBill: {
        id: 'order-1788a862-5d54-494e-bf6f-386e40826ed5',
        href: '/tmf-api/customerBillManagement/v4/customerBill/order-1788a862-5d54-494e-bf6f-386e40826ed5',
        billNo: 'TEST-4f55c70f-2027-000001',
        billDate: '2027-01-16T09:00:00.000Z',
        paymentDueDate: '2027-01-16T09:00:00.000Z',
        state: 'settled',
        taxIncludedAmount: { unit: 'EUR', value: 15 },
        remainingAmount: { unit: 'EUR', value: 0 },
      },
      nextBill: {
        billDate: '2027-01-31T23:00:00.000Z',
        billingPeriod: { startDateTime: '2026-12-31T23:00:00.000Z', endDateTime: '2027-01-31T23:00:00.000Z' },
        estimate: {
          taxExcludedAmount: { unit: 'EUR', value: 16.69 },
          taxAmount: { unit: 'EUR', value: 3.34 },
          taxIncludedAmount: { unit: 'EUR', value: 20.03 },
          lines: [
            { type: 'recurring', name: 'Mobile M monthly', description: 'Mobile M monthly, pro rata, after Mobile M launch promotion (−50 %)', amount: { unit: 'EUR', value: 4.19 }, product: exampleProduct },
            { type: 'recurring', name: 'Mobile M monthly', description: 'Mobile M monthly, after Mobile M launch promotion (−50 %)', amount: { unit: 'EUR', value: 8.33 }, product: exampleProduct },
            { type: 'usage', name: 'Mobile M data overage', description: '22.5 GB used, 20 GB included, 2.5 GB charged', amount: { unit: 'EUR', value: 4.17 }, product: exampleProduct },
          ],
          usageUpTo: '2027-01-25T11:00:00.000Z',
        },
      },
      usage: [
        {
          product: exampleProduct,
          start: '2026-12-31T23:00:00.000Z',
          end: '2027-01-31T23:00:00.000Z',
          asOf: '2027-01-25T11:00:00.000Z',
          truncated: false,
          prices: [
            {
              usageType: 'data',
              usagePrice: { id: '524bcb99-3ab8-4a4e-8be4-29fd035a4225', name: 'Mobile M data overage' },
              productOffering: { id: '8df07bb2-c322-4cbd-9135-a0e4e4af7fc9', name: 'Mobile M' },
              validFor: { startDateTime: '2027-01-16T09:00:00.000Z', endDateTime: '2027-01-31T23:00:00.000Z' },
              unit: 'GB',
              included: '20',
              used: '22.5',
              remainingIncluded: '0',
            },
          ],
        },
      ],
    },
  ],
};
