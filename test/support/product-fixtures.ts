import type { ChargeTerm } from '../../domain/billing/charge-term.js';
import { newProduct, transitionProduct, type NewProductInput, type Product, type ProductPrice, type ProductPriceAlteration, type ProductStatus } from '../../domain/product-inventory/product.js';

/** Products as order-to-cash builds them, and their table items as product-store writes them. */
export const monthlyPrice: ProductPrice = {
  '@type': 'ProductPrice',
  name: 'Fibre 1G monthly fee',
  priceType: 'recurring',
  recurringChargePeriod: 'month',
  recurringChargePeriodLength: 1,
  price: {
    '@type': 'Price',
    dutyFreeAmount: { unit: 'EUR', value: 25 },
    taxIncludedAmount: { unit: 'EUR', value: 30 },
    taxRate: 20,
  },
  productOfferingPrice: { id: 'pop-fibre-monthly', href: '/tmf-api/productCatalogManagement/v4/productOfferingPrice/pop-fibre-monthly', name: 'Fibre 1G monthly fee', '@referredType': 'ProductOfferingPrice' },
};

export const installationPrice: ProductPrice = {
  '@type': 'ProductPrice',
  name: 'Installation',
  priceType: 'oneTime',
  price: { '@type': 'Price', dutyFreeAmount: { unit: 'EUR', value: 40 }, taxIncludedAmount: { unit: 'EUR', value: 48 }, taxRate: 20 },
  productPriceAlteration: [
    {
      '@type': 'PriceAlteration',
      name: 'Half-price installation',
      priceType: 'oneTime',
      priority: 1,
      price: { '@type': 'Price', dutyFreeAmount: { unit: 'EUR', value: -20 }, taxIncludedAmount: { unit: 'EUR', value: -24 }, taxRate: 20, percentage: 50 },
      productOfferingPrice: { id: 'pop-install-half', href: '/tmf-api/productCatalogManagement/v4/productOfferingPrice/pop-install-half', name: 'Half-price installation', '@referredType': 'ProductOfferingPrice' },
    },
  ],
  productOfferingPrice: { id: 'pop-install', href: '/tmf-api/productCatalogManagement/v4/productOfferingPrice/pop-install', name: 'Installation', '@referredType': 'ProductOfferingPrice' },
};

/** A 3-month promotion on a monthly price (−50 %), as an order sells it. */
export const launchPromotion: ProductPriceAlteration = {
  '@type': 'PriceAlteration',
  name: 'Mobile M launch promotion',
  priceType: 'recurring',
  recurringChargePeriod: 'month',
  applicationDuration: 3,
  priority: 1,
  price: { '@type': 'Price', dutyFreeAmount: { unit: 'EUR', value: -8.33 }, taxIncludedAmount: { unit: 'EUR', value: -10 }, taxRate: 20, percentage: 50 },
  productOfferingPrice: { id: 'pop-m-promo', href: '/tmf-api/productCatalogManagement/v4/productOfferingPrice/pop-m-promo', name: 'Mobile M launch promotion', '@referredType': 'ProductOfferingPrice' },
};

export const promotedMonthlyPrice: ProductPrice = { ...monthlyPrice, productPriceAlteration: [launchPromotion] };

/** The charge term of a product sold at `from` with the fixtures' prices. */
export function chargeTermFrom(from: string, extra: Partial<ChargeTerm> = {}): ChargeTerm {
  return {
    from,
    productOffering: { id: 'po-fibre', href: '/tmf-api/productCatalogManagement/v4/productOffering/po-fibre', name: 'Fibre 1G' },
    quantity: 1,
    characteristic: [],
    pinnedPrice: [{ id: 'pop-fibre-monthly' }, { id: 'pop-m-promo' }],
    ...extra,
  };
}

export function newProductInput(overrides: Partial<NewProductInput> = {}): NewProductInput {
  return {
    id: 'prod-1',
    name: 'Fibre 1G',
    orderDate: '2026-01-15T09:59:00.000Z',
    productOffering: { id: 'po-fibre', href: '/tmf-api/productCatalogManagement/v4/productOffering/po-fibre', name: 'Fibre 1G' },
    productCharacteristic: [{ name: 'downloadSpeed', value: 1000, valueType: 'number' }],
    productPrice: [monthlyPrice, installationPrice],
    billingAccountId: 'ba-1',
    customerId: 'cust-1',
    productOrderId: 'order-1',
    orderItemId: '1',
    action: 'add',
    now: '2026-01-15T10:00:00.000Z',
    ...overrides,
  };
}

const path: Record<ProductStatus, ProductStatus[]> = {
  created: [],
  pendingActive: ['pendingActive'],
  active: ['pendingActive', 'active'],
  suspended: ['pendingActive', 'active', 'suspended'],
  pendingTerminate: ['pendingActive', 'active', 'pendingTerminate'],
  terminated: ['pendingActive', 'active', 'pendingTerminate', 'terminated'],
  cancelled: ['cancelled'],
};

/** A product walked to `status` through the lifecycle, one minute per step. */
export function productIn(status: ProductStatus, overrides: Partial<NewProductInput> = {}): Product {
  const created = newProduct(newProductInput(overrides));
  return path[status].reduce(
    (product, next, step) => transitionProduct(product, next, new Date(Date.parse(created.createdAt) + (step + 1) * 60_000).toISOString()),
    created,
  );
}

export function productItem(product: Product, version = 1, chargeTerms: ChargeTerm[] = []) {
  const owner = product.relatedParty.find((party) => party['@referredType'] === 'Customer')!.id;
  return {
    chargeTerms,
    pk: `PRODUCT#${product.id}`,
    sk: 'PRODUCT',
    gsi1pk: 'TYPE#Product',
    gsi1sk: `${product.createdAt}#${product.id}`,
    gsi2pk: `CUSTOMER#${owner}`,
    gsi2sk: `Product#${product.createdAt}#${product.id}`,
    entityType: 'Product',
    version,
    resource: product,
  };
}
