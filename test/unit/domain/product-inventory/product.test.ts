import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TmfOrderPrice } from '../../../../domain/pricing/price-quote.js';
import {
  newProduct,
  nextProductStatuses,
  ownerCustomerIdOfProduct,
  productPriceFromOrderPrice,
  productStatuses,
  transitionProduct,
  withRealizingServices,
  type Product,
  type ProductStatus,
} from '../../../../domain/product-inventory/product.js';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { installationPrice, monthlyPrice, newProductInput, productIn } from '../../../support/product-fixtures.js';
import { expectValidTmf, tmf637 } from '../../../support/tmf-schema.js';

/** The TMF637 lifecycle we implement, written out independently of the domain's table. */
const edges: Record<ProductStatus, ProductStatus[]> = {
  created: ['pendingActive', 'cancelled'],
  pendingActive: ['active', 'cancelled'],
  active: ['pendingTerminate', 'suspended'],
  suspended: ['active', 'pendingTerminate'],
  pendingTerminate: ['terminated'],
  terminated: [],
  cancelled: [],
};

const at = '2026-02-01T08:00:00.000Z';

describe('newProduct', () => {
  it('builds a created TMF637 Product owned by the customer, billed to its account, traced to its order item', () => {
    const product = newProduct(newProductInput());
    expect(product).toEqual({
      id: 'prod-1',
      href: '/tmf-api/productInventory/v4/product/prod-1',
      '@type': 'Product',
      name: 'Fibre 1G',
      isBundle: false,
      isCustomerVisible: true,
      status: 'created',
      orderDate: '2026-01-15T09:59:00.000Z',
      productOffering: { id: 'po-fibre', href: '/tmf-api/productCatalogManagement/v4/productOffering/po-fibre', name: 'Fibre 1G', '@referredType': 'ProductOffering' },
      productCharacteristic: [{ name: 'downloadSpeed', value: 1000, valueType: 'number' }],
      productPrice: [monthlyPrice, installationPrice],
      billingAccount: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', '@referredType': 'BillingAccount' },
      relatedParty: [{ id: 'cust-1', href: '/tmf-api/customerManagement/v4/customer/cust-1', role: 'Customer', '@referredType': 'Customer' }],
      productOrderItem: [
        {
          orderItemId: '1',
          productOrderId: 'order-1',
          productOrderHref: '/tmf-api/productOrderingManagement/v4/productOrder/order-1',
          orderItemAction: 'add',
          '@referredType': 'ProductOrderItem',
        },
      ],
      createdAt: '2026-01-15T10:00:00.000Z',
      lastModified: '2026-01-15T10:00:00.000Z',
    });
    expectValidTmf(tmf637, 'Product', product);
  });

  it('keeps optional attributes it is given, and quantity only when above one', () => {
    const product = newProduct(
      newProductInput({
        description: 'Fibre at home',
        productSpecification: { id: 'ps-fibre', name: 'Fibre access', version: '2' },
        productSerialNumber: 'ONT-0042',
        quantity: 3,
      }),
    );
    expect(product).toMatchObject({
      description: 'Fibre at home',
      productSpecification: { id: 'ps-fibre', name: 'Fibre access', version: '2', '@referredType': 'ProductSpecification' },
      productSerialNumber: 'ONT-0042',
      quantity: 3,
    });
    expectValidTmf(tmf637, 'Product', product);
    expect(newProduct(newProductInput({ quantity: 1 }))).not.toHaveProperty('quantity');
  });

  it('copies characteristics and prices, so later changes to the input do not reach the product', () => {
    const input = newProductInput();
    const product = newProduct(input);
    (input.productCharacteristic as unknown as { value: unknown }[])[0]!.value = 10;
    expect(product.productCharacteristic[0]!.value).toBe(1000);
  });

  it.each([
    ['an empty id', { id: '' }, 'id'],
    ['a blank customer', { customerId: '  ' }, 'customerId'],
    ['an empty order id', { productOrderId: '' }, 'productOrderId'],
  ])('refuses %s, naming the field', (_label, change, field) => {
    expect(() => newProduct(newProductInput(change))).toThrow(InvalidInputError);
    try {
      newProduct(newProductInput(change));
    } catch (error) {
      expect((error as InvalidInputError).problems.map((problem) => problem.field)).toEqual([field]);
    }
  });

  it.each([0, -1, 1.5])('refuses quantity %s', (quantity) => {
    expect(() => newProduct(newProductInput({ quantity }))).toThrow(/quantity must be a positive integer/);
  });
});

