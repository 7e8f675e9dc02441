import { describe, expect, it } from 'vitest';
import type { ProductOffering } from '../../../../domain/catalog/product-offering.js';
import type { ProductOfferingPrice } from '../../../../domain/catalog/product-offering-price.js';
import type { ProductSpecification } from '../../../../domain/catalog/product-specification.js';
import type { BillingAccount } from '../../../../domain/customers/billing-account.js';
import type { Customer } from '../../../../domain/customers/customer.js';
import { loadMoney } from '../../../../domain/orders/order-fulfilment.js';
import { monthlyRecurringOf } from '../../../../domain/orders/credit-exposure.js';
import { captureOrder, type CaptureContext, type OrderedProduct } from '../../../../domain/orders/order-capture.js';
import { productOrderCreateSchema, type ProductOrderCreate } from '../../../../domain/orders/product-order-request.js';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { billingAccountResource, customerResource } from '../../../support/fixtures.js';
import { expectValidTmf, tmf622 } from '../../../support/tmf-schema.js';
import { eur, frenchVat, price } from '../pricing/pricing-fixtures.js';

const now = '2026-02-01T10:00:00.000Z';
const catalogApi = '/tmf-api/productCatalogManagement/v4';

function offering(id: string, attributes: Partial<ProductOffering> = {}): ProductOffering {
  return {
    id,
    href: `${catalogApi}/productOffering/${id}`,
    name: id,
    lifecycleStatus: 'Launched',
    lastUpdate: '2026-01-01T00:00:00.000Z',
    isBundle: false,
    isSellable: true,
    '@type': 'ProductOffering',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...attributes,
  };
}

function specification(id: string, attributes: Partial<ProductSpecification> = {}): ProductSpecification {
  return {
    id,
    href: `${catalogApi}/productSpecification/${id}`,
    name: id,
    isBundle: false,
    lifecycleStatus: 'Launched',
    lastUpdate: '2026-01-01T00:00:00.000Z',
    '@type': 'ProductSpecification',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...attributes,
  };
}

const prices: ProductOfferingPrice[] = [
  price({ id: 'pop-handset', name: 'Phone X 128 GB', priceType: 'oneTime', price: eur(699), taxIncluded: true, tax: [{ taxCategory: 'electronicDevice' }] }),
  price({ id: 'pop-m-monthly', name: 'Mobile M monthly', priceType: 'recurring', recurringChargePeriodType: 'month', price: eur(20), taxIncluded: true, tax: [{ taxCategory: 'telecommunications' }] }),
  price({ id: 'pop-cloud-yearly', name: 'Cloud storage yearly', priceType: 'recurring', recurringChargePeriodType: 'year', price: eur(100), taxIncluded: true, tax: [{ taxCategory: 'standard' }] }),
  price({ id: 'pop-antivirus-yearly', name: 'Antivirus yearly', priceType: 'recurring', recurringChargePeriodType: 'year', price: eur(100), taxIncluded: true, tax: [{ taxCategory: 'standard' }] }),
  price({ id: 'pop-activation', name: 'Activation fee', priceType: 'oneTime', price: eur(15), taxIncluded: true, tax: [{ taxCategory: 'telecommunications' }] }),
];

