import type { ProductSpecification } from '../../domain/catalog/product-specification.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { pricingProfileOf } from '../../domain/customers/pricing-profile.js';
import { ProductOrderCreated } from '../../domain/events/order-events.js';
import { moneyToTmf } from '../../domain/money/money.js';
import { captureOrder, type OrderedProduct } from '../../domain/orders/order-capture.js';
import { loadMoney } from '../../domain/orders/order-fulfilment.js';
import { orderCustomerId, type ProductOrder } from '../../domain/orders/product-order.js';
import type { ProductOrderCreate } from '../../domain/orders/product-order-request.js';
import { quoteTaxCategories } from '../../domain/pricing/quote-cart.js';
import { RuleViolationError } from '../../domain/shared/domain-errors.js';
import { isStaff, type Principal } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { customerNow } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { simulatedTaxProvider } from '../lib/providers/simulated-tax-provider.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { loadCatalogSnapshot } from '../lib/store/catalog-snapshot.js';
import { findCatalogResources } from '../lib/store/catalog-store.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { insertProductOrder } from '../lib/store/product-order-store.js';
import { findProducts } from '../lib/store/product-store.js';

/**
 * Captures a TMF622 order (docs/orders.md): the account, its customer, the catalog part the
 * order names, the products it changes and the tax rates are read, captureOrder checks and
 * prices the order, and it is stored `acknowledged` with ProductOrderCreated, which starts the
 * order-to-cash saga. Used by POST /productOrder and by onboarding's first order.
 *
 * DynamoDB round trips: 2 (account, then customer) beside 2-4 for the catalog, then 1 for the
 * specifications and products, then the write.
 */
export async function placeProductOrder(
  input: ProductOrderCreate,
  context: {
    principal: Principal;
    correlationId: string;
    /** The capture instant; by default the customer's time (its test clock's, or the system's). */
    now?: string;
    /** Given by a caller that must place the order once (onboarding's retried step). */
    orderId?: string;
  },
): Promise<{ order: ProductOrder; version: number }> {
  const { principal } = context;
  const accountId = input.billingAccount.id;
  const items = input.productOrderItem.flatMap((item) =>
    item.action === 'delete' || !item.productOffering
      ? []
      : [
          {
            id: item.id,
            productOffering: { id: item.productOffering.id },
            quantity: item.quantity ?? 1,
            ...(item.productOrderItem
              ? { bundledItem: item.productOrderItem.map((c) => ({ productOffering: { id: c.productOffering.id }, quantity: c.quantity ?? 1 })) }
              : {}),
          },
        ],
  );
  const [parties, catalog] = await Promise.all([orderingParties(accountId, principal), loadCatalogSnapshot({ items })]);
  const { account, customer } = parties;
  const now = context.now ?? (await customerNow(customer.testClock?.id));

  const specificationIds = [...catalog.offerings.values()].flatMap((offering) => (offering.productSpecification ? [offering.productSpecification.id] : []));
  const productIds = input.productOrderItem.flatMap((item) => (item.action !== 'add' && item.product?.id ? [item.product.id] : []));
  const [specifications, products] = await Promise.all([
    specificationIds.length > 0 ? findCatalogResources<ProductSpecification>('ProductSpecification', specificationIds) : new Map<string, ProductSpecification>(),
    productIds.length > 0 ? findProducts(productIds) : new Map(),
  ]);
  const existingProducts = new Map<string, OrderedProduct>([...products.entries()].map(([id, stored]) => [id, stored.product as OrderedProduct]));

  const taxLocation = pricingProfileOf(customer).taxLocation;
  if (!taxLocation) {
    throw new RuleViolationError('no-tax-location', `customer ${customer.id} has no postal address with a country, so its taxes cannot be worked out: add one`);
  }
  const categories = quoteTaxCategories(catalog);
  const rates = categories.length > 0 ? await simulatedTaxProvider.ratesFor({ location: taxLocation, categories, at: now }) : [];

  const id = context.orderId ?? newId();
  const { order, fulfilment } = captureOrder(input, {
    id,
    now,
    account,
    customer,
    catalog,
    specifications,
    existingProducts,
    taxRates: new Map(rates.map((rate) => [rate.category, rate.rate])),
    // The product an add item creates is named after the order item, so a retried saga step finds it instead of making another.
    newProductId: (itemId) => `${id}-${itemId}`,
  });
  const created = ProductOrderCreated.create(
    {
      order: {
        id: order.id,
        href: order.href,
        state: order.state,
        orderDate: order.orderDate,
        customerId: orderCustomerId(order),
        billingAccountId: account.id,
        ...(order.requestedStartDate ? { requestedStartDate: order.requestedStartDate } : {}),
        items: fulfilment.items.map((item) => ({
          id: item.itemId,
          action: item.action,
          ...(item.productOffering ? { productOfferingId: item.productOffering.id } : {}),
          productId: item.productId,
          quantity: item.quantity,
        })),
        upfrontAmount: moneyToTmf(loadMoney(fulfilment.upfront)),
      },
    },
    { eventId: newId(), occurredAt: now, correlationId: context.correlationId },
  );
  await insertProductOrder(order, fulfilment, created);
  return { order, version: 1 };
}

/** The account and its owner; a customer may order only on its own accounts (a foreign one answers as unknown). */
async function orderingParties(accountId: string, principal: Principal) {
  const stored = await findBillingAccount(accountId);
  const customerId = stored ? ownerCustomerId(stored.account) : undefined;
  if (!stored || !customerId || (!isStaff(principal) && principal.customerId !== customerId)) {
    throw ApiError.badRequest(`billing account ${accountId} does not exist`, [{ field: 'billingAccount.id', problem: 'unknown billing account' }]);
  }
  const customer = await findCustomer(customerId);
  if (!customer) throw new Error(`invariant broken: billing account ${accountId} belongs to customer ${customerId}, who does not exist`);
  return { account: stored.account, customer: customer.customer };
}
