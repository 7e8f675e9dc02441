import { describe, expect, it } from 'vitest';
import { orderingCustomerId, productOrderCreateSchema, productOrderPatchSchema } from '../../../../domain/orders/product-order-request.js';

const add = (id: string, extra: Record<string, unknown> = {}) => ({ id, action: 'add', productOffering: { id: 'po-mobile-m' }, ...extra });
const order = (items: unknown[], extra: Record<string, unknown> = {}) => ({ billingAccount: { id: 'ba-1' }, productOrderItem: items, ...extra });

/** The issues of a rejected body as `path: message`, or [] when it parses. */
function issuesOf(schema: { safeParse: (value: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, body: unknown): string[] {
  const result = schema.safeParse(body);
  return result.success ? [] : result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('productOrderCreateSchema', () => {
  it('accepts an add, a modify and a delete item', () => {
    const body = order([
      add('1', { quantity: 2, product: { productCharacteristic: [{ name: 'colour', value: 'black' }] } }),
      { id: 'plan-change', action: 'modify', productOffering: { id: 'po-mobile-l' }, product: { id: 'prod-7' } },
      { id: 'old.line_2', action: 'delete', product: { id: 'prod-8' } },
    ]);
    expect(issuesOf(productOrderCreateSchema, body)).toEqual([]);
  });

  it('rejects two items with the same id, naming the second', () => {
    expect(issuesOf(productOrderCreateSchema, order([add('1'), add('1')]))).toEqual(['productOrderItem.1.id: two items have this id']);
  });

  it('rejects an add or modify item without an offering', () => {
    expect(issuesOf(productOrderCreateSchema, order([{ id: '1', action: 'add' }]))).toEqual([
      'productOrderItem.0.productOffering: an add item names the product offering',
    ]);
    expect(issuesOf(productOrderCreateSchema, order([{ id: '1', action: 'modify', product: { id: 'prod-7' } }]))).toEqual([
      'productOrderItem.0.productOffering: an modify item names the product offering',
    ]);
  });

  it('rejects a modify or delete item without product.id', () => {
    expect(issuesOf(productOrderCreateSchema, order([{ id: '1', action: 'modify', productOffering: { id: 'po-l' } }]))).toEqual([
      'productOrderItem.0.product.id: a modify item names the existing product',
    ]);
    expect(issuesOf(productOrderCreateSchema, order([{ id: '1', action: 'delete', product: {} }]))).toEqual([
      'productOrderItem.0.product.id: a delete item names the existing product',
    ]);
  });

  it('rejects an add item naming a product id: the order makes it', () => {
    expect(issuesOf(productOrderCreateSchema, order([add('1', { product: { id: 'prod-1' } })]))).toEqual([
      'productOrderItem.0.product.id: an add item creates its product: leave the id out',
    ]);
  });

  it('rejects bundle components on an item that is not an add', () => {
    const modify = { id: '1', action: 'modify', productOffering: { id: 'po-l' }, product: { id: 'p' }, productOrderItem: [{ id: '1.1', action: 'add', productOffering: { id: 'x' } }] };
    expect(issuesOf(productOrderCreateSchema, order([modify]))).toEqual(['productOrderItem.0.productOrderItem: bundle components are chosen when the bundle is added']);
  });

  it.each(['a/b', 'a b', '', 'é', 'x'.repeat(65)])('rejects the item id %j: it becomes part of a product id', (id) => {
    const issues = issuesOf(productOrderCreateSchema, order([add(id)]));
    expect(issues).toEqual(['productOrderItem.0.id: letters, digits, dot, underscore or hyphen, at most 64']);
  });

  it('rejects an empty order, unknown attributes and client prices', () => {
    expect(issuesOf(productOrderCreateSchema, order([]))).toHaveLength(1);
    expect(issuesOf(productOrderCreateSchema, order([add('1')], { state: 'completed' }))[0]).toMatch(/state/);
    expect(issuesOf(productOrderCreateSchema, order([add('1', { itemPrice: [] })]))[0]).toMatch(/^productOrderItem\.0: .*itemPrice/);
    expect(issuesOf(productOrderCreateSchema, order([add('1')], { orderTotalPrice: [] }))[0]).toMatch(/orderTotalPrice/);
  });

  it('takes an order without a billing account, and parties without a role (both optional in TMF622)', () => {
    expect(issuesOf(productOrderCreateSchema, { productOrderItem: [add('1')], relatedParty: [{ id: 'c1', '@referredType': 'Individual' }] })).toEqual([]);
  });
});

describe('orderingCustomerId: the customer whose default account pays an order that names none', () => {
  it('is the party whose role is Customer, else the one referred to as a Customer, else the only party without a role', () => {
    expect(orderingCustomerId([{ id: 'c1', role: 'Customer' }, { id: 'p2', role: 'Payer' }])).toBe('c1');
    expect(orderingCustomerId([{ id: 'c1', role: 'customer' }, { id: 'c1', '@referredType': 'Customer' }])).toBe('c1');
    expect(orderingCustomerId([{ id: 'p2', role: 'Payer' }, { id: 'c1', '@referredType': 'Customer' }])).toBe('c1');
    expect(orderingCustomerId([{ id: 'c1', '@referredType': 'Individual' }])).toBe('c1');
  });

  it('is none for no party, two different customers, or only parties in other roles', () => {
    expect(orderingCustomerId(undefined)).toBeUndefined();
    expect(orderingCustomerId([])).toBeUndefined();
    expect(orderingCustomerId([{ id: 'c1', role: 'Customer' }, { id: 'c2', role: 'Customer' }])).toBeUndefined();
    expect(orderingCustomerId([{ id: 'p2', role: 'Payer' }])).toBeUndefined();
    expect(orderingCustomerId([{ id: 'a' }, { id: 'b' }])).toBeUndefined();
  });
});

describe('productOrderPatchSchema', () => {
  it('accepts the attributes the saga has not acted on, null removing them', () => {
    expect(issuesOf(productOrderPatchSchema, { description: 'gift', priority: null, requestedStartDate: '2026-03-01T00:00:00Z', note: [{ text: 'ring first' }] })).toEqual([]);
  });

  it.each([{ state: 'cancelled' }, { productOrderItem: [] }, { billingAccount: { id: 'ba-2' } }, { category: 'x' }, { orderTotalPrice: [] }])(
    'rejects %j',
    (patch) => {
      const issues = issuesOf(productOrderPatchSchema, patch);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toContain(Object.keys(patch)[0]);
    },
  );
});
