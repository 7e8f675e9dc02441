import { isOnSale } from '../catalog/catalog-lifecycle.js';
import type { ProductOffering } from '../catalog/product-offering.js';
import type { ProductSpecification } from '../catalog/product-specification.js';
import type { BillingAccount } from '../customers/billing-account.js';
import type { Customer } from '../customers/customer.js';
import { pricingProfileOf } from '../customers/pricing-profile.js';
import type { Decimal } from '../money/decimal.js';
import { isZeroMoney, sumMoney, zeroMoney, type Money } from '../money/money.js';
import type { CartItem } from '../pricing/cart.js';
import type { CatalogSnapshot } from '../pricing/catalog-snapshot.js';
import { toTmfPriceQuote, type QuoteTotal, type TmfOrderPrice, type TmfQuoteItem } from '../pricing/price-quote.js';
import { quoteCart } from '../pricing/quote-cart.js';
import { InvalidInputError, RuleViolationError, type FieldProblem } from '../shared/domain-errors.js';
import { resolveCharacteristics, stockKeepingUnitOf } from './order-characteristics.js';
import { monthlyRecurringOf } from './credit-exposure.js';
import { loadMoney, storeMoney, type FulfilmentItem, type OrderFulfilment } from './order-fulfilment.js';
import { productOrderPath, type OrderCharacteristic, type ProductOrder, type ProductOrderItem } from './product-order.js';
import { namedCustomerIds, type ProductOrderCreate, type ProductOrderItemCreate } from './product-order-request.js';

/** An existing product a modify or delete item names (TMF637, as product inventory holds it). */
export interface OrderedProduct {
  id: string;
  status: string;
  billingAccount?: { id: string };
  productOffering?: { id: string; name?: string };
}

export interface CaptureContext {
  id: string;
  now: string;
  account: BillingAccount;
  customer: Customer;
  /** The cart's part of the catalog, with whole offerings: capture reads their specifications and characteristic uses. */
  catalog: { offerings: ReadonlyMap<string, ProductOffering>; prices: CatalogSnapshot['prices'] };
  specifications: ReadonlyMap<string, ProductSpecification>;
  existingProducts: ReadonlyMap<string, OrderedProduct>;
  taxRates: ReadonlyMap<string, Decimal>;
  /** The id a new product gets: deterministic per order item, so a retried saga step never makes two. */
  newProductId: (itemId: string) => string;
}

export interface CapturedOrder {
  order: ProductOrder;
  fulfilment: OrderFulfilment;
}

const productPath = '/tmf-api/productInventory/v4/product';

/**
 * Captures a TMF622 order (docs/orders.md): checks that the account and customer belong
 * together and may order, that every offering is on sale and sellable, characteristics and
 * bundle choices are allowed and existing products may be changed; prices every item with the
 * pricing engine as of now; and yields the `acknowledged` order with what the saga needs.
 * Pure: the caller loads the account, customer, catalog, specifications, products and tax rates.
 */
