import type { ProductOfferingPrice } from '../../domain/catalog/product-offering-price.js';
import { seriesOf } from '../../domain/billing/bill-numbering.js';
import { billLineResources, newCustomerBill, orderBillIdFor } from '../../domain/billing/customer-bill.js';
import { orderBillDraft } from '../../domain/billing/order-bill.js';
import { taxCategoryOf } from '../../domain/pricing/price-terms.js';
import { customerNow } from '../lib/clock.js';
import { findBill, putBillDraft } from '../lib/store/bill-store.js';
import { findCatalogResources } from '../lib/store/catalog-store.js';
import { stateMachineTask } from '../lib/workflows/state-machine-task.js';
import { issueBills } from '../billing/account-billing.js';
import { loadOrder, type OrderStepInput } from './order-step.js';

/**
 * Order-to-cash, after the payment is captured: the one-time charges of what was delivered
 * are billed at once, on an `offCycle` bill numbered like every bill and `settled` by the
 * order's payment (docs/billing.md, "Order bills"). The recurring charges are the regular
 * bills'. The bill's id is the order's, so a retried step finds it instead of billing twice.
 */
export async function issueOrderBill(input: OrderStepInput) {
  const stored = await loadOrder(input.orderId);
  const { order, fulfilment, saga } = stored;
  const billId = orderBillIdFor(order.id);
  const existing = await findBill(billId, { consistentRead: true });
  if (existing && existing.bill.state !== 'new') return { billId, issued: true };
  if (!saga.payment) return { issued: false, reason: 'nothing was paid upfront' };

  const priceIds = order.productOrderItem.flatMap((item) => item.itemPrice.flatMap((price) => (price.priceType === 'oneTime' && price.productOfferingPrice ? [price.productOfferingPrice.id] : [])));
  const prices = await findCatalogResources<ProductOfferingPrice>('ProductOfferingPrice', priceIds);
  const now = await customerNow(fulfilment.testClockId);
  const draft = orderBillDraft({
    currency: fulfilment.currency,
    items: order.productOrderItem,
    orderDate: order.orderDate,
    billDate: now,
    taxCategories: new Map([...prices].map(([id, price]) => [id, taxCategoryOf(price)])),
  });
  if (draft.lines.length === 0) return { issued: false, reason: 'nothing delivered was charged upfront' };

  const bill = newCustomerBill(draft, {
    id: billId,
    now,
    billingAccount: { id: order.billingAccount.id, name: order.billingAccount.name ?? order.billingAccount.id },
    customer: { id: fulfilment.customerId, name: order.relatedParty.find((party) => party.role === 'Customer')?.name ?? fulfilment.customerId },
    testClockId: fulfilment.testClockId,
  });
  await putBillDraft(bill, billLineResources(bill, draft.lines), { customerId: fulfilment.customerId, creditCarriedMinor: '0', ...(existing ? { previousLineCount: existing.bill.lineCount } : {}) });
  const issuing = await issueBills(
    [{ kind: 'drafted', bill, series: seriesOf(bill.billDate, fulfilment.billingCycle?.timeZone ?? 'UTC', fulfilment.testClockId), customerId: fulfilment.customerId, also: [], settledBy: { id: saga.payment.paymentId } }],
    { correlationId: input.correlationId, now },
  );
  // Not issued (a store failure, or bill numbers still racing after the time limit): the task fails and its retry issues the same draft.
  const [notIssued] = issuing.notIssued;
  if (notIssued) throw notIssued.error ?? new Error(`order bill ${billId} was not issued: ${notIssued.reason}`);
  return { billId, issued: true };
}

export const handler = stateMachineTask('orderId', issueOrderBill);
