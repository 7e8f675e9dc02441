import { chargeTermOfOrderItem, termsAfterChange, type ChargedProduct, type TermChange } from '../../domain/billing/charge-term.js';
import {
  billCarryingChangeAt,
  productChangePreview,
  productChangePreviewAccess,
  productChangePreviewRequestSchema,
  productLinesAfterChange,
  type ProductChangePreviewRequest,
} from '../../domain/billing/product-change-preview.js';
import { toIso } from '../../domain/billing/billing-calendar.js';
import { pricingProfileOf } from '../../domain/customers/pricing-profile.js';
import { ownerCustomerIdOfProduct } from '../../domain/product-inventory/product.js';
import { InvalidInputError } from '../../domain/shared/domain-errors.js';
import { requireCustomerAccess, type Principal } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { simulatedTaxProvider } from '../lib/providers/simulated-tax-provider.js';
import { findSchedule } from '../lib/store/billing-schedule-store.js';
import { findProduct, type StoredProduct } from '../lib/store/product-store.js';
import { captureProductOrder } from '../orders/capture-product-order.js';
import { billPricer } from './bill-pricing.js';

/**
 * POST /billing/v1/productChangePreview (docs/billing.md, "Previewing a plan change or a
 * termination"): what the account's next bill will carry for a product if a plan change
 * (`modify`) or a termination (`delete`) took effect now, before the customer orders it.
 * Staff for any product, a customer for its own (another's answers 404 as an unknown one).
 *
 * The change is captured as the order that would make it (the order's own checks, prices and
 * instant: the customer's now, its test clock's when it lives on one) without being placed, then
 * applied to the product's terms and billed as the billing run would bill it, with the bill's
 * tax rates. Reads only.
 */
async function previewProductChange({ event, principal }: ApiRequest) {
  const input = parseBody(event, 'create', productChangePreviewRequestSchema);
  requireWritable(principal, productChangePreviewAccess, input, 'productChangePreview');
  const stored = await changeableProduct(input.product.id, principal);
  const accountId = stored.product.billingAccount.id;

  const [captured, schedule] = await Promise.all([
    captureProductOrder(
      { billingAccount: { id: accountId }, productOrderItem: [orderItemOf(input)] },
      // Never stored: a preview names no order, and a modify or delete item creates no product.
      { principal, id: 'product-change-preview' },
    ).catch(asPreviewProblem),
    findSchedule(accountId),
  ]);
  const { account, customer, now } = captured;
  const item = captured.fulfilment.items[0]!;
  const change: TermChange = input.action === 'modify' ? { action: 'modify', at: now, next: chargeTermOfOrderItem(item, now) } : { action: 'delete', at: now };

  const cycle = schedule?.cycle ?? { cycleDay: account.billingCycleDay, timeZone: account.timeZone };
  const bill = billCarryingChangeAt({ cycle, nextBillAt: schedule?.nextBillAt, lastBillAt: schedule?.lastBillAt }, now);
  const product: ChargedProduct = { id: stored.product.id, name: stored.product.name, billingAccountId: accountId, terms: stored.chargeTerms };
  const profile = pricingProfileOf(customer);
  const pricer = await billPricer({
    products: [{ ...product, terms: termsAfterChange(product.terms, change) }],
    currency: account.currency,
    // The capture refused a customer without one.
    taxLocation: profile.taxLocation!,
    customerSegment: profile.segment,
    timeZone: cycle.timeZone,
    billDate: toIso(bill.billDate),
    taxProvider: simulatedTaxProvider,
  });
  const { lines } = productLinesAfterChange({ account: { id: account.id, name: account.name, currency: account.currency, cycle }, bill, product, change, pricer });
  return jsonResponse(200, productChangePreview({ product, change, billingAccount: { id: account.id, currency: account.currency }, bill, lines }));
}

/** The product, if the caller may see it (another customer's answers as an unknown one) and it is active. */
async function changeableProduct(id: string, principal: Principal): Promise<StoredProduct> {
  const stored = await findProduct(id);
  if (!stored) throw ApiError.notFound('product', id);
  requireCustomerAccess(principal, ownerCustomerIdOfProduct(stored.product), 'product', id);
  if (stored.product.status !== 'active') {
    throw ApiError.conflict('PRODUCT_NOT_ACTIVE', `product ${id} is ${stored.product.status}; only an active product can change plan or be terminated`);
  }
  return stored;
}

function orderItemOf(input: ProductChangePreviewRequest) {
  return input.action === 'modify'
    ? { id: '1', action: 'modify' as const, product: { id: input.product.id }, productOffering: { id: input.productOffering!.id } }
    : { id: '1', action: 'delete' as const, product: { id: input.product.id } };
}

/** The order's refusal, naming the field as the preview's body names it (`productOffering.id`, not `productOrderItem[0].productOffering.id`). */
function asPreviewProblem(error: unknown): never {
  if (!(error instanceof InvalidInputError)) throw error;
  const problems = error.problems.map(({ field, problem }) => ({ field: field.replace(/^productOrderItem\[0\]\./, ''), problem }));
  throw new InvalidInputError(`the change cannot be ordered: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`, problems);
}

export const handler = apiHandler(previewProductChange);
