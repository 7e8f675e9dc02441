import type { DomainEvent } from '../../domain/events/domain-event.js';
import { ProductChanged } from '../../domain/events/product-inventory-events.js';
import { outcomeOfItems, settleItems, type ItemOutcome } from '../../domain/orders/order-lifecycle.js';
import type { FulfilmentItem, OrderFulfilment } from '../../domain/orders/order-fulfilment.js';
import { chargeTermOfOrderItem, termsAfterChange, type ChargeTerm } from '../../domain/billing/charge-term.js';
import { firstBillAt } from '../../domain/billing/billing-schedule.js';
import { orderCustomerId, type ProductOrder } from '../../domain/orders/product-order.js';
import { newProduct, productPriceFromOrderPrice, transitionProduct, withRealizingServices, type Product } from '../../domain/product-inventory/product.js';
import { customerNow } from '../lib/clock.js';
import { endPhoneNumberAssignment, phoneNumberAssignment } from '../lib/store/phone-number-store.js';
import { scheduleArming } from '../lib/store/billing-schedule-store.js';
import { commitStock } from '../lib/store/stock-store.js';
import { findProducts, productPut, productUpdate, type StoredProduct } from '../lib/store/product-store.js';
import { updateProductOrder, type TransactItem } from '../lib/store/product-order-store.js';
import { stateMachineTask } from '../lib/workflows/state-machine-task.js';
import { productSnapshot, productStatusChangedEvents } from '../product-inventory/product-events.js';
import { eventOrigin, loadOrder, type OrderStepInput } from './order-step.js';

/** One Map iteration's result: the callback's output, or the Catch's error and cause. */
export type ProvisioningOutcome =
  | { itemId: string; state: 'completed'; serviceId?: string }
  | { itemId: string; state: 'failed'; error: string; cause: string };

/**
 * Order-to-cash, after provisioning: each item that provisioning completed becomes (add), changes
 * (modify) or ends (delete) its TMF637 product; each that failed is failed with the reason. The
 * completed items' stock leaves the warehouse and the failed items' goes back. The products, the
 * items' states and the product events are written in one transaction; a retry finds the items
 * settled and only answers again.
 */
export async function activateOrderProducts(input: OrderStepInput & { outcomes: ProvisioningOutcome[]; timeoutSeconds: number }) {
  const stored = await loadOrder(input.orderId);
  const { order, fulfilment } = stored;
  const now = await customerNow(fulfilment.testClockId);
  const outcomes = input.outcomes.map((outcome): ItemOutcome =>
    outcome.state === 'completed' ? { itemId: outcome.itemId, state: 'completed' } : { itemId: outcome.itemId, state: 'failed', reason: failureReason(outcome, input.timeoutSeconds) },
  );
  const outcome = outcomeOfItems(outcomes);
  const answer = { outcome, reason: summary(order, outcomes) };

  // Settled items mean a previous attempt got through: its stock was committed before its write.
  const alreadySettled = order.productOrderItem.every((item) => item.state === 'completed' || item.state === 'failed');
  if (alreadySettled) return answer;

  const completed = fulfilment.items.filter((item) => outcomes.some((o) => o.itemId === item.itemId && o.state === 'completed'));
  // Only an order with physical items holds a reservation to settle.
  if (fulfilment.items.some((item) => item.sku)) {
    await commitStock({
      orderId: order.id,
      commit: completed.flatMap((item) => (item.sku ? [{ sku: item.sku, quantity: item.quantity }] : [])),
      now,
    });
  }

  const existing = await findProducts(completed.filter((item) => item.action !== 'add').map((item) => item.productId), { consistentRead: true });
  const serviceIds = new Map(input.outcomes.flatMap((o) => (o.state === 'completed' && o.serviceId ? [[o.itemId, o.serviceId] as const] : [])));
  const origin = eventOrigin(input, now);
  const writes: TransactItem[] = [];
  const events: DomainEvent[] = [];
  for (const item of completed) {
    const change = productChange(item, order, fulfilment, existing.get(item.productId), serviceIds.get(item.itemId), now);
    writes.push(change.write, ...phoneNumberAssignments(item, change.product, now));
    events.push(...productStatusChangedEvents(change.before, change.product, origin, `order ${order.id}`));
    if (item.action === 'modify') {
      events.push(
        ProductChanged.create(
          { product: productSnapshot(change.product), previousProductOfferingId: change.before.productOffering.id, productOrderId: order.id, effectiveDate: now },
          origin(),
        ),
      );
    }
  }
  // The account starts being billed with its first product; later activations leave its schedule as it is.
  const billable = completed.filter((item) => item.action !== 'delete');
  if (billable.length > 0) writes.push(scheduleArmingFor(order, fulfilment, now));
  // Released first: a retry after a failed write releases nothing twice, and the number is never left assigned to a terminated product.
  await Promise.all(completed.filter((item) => item.action === 'delete').flatMap((item) => releasePhoneNumber(existing.get(item.productId), now)));
  await updateProductOrder({ order: settleItems(order, outcomes, now), expectedVersion: stored.version, also: writes, events });
  return answer;
}

