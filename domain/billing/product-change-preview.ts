import { sumMoney, moneyToTmf, zeroMoney, type TmfMoney } from '../money/money.js';
import * as z from '../shared/zod.js';
import type { WriteAccess } from '../shared/write-access.js';
import { computeBill } from './bill-computation.js';
import { boundaryAfter, toInstant, toIso, type BillingCycle } from './billing-calendar.js';
import type { BillLine } from './bill-line.js';
import { termsAfterChange, type ChargedProduct, type TermChange } from './charge-term.js';
import { billLineResources, type AppliedCustomerBillingRate } from './customer-bill.js';
import type { TermPricer } from './term-pricing.js';

/**
 * A preview of a plan change (an order's `modify` item) or a termination (`delete`) before it is
 * ordered (docs/billing.md, "Previewing a plan change or a termination"): the lines the account's
 * next bill will carry for the product if the change takes effect at the customer's now and
 * nothing else happens. Nothing here prices or prorates: the change is applied to the product's
 * terms as order-to-cash applies it (termsAfterChange), and the bill that would then be computed
 * is computed (computeBill), so the preview is the bill's lines, not an estimate of them.
 */
export const productChangePreviewPath = '/billing/v1/productChangePreview';

const idSchema = /* @__PURE__ */ z.lazy(() => z.string().check(z.minLength(1), z.maxLength(128)));
const referenceSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  id: idSchema,
  href: z.optional(z.string().check(z.maxLength(1024))),
  name: z.optional(z.string().check(z.maxLength(256))),
  '@referredType': z.optional(z.string().check(z.maxLength(64))),
}));

/** Strict and free of transforms: API Gateway validates the same schema as a draft-04 model (the action rule below is the handler's). */
export const productChangePreviewRequestSchema = /* @__PURE__ */ z.lazy(() => z
  .strictObject({
    product: referenceSchema,
    action: z.enum(['modify', 'delete']),
    productOffering: z.optional(referenceSchema),
  })
  .check(
    z.superRefine((request, context) => {
      if (request.action === 'modify' && request.productOffering === undefined) {
        context.addIssue({ code: 'custom', path: ['productOffering'], message: 'a plan change names the product offering to move to' });
      }
      if (request.action === 'delete' && request.productOffering !== undefined) {
        context.addIssue({ code: 'custom', path: ['productOffering'], message: 'a termination names no product offering' });
      }
    }),
  ));
export type ProductChangePreviewRequest = z.infer<typeof productChangePreviewRequestSchema>;

/** A preview writes nothing and sets no price: a customer may ask for one about its own products, as it may order the change. */
export const productChangePreviewAccess: WriteAccess = {
  admin: 'everything',
  agent: 'everything',
  mediation: {},
  customer: { product: true, action: true, productOffering: true },
};

/** A preview line: what the bill's AppliedCustomerBillingRate will show, without what only an issued bill has (its id, bill, number). */
export type ProductChangePreviewLine = Pick<AppliedCustomerBillingRate, 'name' | 'description' | 'type' | 'periodCoverage' | 'taxExcludedAmount' | 'taxIncludedAmount' | 'appliedTax'>;

export interface ProductChangePreview {
  product: { id: string; name: string };
  action: 'modify' | 'delete';
  /** The offering a plan change moves to. */
  productOffering?: { id: string; name: string };
  /** The instant the change is previewed at: the customer's now. */
  effectiveAt: string;
  billingAccount: { id: string };
  /** The date of the bill the lines will be on. */
  nextBillDate: string;
  lines: ProductChangePreviewLine[];
  taxExcludedAmount: TmfMoney;
  taxIncludedAmount: TmfMoney;
}

/** A bill of the account: its date and the previous bill's (absent before the account's first). */
export interface BillDates {
  /** Epoch milliseconds. */
  billDate: number;
  previousBillDate?: number | undefined;
}

/** When the account is billed (its schedule, or for an account never billed, its calendar alone). */
export interface AccountBillingDates {
  cycle: BillingCycle;
  nextBillAt?: string | undefined;
  lastBillAt?: string | undefined;
}

