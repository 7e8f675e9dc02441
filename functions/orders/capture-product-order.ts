import type { ProductSpecification } from '../../domain/catalog/product-specification.js';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import type { Customer } from '../../domain/customers/customer.js';
import { pricingProfileOf } from '../../domain/customers/pricing-profile.js';
import { captureOrder, type CapturedOrder, type OrderedProduct } from '../../domain/orders/order-capture.js';
import { orderingCustomerId, type ProductOrderCreate } from '../../domain/orders/product-order-request.js';
import { quoteTaxCategories } from '../../domain/pricing/quote-cart.js';
import { RuleViolationError } from '../../domain/shared/domain-errors.js';
import { isStaff, type Principal } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { customerNow } from '../lib/clock.js';
import { simulatedTaxProvider } from '../lib/providers/simulated-tax-provider.js';
import { findBillingAccount, findDefaultBillingAccountId } from '../lib/store/billing-account-store.js';
import { loadCatalogSnapshot } from '../lib/store/catalog-snapshot.js';
import { findCatalogResources } from '../lib/store/catalog-store.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { findProducts } from '../lib/store/product-store.js';

/**
 * Captures a TMF622 order without placing it (docs/orders.md): the account, its customer, the
 * catalog part the order names, the products it changes and the tax rates are read, and
 * captureOrder checks and prices the order as of the customer's time. Placing an order stores
 * what this answers; a plan change preview (docs/billing.md) asks it what the order would be, so
 * an order the preview shows is one the capture would accept, priced the same. Read-only.
 *
 * DynamoDB round trips: 2 (account, then customer; 3 when the order names no account, which its
 * customer's default is) beside 2-4 for the catalog, then 1 for the specifications and products.
 */
export interface CapturedProductOrder extends CapturedOrder {
  account: BillingAccount;
  customer: Customer;
  /** The capture instant. */
  now: string;
}

export async function captureProductOrder(
  input: ProductOrderCreate,
  context: {
    principal: Principal;
    /** The order's id: the products its add items create are named after it. */
    id: string;
    /** The capture instant; by default the customer's time (its test clock's, or the system's). */
    now?: string;
  },
): Promise<CapturedProductOrder> {
  const { principal } = context;
  const accountId = input.billingAccount?.id ?? (await defaultAccountId(input, principal));
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

  const { order, fulfilment } = captureOrder(input, {
    id: context.id,
    now,
    account,
    customer,
    catalog,
    specifications,
    existingProducts,
    taxRates: new Map(rates.map((rate) => [rate.category, rate.rate])),
    // The product an add item creates is named after the order item, so a retried saga step finds it instead of making another.
    newProductId: (itemId) => `${context.id}-${itemId}`,
  });
  return { order, fulfilment, account, customer, now };
}

/**
 * The account of an order that names none (TMF622 makes it optional): the default account of the
 * customer ordering, or, for staff, of the customer the order names in relatedParty.
 */
async function defaultAccountId(input: ProductOrderCreate, principal: Principal): Promise<string> {
  const customerId = isStaff(principal) ? orderingCustomerId(input.relatedParty) : principal.customerId;
  if (customerId === undefined) {
    throw ApiError.badRequest('the order names neither its billing account nor its customer', [
      { field: 'billingAccount', problem: 'name the billing account, or the customer (relatedParty, role Customer) whose default account pays' },
    ]);
  }
  const accountId = await findDefaultBillingAccountId(customerId);
  if (accountId === undefined) {
    throw ApiError.badRequest(`customer ${customerId} has no default billing account`, [
      { field: 'billingAccount', problem: `customer ${customerId} does not exist or has no default account: name the billing account` },
    ]);
  }
  return accountId;
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