function scheduleArmingFor(order: ProductOrder, fulfilment: OrderFulfilment, now: string) {
  // Orders captured before billing existed carry no calendar: the account's default day and zone apply.
  const cycle = fulfilment.billingCycle ?? { cycleDay: 1, timeZone: functionEnvironmentTimeZone() };
  return scheduleArming({
    billingAccountId: order.billingAccount.id,
    customerId: orderCustomerId(order),
    cycleDay: cycle.cycleDay,
    timeZone: cycle.timeZone,
    testClockId: fulfilment.testClockId,
    firstBillAt: firstBillAt({ cycleDay: cycle.cycleDay, timeZone: cycle.timeZone }, now),
  });
}

const functionEnvironmentTimeZone = () => process.env.BSS_DEFAULT_TIME_ZONE ?? 'UTC';

/** A new product with a phone number: usage feeds name it by that number from now on. */
function phoneNumberAssignments(item: FulfilmentItem, product: Product, now: string) {
  if (item.action !== 'add') return [];
  const phoneNumber = product.productCharacteristic.find((characteristic) => characteristic.name === 'phoneNumber')?.value;
  return typeof phoneNumber === 'string' && phoneNumber.trim() !== '' ? [phoneNumberAssignment(phoneNumber, product.id, now)] : [];
}

function releasePhoneNumber(stored: StoredProduct | undefined, now: string): Promise<void>[] {
  const phoneNumber = stored?.product.productCharacteristic.find((characteristic) => characteristic.name === 'phoneNumber')?.value;
  return typeof phoneNumber === 'string' && phoneNumber.trim() !== '' ? [endPhoneNumberAssignment(phoneNumber, stored!.product.id, now)] : [];
}

function productChange(item: FulfilmentItem, order: ProductOrder, fulfilment: OrderFulfilment, current: StoredProduct | undefined, serviceId: string | undefined, now: string) {
  const services = serviceId ? [serviceId] : [];
  if (item.action === 'add') {
    const created = newProduct({
      id: item.productId,
      name: item.productOffering?.name ?? item.itemId,
      orderDate: order.orderDate,
      productOffering: item.productOffering!,
      productCharacteristic: item.characteristics,
      productPrice: item.prices.filter((price) => price.productOfferingPrice).map(productPriceFromOrderPrice),
      billingAccountId: order.billingAccount.id,
      customerId: orderCustomerId(order),
      productOrderId: order.id,
      orderItemId: item.itemId,
      action: 'add',
      quantity: item.quantity,
      now,
    });
    const active = withRealizingServices(transitionProduct(transitionProduct(created, 'pendingActive', now), 'active', now), services, now);
    return { before: created, product: active, write: productPut(active, { chargeTerms: [chargeTermOfOrderItem(item, now)], testClockId: fulfilment.testClockId }) };
  }
  if (!current) throw new Error(`invariant broken: order ${order.id} item ${item.itemId} changes product ${item.productId}, which does not exist`);
  let product: Product;
  let chargeTerms: ChargeTerm[];
  if (item.action === 'delete') {
    product = transitionProduct(transitionProduct(current.product, 'pendingTerminate', now), 'terminated', now);
    chargeTerms = termsAfterChange(current.chargeTerms, { action: 'delete', at: now });
  } else {
    chargeTerms = termsAfterChange(current.chargeTerms, { action: 'modify', at: now, next: chargeTermOfOrderItem(item, now) });
    // A plan change: the product keeps its id and start date and takes the new offering's prices from now on.
    product = withRealizingServices(
      {
        ...current.product,
        name: item.productOffering?.name ?? current.product.name,
        productOffering: { ...current.product.productOffering, ...item.productOffering! },
        productCharacteristic: item.characteristics,
        productPrice: item.prices.filter((price) => price.productOfferingPrice).map(productPriceFromOrderPrice),
        productOrderItem: [
          ...current.product.productOrderItem,
          { orderItemId: item.itemId, productOrderId: order.id, productOrderHref: order.href, orderItemAction: 'modify', '@referredType': 'ProductOrderItem' },
        ],
        lastModified: now,
      },
      services,
      now,
    );
  }
  return { before: current.product, product, write: productUpdate(product, current.version, chargeTerms) };
}

function failureReason(outcome: Extract<ProvisioningOutcome, { state: 'failed' }>, timeoutSeconds: number): string {
  if (outcome.error === 'States.Timeout') return `provisioning did not answer within ${timeoutSeconds} s`;
  if (outcome.error === 'ProvisioningFailed') return `provisioning failed: ${outcome.cause}`;
  return `provisioning could not be requested (${outcome.error})`;
}

/** The reason an order that is not fully completed carries: which items failed and why. */
function summary(order: ProductOrder, outcomes: readonly ItemOutcome[]): string {
  const failed = outcomes.filter((outcome) => outcome.state === 'failed');
  if (failed.length === 0) return '';
  return failed
    .map((outcome) => {
      const name = order.productOrderItem.find((item) => item.id === outcome.itemId)?.productOffering?.name ?? outcome.itemId;
      return `item ${outcome.itemId} (${name}): ${outcome.reason}`;
    })
    .join('; ');
}

export const handler = stateMachineTask('orderId', activateOrderProducts);
