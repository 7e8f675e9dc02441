import { InvalidInputError, RuleViolationError } from '../shared/domain-errors.js';
import type { ChargedPriceType, TmfOrderPrice, TmfPrice, TmfPriceAlteration, TmfProductOfferingPriceRef } from '../pricing/price-quote.js';
import type { RecurringChargePeriodType } from '../catalog/product-offering-price.js';

/**
 * TMF637 Product: what a customer has, as order-to-cash recorded it (docs/product-inventory-and-payments.md).
 * Products are never created through the API; the saga builds them with `newProduct` and
 * moves them through their lifecycle with `transitionProduct`:
 *
 *   created ──► pendingActive ──► active ──► pendingTerminate ──► terminated
 *      │              │            ▲  │              ▲
 *      └──────────────┴─► cancelled │  ▼              │
 *                                  suspended ─────────┘
 *
 * Extension attributes (allowed by the TMF637 schema): `quantity` (units of the offering the
 * order item bought, when more than one), `createdAt`, `lastModified`,
 * `recurringChargePeriodLength` on prices (as on TMF622 order prices), and `validFor` on
 * promotions (ProductPriceAlteration, below).
 */
export const productPath = '/tmf-api/productInventory/v4/product';
const billingAccountPath = '/tmf-api/accountManagement/v4/billingAccount';
const customerPath = '/tmf-api/customerManagement/v4/customer';
const productOrderPath = '/tmf-api/productOrderingManagement/v4/productOrder';

/** The TMF637 ProductStatusType values we use (all of them but the spec's misspelt `aborted `). */
export const productStatuses = ['created', 'pendingActive', 'active', 'pendingTerminate', 'terminated', 'suspended', 'cancelled'] as const;
export type ProductStatus = (typeof productStatuses)[number];

/**
 * A suspended product may also be terminated (pendingTerminate): dunning suspends a product
 * and a write-off ends it without resuming it first.
 */
const allowedTransitions: Record<ProductStatus, readonly ProductStatus[]> = {
  created: ['pendingActive', 'cancelled'],
  pendingActive: ['active', 'cancelled'],
  active: ['pendingTerminate', 'suspended'],
  suspended: ['active', 'pendingTerminate'],
  pendingTerminate: ['terminated'],
  terminated: [],
  cancelled: [],
};

export const nextProductStatuses = (from: ProductStatus): readonly ProductStatus[] => allowedTransitions[from];

export type ProductOrderItemAction = 'add' | 'modify' | 'delete';

export interface ProductOfferingRef {
  id: string;
  href: string;
  name: string;
  '@referredType': 'ProductOffering';
}

export interface ProductSpecificationRef {
  id: string;
  href?: string;
  name?: string;
  version?: string;
  '@referredType': 'ProductSpecification';
}

export interface ProductCharacteristic {
  name: string;
  value: string | number | boolean;
  valueType?: string;
}

/**
 * TMF637 PriceAlteration, as TMF622 order prices carry it (a discount applied to the price).
 * Extension: `validFor` on a promotion (one with `applicationDuration`), added when the product
 * is read: from the start of the charge term its price belongs to until the instant billing
 * stops applying it (promotion-validity.ts). Never stored.
 */
export type ProductPriceAlteration = TmfPriceAlteration & { validFor?: { startDateTime: string; endDateTime: string } };

/**
 * TMF637 ProductPrice: a price the product was sold at. Billing keeps charging these, not the
 * catalog's current prices (grandfathering); a price change reaches a product only through an
 * order that modifies it.
 */
export interface ProductPrice {
  '@type': 'ProductPrice';
  name: string;
  description?: string;
  priceType: ChargedPriceType;
  recurringChargePeriod?: RecurringChargePeriodType;
  /** Extension: the number of `recurringChargePeriod`s one charge covers. */
  recurringChargePeriodLength?: number;
  unitOfMeasure?: string;
  price: TmfPrice;
  productPriceAlteration?: ProductPriceAlteration[];
  productOfferingPrice: TmfProductOfferingPriceRef;
}

export interface BillingAccountRef {
  id: string;
  href: string;
  '@referredType': 'BillingAccount';
}

export interface ProductRelatedParty {
  id: string;
  href: string;
  role: 'Customer';
  '@referredType': 'Customer';
}

export interface RelatedProductOrderItem {
  orderItemId: string;
  productOrderId: string;
  productOrderHref: string;
  orderItemAction: ProductOrderItemAction;
  '@referredType': 'ProductOrderItem';
}

export interface RealizingServiceRef {
  id: string;
  '@referredType': 'Service';
}

export interface Product {
  id: string;
  href: string;
  '@type': 'Product';
  name: string;
  description?: string;
  isBundle: false;
  isCustomerVisible: true;
  status: ProductStatus;
  /** When the product first became active. */
  startDate?: string;
  /** When it was terminated. */
  terminationDate?: string;
  orderDate: string;
  productOffering: ProductOfferingRef;
  productSpecification?: ProductSpecificationRef;
  productCharacteristic: ProductCharacteristic[];
  productPrice: ProductPrice[];
  billingAccount: BillingAccountRef;
  relatedParty: ProductRelatedParty[];
  productOrderItem: RelatedProductOrderItem[];
  /** The services that provisioning created for the product. */
  realizingService?: RealizingServiceRef[];
  productSerialNumber?: string;
  /** Extension: units of the offering, when the order item bought more than one. */
  quantity?: number;
  /** Extension. */
  createdAt: string;
  /** Extension: the last change (a status move). */
  lastModified: string;
}