const offerings = [
  offering('po-phone-x', { name: 'Phone X 128 GB', productSpecification: { id: 'ps-phone-x' }, productOfferingPrice: [{ id: 'pop-handset' }] }),
  offering('po-mobile-m', { name: 'Mobile M', productSpecification: { id: 'ps-mobile' }, productOfferingPrice: [{ id: 'pop-m-monthly' }, { id: 'pop-activation' }] }),
  offering('po-mobile-l', { name: 'Mobile L', productSpecification: { id: 'ps-mobile' }, productOfferingPrice: [{ id: 'pop-m-monthly' }] }),
  offering('po-security-pack', { name: 'Security pack', productOfferingPrice: [{ id: 'pop-cloud-yearly' }, { id: 'pop-antivirus-yearly' }] }),
  offering('po-draft', { name: 'Mobile XL', lifecycleStatus: 'In design', productOfferingPrice: [{ id: 'pop-m-monthly' }] }),
  offering('po-retired', { name: 'Mobile S', validFor: { startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2026-01-01T00:00:00Z' }, productOfferingPrice: [{ id: 'pop-m-monthly' }] }),
  offering('po-extra-sim', { name: 'Extra SIM', isSellable: false, productOfferingPrice: [{ id: 'pop-activation' }] }),
];

const specifications = [
  specification('ps-phone-x', {
    productSpecCharacteristic: [
      { name: 'colour', valueType: 'string', productSpecCharacteristicValue: [{ value: 'black', isDefault: true }, { value: 'white' }] },
      { name: 'stockKeepingUnit', valueType: 'string', productSpecCharacteristicValue: [{ value: 'SKU-PHONE-X-128' }] },
    ],
  }),
  specification('ps-mobile', {
    productSpecCharacteristic: [{ name: 'phoneNumber', valueType: 'string', regex: '^\\+[1-9][0-9]{7,14}$' }],
  }),
];

const products: OrderedProduct[] = [
  { id: 'prod-line', status: 'active', billingAccount: { id: 'ba-1' }, productOffering: { id: 'po-mobile-m', name: 'Mobile M' } },
  { id: 'prod-line-2', status: 'active', billingAccount: { id: 'ba-1' }, productOffering: { id: 'po-mobile-m', name: 'Mobile M' } },
  { id: 'prod-suspended', status: 'suspended', billingAccount: { id: 'ba-1' }, productOffering: { id: 'po-mobile-m', name: 'Mobile M' } },
  { id: 'prod-foreign', status: 'active', billingAccount: { id: 'ba-2' }, productOffering: { id: 'po-mobile-m', name: 'Mobile M' } },
];

const paymentMethod = { id: 'pm-card-1', '@referredType': 'PaymentMethod' };
const ada = customerResource({ id: 'cust-1' });

function context(overrides: { account?: BillingAccount; customer?: Customer } = {}): CaptureContext {
  return {
    id: 'order-1',
    now,
    account: overrides.account ?? billingAccountResource({ id: 'ba-1', ownerId: 'cust-1', defaultPaymentMethod: paymentMethod }),
    customer: overrides.customer ?? ada,
    catalog: { offerings: new Map(offerings.map((each) => [each.id, each])), prices: new Map(prices.map((each) => [each.id, each])) },
    specifications: new Map(specifications.map((each) => [each.id, each])),
    existingProducts: new Map(products.map((each) => [each.id, each])),
    taxRates: frenchVat,
    newProductId: (itemId) => `order-1-${itemId}`,
  };
}

/** A request as the handler hands it over: parsed by the create schema. */
const request = (body: Record<string, unknown>): ProductOrderCreate =>
  productOrderCreateSchema.parse({ billingAccount: { id: 'ba-1' }, ...body });

const handsetAndPlan = () =>
  request({
    description: 'New phone and line',
    relatedParty: [{ id: 'cust-1', role: 'Customer' }],
    productOrderItem: [
      { id: '1', action: 'add', productOffering: { id: 'po-phone-x' }, product: { productCharacteristic: [{ name: 'colour', value: 'white' }] } },
      { id: '2', action: 'add', productOffering: { id: 'po-mobile-m' }, product: { productCharacteristic: [{ name: 'phoneNumber', value: '+33612345678' }] } },
    ],
  });

function thrown<T extends Error>(kind: new (...args: never[]) => T, action: () => unknown): T {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(kind);
    return error as T;
  }
  throw new Error(`expected ${kind.name}, nothing was thrown`);
}

const problemFields = (error: InvalidInputError) => error.problems.map((problem) => problem.field);

describe('captureOrder', () => {
  it('a handset and a plan: an acknowledged, priced order valid against TMF622', () => {
    const { order } = captureOrder(handsetAndPlan(), context());
    expectValidTmf(tmf622, 'ProductOrder', order);
    expect(order).toMatchObject({
      id: 'order-1',
      href: '/tmf-api/productOrderingManagement/v4/productOrder/order-1',
      '@type': 'ProductOrder',
      state: 'acknowledged',
      orderDate: now,
      lastUpdate: now,
      description: 'New phone and line',
      billingAccount: { id: 'ba-1', '@referredType': 'BillingAccount' },
      relatedParty: [{ id: 'cust-1', role: 'Customer', name: 'Ada Lovelace', '@referredType': 'Customer' }],
    });
    expect(order.productOrderItem.map((item) => [item.id, item.action, item.state, item.productOffering?.id, item.product.id])).toEqual([
      ['1', 'add', 'acknowledged', 'po-phone-x', 'order-1-1'],
      ['2', 'add', 'acknowledged', 'po-mobile-m', 'order-1-2'],
    ]);
    expect(order.productOrderItem[0]!.product.productCharacteristic).toEqual([
      { name: 'colour', value: 'white', valueType: 'string' },
      { name: 'stockKeepingUnit', value: 'SKU-PHONE-X-128', valueType: 'string' },
    ]);
    expect(order.productOrderItem[0]!.product.href).toBe('/tmf-api/productInventory/v4/product/order-1-1');
  });

  it('prices each item with the pricing engine: 699.00 one-time for the handset, 20.00 a month and 15.00 once for the plan (20 % VAT included)', () => {
    const { order } = captureOrder(handsetAndPlan(), context());
    const [handset, plan] = order.productOrderItem;
    expect(handset!.itemPrice).toHaveLength(1);
    expect(handset!.itemPrice[0]).toMatchObject({
      '@type': 'OrderPrice',
      priceType: 'oneTime',
      price: { taxIncludedAmount: eur(699), dutyFreeAmount: eur(582.5), taxRate: 20 },
      productOfferingPrice: { id: 'pop-handset' },
    });
    expect(plan!.itemPrice.map((line) => [line.priceType, line.recurringChargePeriod, line.price.taxIncludedAmount])).toEqual(
      expect.arrayContaining([
        ['recurring', 'month', eur(20)],
        ['oneTime', undefined, eur(15)],
      ]),
    );
    expect(plan!.itemTotalPrice.map((total) => [total.priceType, total.price.taxIncludedAmount])).toEqual(
      expect.arrayContaining([
        ['recurring', eur(20)],
        ['oneTime', eur(15)],
      ]),
    );
    const totals = Object.fromEntries(order.orderTotalPrice.map((total) => [total.priceType, total.price.taxIncludedAmount]));
    expect(totals).toEqual({ oneTime: eur(714), recurring: eur(20) });
  });

  it('the fulfilment: upfront is the one-time charges tax included, recurringMonthly the monthly ones, a SKU only on the physical good', () => {
    const { fulfilment } = captureOrder(handsetAndPlan(), context());
    expect(fulfilment).toMatchObject({
      customerId: 'cust-1',
      billingAccountId: 'ba-1',
      currency: 'EUR',
      paymentMethodToken: 'pm-card-1',
      upfront: { currency: 'EUR', minor: '71400' },
      recurringMonthly: { currency: 'EUR', minor: '2000' },
    });
    const [handset, plan] = fulfilment.items;
    expect(handset).toMatchObject({
      itemId: '1',
      action: 'add',
      productId: 'order-1-1',
      productOffering: { id: 'po-phone-x', name: 'Phone X 128 GB' },
      quantity: 1,
      sku: 'SKU-PHONE-X-128',
      upfront: { currency: 'EUR', minor: '69900' },
      recurringMonthly: { currency: 'EUR', minor: '0' },
    });
    expect(plan).toMatchObject({
      itemId: '2',
      productId: 'order-1-2',
      characteristics: [{ name: 'phoneNumber', value: '+33612345678', valueType: 'string' }],
      upfront: { currency: 'EUR', minor: '1500' },
      recurringMonthly: { currency: 'EUR', minor: '2000' },
    });
    expect(plan).not.toHaveProperty('sku');
    expect(plan!.prices).toEqual(captureOrder(handsetAndPlan(), context()).order.productOrderItem[1]!.itemPrice);
  });

  it('a yearly price counts a twelfth a month in the fulfilment', () => {
    const { fulfilment } = captureOrder(request({ productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'po-cloud-x' } }] }), {
      ...context(),
      catalog: {
        offerings: new Map([['po-cloud-x', offering('po-cloud-x', { productOfferingPrice: [{ id: 'pop-cloud-yearly' }] })]]),
        prices: new Map(prices.map((each) => [each.id, each])),
      },
    });
    // 100.00 / 12 = 8.333… → 8.33
    expect(fulfilment.recurringMonthly).toEqual({ currency: 'EUR', minor: '833' });
  });

  // One measure for both: two yearly 100.00 lines count 8.33 + 8.33 = 16.66, at capture as on the product later.
  it('the monthly amount capture records equals what the credit check later counts for the same prices', () => {
    const { fulfilment } = captureOrder(request({ productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'po-security-pack' } }] }), context());
    const [item] = fulfilment.items;
    expect(loadMoney(item!.recurringMonthly)).toEqual(monthlyRecurringOf(item!.prices, 'EUR'));
  });

  it('a quantity multiplies the upfront of a physical good', () => {
    const { fulfilment } = captureOrder(request({ productOrderItem: [{ id: '1', action: 'add', quantity: 2, productOffering: { id: 'po-phone-x' } }] }), context());
    expect(fulfilment.items[0]).toMatchObject({ quantity: 2, sku: 'SKU-PHONE-X-128', upfront: { minor: '139800' } });
    expect(fulfilment.upfront.minor).toBe('139800');
  });

  it('a plan change names the product it changes; a disconnection is free and keeps the product offering', () => {
    const { order, fulfilment } = captureOrder(
      request({
        productOrderItem: [
          { id: '1', action: 'modify', productOffering: { id: 'po-mobile-l' }, product: { id: 'prod-line' } },
          { id: '2', action: 'delete', product: { id: 'prod-line-2' } },
        ],
      }),
      context(),
    );
    expectValidTmf(tmf622, 'ProductOrder', order);
    expect(order.productOrderItem.map((item) => [item.action, item.product.id, item.productOffering?.id])).toEqual([
      ['modify', 'prod-line', 'po-mobile-l'],
      ['delete', 'prod-line-2', undefined],
    ]);
    expect(fulfilment.items[1]).toMatchObject({ productId: 'prod-line-2', productOffering: { id: 'po-mobile-m' }, upfront: { minor: '0' }, prices: [] });
    expect(fulfilment.items[0]).not.toHaveProperty('sku');
  });

  it('an order without upfront charges needs no payment method', () => {
    const account = billingAccountResource({ id: 'ba-1', ownerId: 'cust-1' });
    const { fulfilment } = captureOrder(request({ productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'po-mobile-l' } }] }), context({ account }));
    expect(fulfilment.upfront.minor).toBe('0');
    expect(fulfilment).not.toHaveProperty('paymentMethodToken');
  });

  describe('refusals', () => {
    it.each([
      ['po-nope', 'no product offering po-nope'],
      ['po-draft', 'product offering Mobile XL (po-draft) is not on sale (In design)'],
      ['po-retired', 'product offering Mobile S (po-retired) is not on sale (Launched, outside its validFor)'],
      ['po-extra-sim', 'product offering Extra SIM (po-extra-sim) is not sellable on its own'],
    ])('an offering %s is refused, naming productOrderItem[i].productOffering.id', (offeringId, problem) => {
      const input = request({ productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'po-mobile-l' } }, { id: '2', action: 'add', productOffering: { id: offeringId } }] });
      const error = thrown(InvalidInputError, () => captureOrder(input, context()));
      expect(error.problems).toEqual([{ field: 'productOrderItem[1].productOffering.id', problem }]);
      expect(error.message).toContain(problem);
    });

    it('a plan change to the offering the product already has is refused', () => {
      const input = request({ productOrderItem: [{ id: '1', action: 'modify', productOffering: { id: 'po-mobile-m' }, product: { id: 'prod-line' } }] });
      expect(problemFields(thrown(InvalidInputError, () => captureOrder(input, context())))).toEqual(['productOrderItem[0].productOffering.id']);
    });

    it('characteristic problems name the item characteristic', () => {
      const input = request({
        productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'po-mobile-m' }, product: { productCharacteristic: [{ name: 'phoneNumber', value: '0612' }] } }],
      });
      expect(problemFields(thrown(InvalidInputError, () => captureOrder(input, context())))).toEqual(['productOrderItem[0].product.productCharacteristic[0].value']);
    });

    it('a relatedParty naming another customer is refused', () => {
      const input = request({ relatedParty: [{ id: 'cust-2', role: 'Customer' }], productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'po-mobile-l' } }] });
      const error = thrown(InvalidInputError, () => captureOrder(input, context()));
      expect(error.problems).toEqual([{ field: 'relatedParty', problem: 'customer cust-2 does not own billing account ba-1' }]);
    });

    it.each(['Closed', 'Suspended'] as const)('a %s customer cannot order', (status) => {
      const input = request({ productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'po-mobile-l' } }] });
      const error = thrown(RuleViolationError, () => captureOrder(input, context({ customer: customerResource({ id: 'cust-1', status }) })));
      expect(error.rule).toBe('customer-cannot-order');
      expect(error.message).toContain(status);
    });

    it.each(['Suspended', 'Closed'] as const)('a %s billing account cannot order', (state) => {
      const input = request({ productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'po-mobile-l' } }] });
      const error = thrown(RuleViolationError, () => captureOrder(input, context({ account: billingAccountResource({ id: 'ba-1', state, defaultPaymentMethod: paymentMethod }) })));
      expect(error.rule).toBe('account-cannot-order');
      expect(error.message).toContain(state);
    });

    it('an upfront charge without a default payment method is refused', () => {
      const error = thrown(RuleViolationError, () => captureOrder(handsetAndPlan(), context({ account: billingAccountResource({ id: 'ba-1', ownerId: 'cust-1' }) })));
      expect(error.rule).toBe('no-payment-method');
      expect(error.message).toContain('ba-1');
    });

    it.each([
      ['modify', 'prod-foreign', 'billing account ba-1 has no product prod-foreign'],
      ['delete', 'prod-foreign', 'billing account ba-1 has no product prod-foreign'],
      ['delete', 'prod-unknown', 'billing account ba-1 has no product prod-unknown'],
      ['modify', 'prod-suspended', 'product prod-suspended is suspended; only an active product can be changed or disconnected'],
      ['delete', 'prod-suspended', 'product prod-suspended is suspended; only an active product can be changed or disconnected'],
    ])('%s of %s is refused', (action, productId, problem) => {
      const item = { id: '1', action, product: { id: productId }, ...(action === 'modify' ? { productOffering: { id: 'po-mobile-l' } } : {}) };
      const error = thrown(InvalidInputError, () => captureOrder(request({ productOrderItem: [item] }), context()));
      expect(error.problems).toEqual([{ field: 'productOrderItem[0].product.id', problem }]);
    });

    // A plan change and a disconnection of one line in one order would be applied one after the other.
    it('two items acting on the same existing product are refused, naming the second', () => {
      const input = request({
        productOrderItem: [
          { id: '1', action: 'modify', productOffering: { id: 'po-mobile-l' }, product: { id: 'prod-line' } },
          { id: '2', action: 'delete', product: { id: 'prod-line' } },
        ],
      });
      expect(problemFields(thrown(InvalidInputError, () => captureOrder(input, context())))).toEqual(['productOrderItem[1].product.id']);
    });

    it('reports the problems of every item at once', () => {
      const input = request({
        productOrderItem: [
          { id: '1', action: 'add', productOffering: { id: 'po-nope' } },
          { id: '2', action: 'delete', product: { id: 'prod-foreign' } },
        ],
      });
      expect(problemFields(thrown(InvalidInputError, () => captureOrder(input, context())))).toEqual(['productOrderItem[0].productOffering.id', 'productOrderItem[1].product.id']);
    });
  });
});