export function captureOrder(input: ProductOrderCreate, context: CaptureContext): CapturedOrder {
  const { account, customer, now } = context;
  checkParties(input, context);
  const problems: FieldProblem[] = [];
  const changedBy = new Map<string, string>();
  input.productOrderItem.forEach((item, index) => {
    const productId = item.action === 'add' ? undefined : item.product?.id;
    if (productId === undefined) return;
    const earlier = changedBy.get(productId);
    if (earlier !== undefined) problems.push({ field: `productOrderItem[${index}].product.id`, problem: `product ${productId} is already changed by item ${earlier}` });
    else changedBy.set(productId, item.id);
  });
  const resolved = input.productOrderItem.map((item, index) => resolveItem(item, index, context, problems));
  if (problems.length > 0) throw new InvalidInputError(`the order cannot be accepted: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`, problems);

  const profile = pricingProfileOf(customer);
  const priced = resolved.filter((item) => item.cartItem !== undefined);
  const quote = quoteCart(
    {
      currency: account.currency,
      at: now,
      ...(profile.segment ? { customerSegment: profile.segment } : {}),
      items: priced.map((item) => item.cartItem!),
    },
    context.catalog,
    context.taxRates,
  );
  const tmfQuote = toTmfPriceQuote(quote);
  const quoted = new Map(priced.map((item, position) => [item.input.id, { item: quote.items[position]!, tmf: tmfQuote.quoteItem[position]! }]));

  const items: ProductOrderItem[] = [];
  const fulfilmentItems: FulfilmentItem[] = [];
  for (const item of resolved) {
    const prices = quoted.get(item.input.id);
    const upfront = prices ? totalOf(prices.item.totals, account.currency, 'oneTime') : zeroMoney(account.currency);
    const itemPrice = prices ? flattenPrices(prices.tmf) : [];
    // The same measure the credit check applies to the account's products later.
    const recurringMonthly = monthlyRecurringOf(itemPrice, account.currency);
    items.push(orderItem(item, itemPrice, prices?.tmf.itemTotalPrice ?? []));
    fulfilmentItems.push({
      itemId: item.input.id,
      action: item.input.action,
      productId: item.productId,
      ...(item.offering ? { productOffering: item.offering } : {}),
      quantity: item.quantity,
      characteristics: item.characteristics,
      ...(item.sku ? { sku: item.sku } : {}),
      upfront: storeMoney(upfront),
      recurringMonthly: storeMoney(recurringMonthly),
      prices: itemPrice,
      ...(item.cartItem?.bundledItem ? { bundledItem: item.cartItem.bundledItem.map((component) => ({ productOffering: { id: component.productOffering.id }, quantity: component.quantity })) } : {}),
    });
  }

  const upfront = sumMoney(account.currency, fulfilmentItems.map((item) => loadMoney(item.upfront)));
  if (!isZeroMoney(upfront) && !account.defaultPaymentMethod) {
    throw new RuleViolationError(
      'no-payment-method',
      `billing account ${account.id} has no default payment method to pay the upfront ${upfront.amount} minor units of ${account.currency}: add one to the account`,
    );
  }

  const order: ProductOrder = {
    id: context.id,
    href: `${productOrderPath}/${context.id}`,
    '@type': 'ProductOrder',
    state: 'acknowledged',
    orderDate: now,
    lastUpdate: now,
    ...optionalAttributes(input),
    billingAccount: { id: account.id, href: account.href, name: account.name, '@referredType': 'BillingAccount' },
    relatedParty: [{ id: customer.id, href: customer.href, name: customer.name, role: 'Customer', '@referredType': 'Customer' }],
    productOrderItem: items,
    orderTotalPrice: tmfQuote.quoteTotalPrice,
  };
  const fulfilment: OrderFulfilment = {
    customerId: customer.id,
    billingAccountId: account.id,
    currency: account.currency,
    ...(account.defaultPaymentMethod ? { paymentMethodToken: account.defaultPaymentMethod.id } : {}),
    upfront: storeMoney(upfront),
    recurringMonthly: storeMoney(sumMoney(account.currency, fulfilmentItems.map((item) => loadMoney(item.recurringMonthly)))),
    items: fulfilmentItems,
    billingCycle: { cycleDay: account.billingCycleDay, timeZone: account.timeZone },
    ...(customer.testClock ? { testClockId: customer.testClock.id } : {}),
  };
  return { order, fulfilment };
}

function checkParties(input: ProductOrderCreate, { account, customer }: CaptureContext): void {
  const ownerId = account.relatedParty.find((party) => party.role?.toLowerCase() === 'owner')?.id ?? customer.id;
  if (ownerId !== customer.id) throw new Error(`invariant broken: the loaded customer ${customer.id} does not own billing account ${account.id}`);
  const foreign = namedCustomerIds(input.relatedParty).find((id) => id !== customer.id);
  if (foreign) {
    throw new InvalidInputError(`billing account ${account.id} belongs to customer ${customer.id}, not ${foreign}`, [
      { field: 'relatedParty', problem: `customer ${foreign} does not own billing account ${account.id}` },
    ]);
  }
  if (customer.status === 'Closed' || customer.status === 'Suspended') {
    throw new RuleViolationError('customer-cannot-order', `customer ${customer.id} is ${customer.status} and cannot order`);
  }
  if (account.state !== 'Active') {
    throw new RuleViolationError('account-cannot-order', `billing account ${account.id} is ${account.state}; orders need an Active account`);
  }
}

interface ResolvedItem {
  input: ProductOrderItemCreate;
  productId: string;
  quantity: number;
  offering?: { id: string; href: string; name: string };
  characteristics: OrderCharacteristic[];
  sku?: string;
  cartItem?: CartItem;
}