export interface NewProductInput {
  id: string;
  name: string;
  description?: string;
  orderDate: string;
  productOffering: { id: string; href: string; name: string };
  productSpecification?: Omit<ProductSpecificationRef, '@referredType'>;
  productCharacteristic: readonly ProductCharacteristic[];
  productPrice: readonly ProductPrice[];
  billingAccountId: string;
  customerId: string;
  productOrderId: string;
  orderItemId: string;
  action: ProductOrderItemAction;
  quantity?: number;
  productSerialNumber?: string;
  now: string;
}

/** A product as an order item creates it: `created`, owned by the order's customer, billed to its account. */
export function newProduct(input: NewProductInput): Product {
  const required = { id: input.id, name: input.name, billingAccountId: input.billingAccountId, customerId: input.customerId, productOrderId: input.productOrderId, orderItemId: input.orderItemId };
  const missing = Object.entries(required).filter(([, value]) => value.trim() === '');
  if (missing.length > 0) {
    throw new InvalidInputError(`a product needs ${missing.map(([field]) => field).join(', ')}`, missing.map(([field]) => ({ field, problem: 'must not be empty' })));
  }
  if (input.quantity !== undefined && !(Number.isInteger(input.quantity) && input.quantity >= 1)) {
    throw new InvalidInputError(`quantity must be a positive integer, not ${input.quantity}`, [{ field: 'quantity', problem: 'must be a positive integer' }]);
  }
  return {
    id: input.id,
    href: `${productPath}/${input.id}`,
    '@type': 'Product',
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    isBundle: false,
    isCustomerVisible: true,
    status: 'created',
    orderDate: input.orderDate,
    productOffering: { id: input.productOffering.id, href: input.productOffering.href, name: input.productOffering.name, '@referredType': 'ProductOffering' },
    ...(input.productSpecification ? { productSpecification: { ...input.productSpecification, '@referredType': 'ProductSpecification' } } : {}),
    productCharacteristic: input.productCharacteristic.map((characteristic) => ({ ...characteristic })),
    productPrice: input.productPrice.map((price) => ({ ...price })),
    billingAccount: { id: input.billingAccountId, href: `${billingAccountPath}/${input.billingAccountId}`, '@referredType': 'BillingAccount' },
    relatedParty: [{ id: input.customerId, href: `${customerPath}/${input.customerId}`, role: 'Customer', '@referredType': 'Customer' }],
    productOrderItem: [
      {
        orderItemId: input.orderItemId,
        productOrderId: input.productOrderId,
        productOrderHref: `${productOrderPath}/${input.productOrderId}`,
        orderItemAction: input.action,
        '@referredType': 'ProductOrderItem',
      },
    ],
    ...(input.quantity !== undefined && input.quantity > 1 ? { quantity: input.quantity } : {}),
    ...(input.productSerialNumber !== undefined ? { productSerialNumber: input.productSerialNumber } : {}),
    createdAt: input.now,
    lastModified: input.now,
  };
}

/**
 * Moves a product to `to` at `at`. The first activation stamps `startDate` (a resume from
 * suspension keeps it); termination stamps `terminationDate`. Any move the lifecycle does not
 * allow, staying put included, is a RuleViolationError naming the moves that are allowed.
 */
export function transitionProduct(product: Product, to: ProductStatus, at: string): Product {
  const allowed = allowedTransitions[product.status];
  if (!allowed.includes(to)) {
    const options = allowed.length > 0 ? `from ${product.status} it can go to ${allowed.join(', ')}` : `${product.status} is final`;
    throw new RuleViolationError('product-lifecycle', `product ${product.id} cannot go from ${product.status} to ${to}; ${options}`);
  }
  return {
    ...product,
    status: to,
    ...(to === 'active' && product.startDate === undefined ? { startDate: at } : {}),
    ...(to === 'terminated' ? { terminationDate: at } : {}),
    lastModified: at,
  };
}

/** Records the services provisioning created for the product (no duplicates). */
export function withRealizingServices(product: Product, serviceIds: readonly string[], at: string): Product {
  const known = new Set((product.realizingService ?? []).map((service) => service.id));
  const added = [...new Set(serviceIds)].filter((id) => !known.has(id)).map((id): RealizingServiceRef => ({ id, '@referredType': 'Service' }));
  if (added.length === 0) return product;
  return { ...product, realizingService: [...(product.realizingService ?? []), ...added], lastModified: at };
}

/** The customer that owns the product: its relatedParty of type Customer. */
export function ownerCustomerIdOfProduct(product: Pick<Product, 'id' | 'relatedParty'>): string {
  const owner = product.relatedParty.find((party) => party['@referredType'] === 'Customer');
  if (!owner) throw new Error(`invariant broken: product ${product.id} has no Customer party`);
  return owner.id;
}

/**
 * The product price for a priced order line (TMF622 itemPrice). Totals carry no
 * productOfferingPrice and cannot become product prices.
 */
export function productPriceFromOrderPrice(orderPrice: TmfOrderPrice): ProductPrice {
  const { '@type': _type, priceAlteration, productOfferingPrice, ...rest } = orderPrice;
  if (!productOfferingPrice) {
    throw new InvalidInputError(`the order price ${orderPrice.name} names no productOfferingPrice; only item prices become product prices`, [
      { field: 'productOfferingPrice', problem: 'required for a product price' },
    ]);
  }
  return {
    '@type': 'ProductPrice',
    ...rest,
    ...(priceAlteration && priceAlteration.length > 0 ? { productPriceAlteration: priceAlteration } : {}),
    productOfferingPrice,
  };
}