describe('transitionProduct', () => {
  const pairs = productStatuses.flatMap((from) => productStatuses.map((to) => [from, to, edges[from].includes(to)] as const));

  it.each(pairs)('%s → %s allowed: %s', (from, to, allowed) => {
    const product = productIn(from);
    if (allowed) {
      const moved = transitionProduct(product, to, at);
      expect(moved.status).toBe(to);
      expect(moved.lastModified).toBe(at);
      expectValidTmf(tmf637, 'Product', moved);
    } else {
      expect(() => transitionProduct(product, to, at)).toThrow(RuleViolationError);
    }
  });

  it('nextProductStatuses is exactly the lifecycle table', () => {
    for (const status of productStatuses) expect([...nextProductStatuses(status)].sort()).toEqual([...edges[status]].sort());
  });

  it('names the moves that are allowed when refusing one, and says when a status is final', () => {
    expect(() => transitionProduct(productIn('created'), 'active', at)).toThrow(
      'product prod-1 cannot go from created to active; from created it can go to pendingActive, cancelled',
    );
    expect(() => transitionProduct(productIn('terminated'), 'active', at)).toThrow('product prod-1 cannot go from terminated to active; terminated is final');
    try {
      transitionProduct(productIn('active'), 'active', at);
      expect.unreachable();
    } catch (error) {
      expect((error as RuleViolationError).rule).toBe('product-lifecycle');
    }
  });

  it('stamps startDate on the first activation and keeps it on a resume from suspension', () => {
    const active = transitionProduct(productIn('pendingActive'), 'active', at);
    expect(active.startDate).toBe(at);
    const suspended = transitionProduct(active, 'suspended', '2026-03-01T00:00:00.000Z');
    const resumed = transitionProduct(suspended, 'active', '2026-03-05T00:00:00.000Z');
    expect(resumed.startDate).toBe(at);
  });

  it('stamps terminationDate on termination only', () => {
    const pending = transitionProduct(productIn('active'), 'pendingTerminate', at);
    expect(pending).not.toHaveProperty('terminationDate');
    expect(transitionProduct(pending, 'terminated', '2026-02-02T00:00:00.000Z').terminationDate).toBe('2026-02-02T00:00:00.000Z');
    expect(transitionProduct(productIn('created'), 'cancelled', at)).not.toHaveProperty('terminationDate');
  });

  it('does not change the product it is given', () => {
    const product = productIn('pendingActive');
    const before = structuredClone(product);
    transitionProduct(product, 'active', at);
    expect(product).toEqual(before);
  });

  it('property: any walk of allowed moves keeps the invariants of the lifecycle', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 25 }), (choices) => {
        let product: Product = productIn('created');
        let firstStart: string | undefined;
        let step = 0;
        for (const choice of choices) {
          const options = edges[product.status];
          if (options.length === 0) break;
          step += 1;
          const when = new Date(Date.parse('2026-02-01T00:00:00Z') + step * 3_600_000).toISOString();
          product = transitionProduct(product, options[choice % options.length]!, when);
          firstStart ??= product.startDate;
          expect(product.startDate).toBe(firstStart);
          expect(product.terminationDate !== undefined).toBe(product.status === 'terminated');
          if (product.startDate === undefined) expect(['created', 'pendingActive', 'cancelled']).toContain(product.status);
        }
        for (const to of productStatuses.filter((status) => !edges[product.status].includes(status))) {
          expect(() => transitionProduct(product, to, at)).toThrow(RuleViolationError);
        }
      }),
    );
  });
});

describe('withRealizingServices', () => {
  it('adds the services provisioning created once each, and leaves an unchanged product as it was', () => {
    const product = productIn('pendingActive');
    const realized = withRealizingServices(product, ['svc-1', 'svc-1', 'svc-2'], at);
    expect(realized.realizingService).toEqual([
      { id: 'svc-1', '@referredType': 'Service' },
      { id: 'svc-2', '@referredType': 'Service' },
    ]);
    expect(realized.lastModified).toBe(at);
    expectValidTmf(tmf637, 'Product', realized);
    expect(withRealizingServices(realized, ['svc-2'], '2026-05-01T00:00:00.000Z')).toBe(realized);
  });
});

describe('ownerCustomerIdOfProduct', () => {
  it('is the Customer party', () => {
    expect(ownerCustomerIdOfProduct(productIn('active', { customerId: 'cust-9' }))).toBe('cust-9');
  });

  it('reports a product without a Customer party as a broken invariant', () => {
    expect(() => ownerCustomerIdOfProduct({ id: 'p', relatedParty: [] })).toThrow(/invariant broken: product p has no Customer party/);
  });
});

describe('productPriceFromOrderPrice', () => {
  const orderLine: TmfOrderPrice = {
    '@type': 'OrderPrice',
    name: 'Installation',
    priceType: 'oneTime',
    price: installationPrice.price,
    priceAlteration: installationPrice.productPriceAlteration!,
    productOfferingPrice: installationPrice.productOfferingPrice,
  };

  it('turns a priced order line (TMF622 itemPrice) into the product price, alterations included', () => {
    const price = productPriceFromOrderPrice(orderLine);
    expect(price).toEqual(installationPrice);
    expectValidTmf(tmf637, 'ProductPrice', price);
  });

  it('leaves productPriceAlteration out when the line has none', () => {
    const { priceAlteration: _none, ...plain } = orderLine;
    expect(productPriceFromOrderPrice({ ...plain, priceAlteration: [] })).not.toHaveProperty('productPriceAlteration');
  });

  it('refuses an order total, which names no productOfferingPrice', () => {
    const { productOfferingPrice: _none, ...total } = orderLine;
    expect(() => productPriceFromOrderPrice(total)).toThrow(/names no productOfferingPrice/);
  });
});