function resolveItem(item: ProductOrderItemCreate, index: number, context: CaptureContext, problems: FieldProblem[]): ResolvedItem {
  const field = `productOrderItem[${index}]`;
  const quantity = item.quantity ?? 1;
  const existing = item.product?.id === undefined ? undefined : checkExistingProduct(item, field, context, problems);
  const productId = item.action === 'add' ? context.newProductId(item.id) : (item.product?.id ?? '');
  if (item.action === 'delete') {
    return {
      input: item,
      productId,
      quantity,
      ...(existing?.productOffering ? { offering: { id: existing.productOffering.id, href: '', name: existing.productOffering.name ?? '' } } : {}),
      characteristics: [],
    };
  }

  const offeringId = item.productOffering!.id;
  const offering = context.catalog.offerings.get(offeringId);
  if (!offering) {
    problems.push({ field: `${field}.productOffering.id`, problem: `no product offering ${offeringId}` });
    return { input: item, productId, quantity, characteristics: [] };
  }
  const at = Date.parse(context.now);
  const inWindow =
    (offering.validFor?.startDateTime === undefined || Date.parse(offering.validFor.startDateTime) <= at) &&
    (offering.validFor?.endDateTime === undefined || at < Date.parse(offering.validFor.endDateTime));
  if (!isOnSale(offering.lifecycleStatus) || !inWindow || !offering.isSellable) {
    const why = !offering.isSellable ? 'is not sellable on its own' : `is not on sale (${offering.lifecycleStatus}${inWindow ? '' : ', outside its validFor'})`;
    problems.push({ field: `${field}.productOffering.id`, problem: `product offering ${offering.name} (${offering.id}) ${why}` });
  }
  if (item.action === 'modify' && existing?.productOffering?.id === offeringId) {
    problems.push({ field: `${field}.productOffering.id`, problem: `product ${existing.id} already has offering ${offering.name}: a plan change names another offering` });
  }
  const specification = offering.productSpecification ? context.specifications.get(offering.productSpecification.id) : undefined;
  const chosen = (item.product?.productCharacteristic ?? []).map(({ name, value }) => ({ name, value }));
  const { characteristics, problems: characteristicProblems } = resolveCharacteristics(
    chosen,
    offering,
    specification,
    `${field}.product.productCharacteristic`,
  );
  problems.push(...characteristicProblems);
  const sku = item.action === 'add' ? stockKeepingUnitOf(specification) : undefined;
  return {
    input: item,
    productId,
    quantity,
    offering: { id: offering.id, href: offering.href, name: offering.name },
    characteristics,
    ...(sku ? { sku } : {}),
    cartItem: {
      id: item.id,
      productOffering: { id: offeringId },
      quantity,
      characteristic: characteristics,
      ...(item.productOrderItem
        ? { bundledItem: item.productOrderItem.map((component) => ({ productOffering: { id: component.productOffering.id }, quantity: component.quantity ?? 1 })) }
        : {}),
    },
  };
}

function checkExistingProduct(item: ProductOrderItemCreate, field: string, context: CaptureContext, problems: FieldProblem[]): OrderedProduct | undefined {
  const id = item.product!.id!;
  const product = context.existingProducts.get(id);
  if (!product || product.billingAccount?.id !== context.account.id) {
    problems.push({ field: `${field}.product.id`, problem: `billing account ${context.account.id} has no product ${id}` });
    return undefined;
  }
  if (product.status !== 'active') {
    problems.push({ field: `${field}.product.id`, problem: `product ${id} is ${product.status}; only an active product can be changed or disconnected` });
  }
  return product;
}

function orderItem(item: ResolvedItem, itemPrice: TmfOrderPrice[], itemTotalPrice: TmfOrderPrice[]): ProductOrderItem {
  const { input } = item;
  return {
    id: input.id,
    '@type': 'ProductOrderItem',
    action: input.action,
    quantity: item.quantity,
    state: 'acknowledged',
    ...(item.offering && input.action !== 'delete'
      ? { productOffering: { id: item.offering.id, href: item.offering.href, name: item.offering.name, '@referredType': 'ProductOffering' } }
      : {}),
    product: {
      id: item.productId,
      href: `${productPath}/${item.productId}`,
      '@type': 'ProductRefOrValue',
      ...(item.characteristics.length > 0 ? { productCharacteristic: item.characteristics } : {}),
    },
    ...(input.productOrderItem
      ? {
          productOrderItem: input.productOrderItem.map((component) => ({
            id: component.id,
            '@type': 'ProductOrderItem' as const,
            action: 'add' as const,
            quantity: component.quantity ?? 1,
            state: 'acknowledged' as const,
            productOffering: { id: component.productOffering.id, href: '', '@referredType': 'ProductOffering' },
          })),
        }
      : {}),
    itemPrice,
    itemTotalPrice,
  };
}

function optionalAttributes(input: ProductOrderCreate): Partial<ProductOrder> {
  const { description, externalId, priority, category, requestedStartDate, requestedCompletionDate, note, channel } = input;
  return {
    ...(description !== undefined ? { description } : {}),
    ...(externalId !== undefined ? { externalId } : {}),
    ...(priority !== undefined ? { priority } : {}),
    ...(category !== undefined ? { category } : {}),
    ...(requestedStartDate !== undefined ? { requestedStartDate } : {}),
    ...(requestedCompletionDate !== undefined ? { requestedCompletionDate } : {}),
    ...(note !== undefined ? { note } : {}),
    ...(channel !== undefined ? { channel: channel.map(({ id, name }) => ({ id, ...(name ? { name } : {}) })) } : {}),
  };
}

/** A bundle's own lines and its components' lines, as one list: an order item carries them all. */
function flattenPrices(item: TmfQuoteItem): TmfOrderPrice[] {
  return [...item.itemPrice, ...(item.quoteItem ?? []).flatMap(flattenPrices)];
}

function totalOf(totals: readonly QuoteTotal[], currency: string, priceType: QuoteTotal['priceType']): Money {
  return sumMoney(currency, totals.filter((total) => total.priceType === priceType).map((total) => total.taxIncluded));
}