/**
 * The bill a change at `at` is first on: a bill knows only what happened before its date
 * (docs/billing.md, "A bill knows what happened before its date"), so it is the account's first
 * bill dated after `at`. Bills that fell due at or before `at` and are not issued yet come first,
 * one per cycle boundary (each moves the schedule on, with something to bill or not), so the bill
 * that carries the change follows the last of them. A schedule at rest is armed again by a plan
 * change's activation on the first boundary after it.
 */
export function billCarryingChangeAt(dates: AccountBillingDates, at: string): BillDates {
  const instant = toInstant(at);
  let previousBillDate = dates.lastBillAt === undefined ? undefined : toInstant(dates.lastBillAt);
  let billDate = dates.nextBillAt === undefined ? boundaryAfter(dates.cycle, instant) : toInstant(dates.nextBillAt);
  while (billDate <= instant) {
    previousBillDate = billDate;
    billDate = boundaryAfter(dates.cycle, billDate);
  }
  return { billDate, previousBillDate };
}

/**
 * A bill's lines for one product that do not depend on its usage: its recurring charges and
 * credits, in the bill's order. Usage lines are left out (what will be used is not known), and so
 * are the lines of the account (credit brought or carried forward).
 */
export function productLinesOnBill(lines: readonly BillLine[], productId: string): BillLine[] {
  return lines.filter((line) => line.product?.id === productId && line.type !== 'usage');
}

export interface ProductChangeBillInput {
  account: { id: string; name: string; currency: string; cycle: BillingCycle };
  bill: BillDates;
  /** The product as it is before the change. */
  product: ChargedProduct;
  change: TermChange;
  pricer: TermPricer;
}

/**
 * The product after the change, and the lines the bill computation gives it on `bill`: the same
 * computeBill a billing run makes, over the changed product alone, its lines for the product
 * selected. The product's charges do not depend on the account's other products, its usage or
 * its carried credit, so computing the bill without them changes none of these lines.
 */
export function productLinesAfterChange(input: ProductChangeBillInput): { product: ChargedProduct; lines: BillLine[] } {
  const { account, bill, change } = input;
  const product: ChargedProduct = {
    ...input.product,
    // A plan change renames the product after its new offering, as order-to-cash does.
    name: change.action === 'modify' ? change.next.productOffering.name : input.product.name,
    terms: termsAfterChange(input.product.terms, change),
  };
  const draft = computeBill({
    // The due date is not previewed: any payment terms give the same lines.
    account: { ...account, paymentTermsDays: 0 },
    billDate: bill.billDate,
    previousBillDate: bill.previousBillDate,
    runType: 'onCycle',
    products: [product],
    pricer: input.pricer,
    usage: { records: [], earlierPeriods: [], billed: [] },
    creditBroughtForward: zeroMoney(account.currency),
  });
  return { product, lines: productLinesOnBill(draft.lines, product.id) };
}

/** The answer: the lines as the bill will show them (rendered as the bill's own lines are), and their totals. */
export function productChangePreview(input: {
  product: { id: string; name: string };
  change: TermChange;
  billingAccount: { id: string; currency: string };
  bill: BillDates;
  lines: readonly BillLine[];
}): ProductChangePreview {
  const { change, billingAccount, bill, lines } = input;
  const billDate = toIso(bill.billDate);
  const rendered = billLineResources({ id: 'preview', href: productChangePreviewPath, billDate, billingAccount: { id: billingAccount.id, href: '', name: '', '@referredType': 'BillingAccount' } }, lines);
  return {
    product: { id: input.product.id, name: input.product.name },
    action: change.action,
    ...(change.action === 'modify' ? { productOffering: { id: change.next.productOffering.id, name: change.next.productOffering.name } } : {}),
    effectiveAt: change.at,
    billingAccount: { id: billingAccount.id },
    nextBillDate: billDate,
    lines: rendered.map((line) => ({
      name: line.name,
      description: line.description,
      type: line.type,
      ...(line.periodCoverage ? { periodCoverage: line.periodCoverage } : {}),
      taxExcludedAmount: line.taxExcludedAmount,
      taxIncludedAmount: line.taxIncludedAmount,
      appliedTax: line.appliedTax,
    })),
    taxExcludedAmount: moneyToTmf(sumMoney(billingAccount.currency, lines.map((line) => line.amount.dutyFree))),
    taxIncludedAmount: moneyToTmf(sumMoney(billingAccount.currency, lines.map((line) => line.amount.taxIncluded))),
  };
}
