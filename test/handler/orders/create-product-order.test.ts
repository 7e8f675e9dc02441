import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand, type BatchGetCommandInput, type GetCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProductOffering } from '../../../domain/catalog/product-offering.js';
import type { ProductOfferingPrice } from '../../../domain/catalog/product-offering-price.js';
import type { ProductSpecification } from '../../../domain/catalog/product-specification.js';
import { ProductOrderCreated } from '../../../domain/events/order-events.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler } from '../../../functions/orders/create-product-order.js';
import { agentClaims, apiEvent, customerClaims, type ApiEventInput } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { billingAccountItem, billingAccountResource, customerItem, customerResource } from '../../support/fixtures.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { expectValidTmf, tmf622 } from '../../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const path = '/tmf-api/productOrderingManagement/v4/productOrder';
const catalogApi = '/tmf-api/productCatalogManagement/v4';
const now = '2026-02-01T10:00:00.000Z';
const eur = (value: number) => ({ unit: 'EUR', value });
const created = { lastUpdate: '2026-01-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z', lifecycleStatus: 'Launched' as const };

function price(id: string, attributes: Partial<ProductOfferingPrice> & Pick<ProductOfferingPrice, 'priceType'>): ProductOfferingPrice {
  return { id, href: `${catalogApi}/productOfferingPrice/${id}`, name: id, isBundle: false, '@type': 'ProductOfferingPrice', taxIncluded: true, ...created, ...attributes };
}
function offering(id: string, attributes: Partial<ProductOffering>): ProductOffering {
  return { id, href: `${catalogApi}/productOffering/${id}`, name: id, isBundle: false, isSellable: true, '@type': 'ProductOffering', ...created, ...attributes };
}
function specification(id: string, attributes: Partial<ProductSpecification>): ProductSpecification {
  return { id, href: `${catalogApi}/productSpecification/${id}`, name: id, isBundle: false, '@type': 'ProductSpecification', ...created, ...attributes };
}

const prices = [
  price('pop-handset', { priceType: 'oneTime', price: eur(699), tax: [{ taxCategory: 'electronicDevice' }] }),
  price('pop-m-monthly', { priceType: 'recurring', recurringChargePeriodType: 'month', price: eur(20), tax: [{ taxCategory: 'telecommunications' }] }),
  price('pop-activation', { priceType: 'oneTime', price: eur(15), tax: [{ taxCategory: 'telecommunications' }] }),
];
const offerings = [
  offering('po-phone-x', { name: 'Phone X', productSpecification: { id: 'ps-phone-x' }, productOfferingPrice: [{ id: 'pop-handset' }] }),
  offering('po-mobile-m', { name: 'Mobile M', productOfferingPrice: [{ id: 'pop-m-monthly' }, { id: 'pop-activation' }] }),
];
const specifications = [
  specification('ps-phone-x', { productSpecCharacteristic: [{ name: 'stockKeepingUnit', productSpecCharacteristicValue: [{ value: 'SKU-PHONE-X' }] }] }),
];

const paris = { mediumType: 'postalAddress', characteristic: { street1: '1 rue de Rivoli', city: 'Paris', postCode: '75001', country: 'FR' } };
const ada = customerResource({ id: 'cust-1', contactMedium: [...customerResource().contactMedium, paris] });
const bob = customerResource({ id: 'cust-2', name: 'Bob', contactMedium: [...customerResource({ id: 'cust-2' }).contactMedium, paris] });
const paymentMethod = { id: 'pm-card-1', '@referredType': 'PaymentMethod' };

function tableWith(accounts = [billingAccountResource({ id: 'ba-1', ownerId: 'cust-1', defaultPaymentMethod: paymentMethod })]) {
  return new Map<string, Record<string, unknown>>([
    ...prices.map((resource) => [`PRODUCT_OFFERING_PRICE#${resource.id}`, { version: 1, resource }] as const),
    ...offerings.map((resource) => [`PRODUCT_OFFERING#${resource.id}`, { version: 1, resource }] as const),
    ...specifications.map((resource) => [`PRODUCT_SPECIFICATION#${resource.id}`, { version: 1, resource }] as const),
    ['CUSTOMER#cust-1', customerItem(ada)],
    ['CUSTOMER#cust-1|DEFAULT_BILLING_ACCOUNT', { entityType: 'DefaultBillingAccount', version: 1, billingAccountId: 'ba-1' }],
    ['CUSTOMER#cust-2', customerItem(bob)],
    ['BILLING_ACCOUNT#ba-2', billingAccountItem(billingAccountResource({ id: 'ba-2', ownerId: 'cust-2', defaultPaymentMethod: paymentMethod }))],
    ...accounts.map((account) => [`BILLING_ACCOUNT#${account.id}`, billingAccountItem(account)] as const),
  ]);
}

function serve(table: Map<string, Record<string, unknown>>) {
  // An item with a sort key of its own (`<pk>|<sk>`), else the resource under its partition key.
  documentMock.on(GetCommand).callsFake((input: GetCommandInput) => ({ Item: table.get(`${String(input.Key?.pk)}|${String(input.Key?.sk)}`) ?? table.get(String(input.Key?.pk)) }));
  documentMock.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
    Responses: Object.fromEntries(
      Object.entries(input.RequestItems ?? {}).map(([name, request]) => [name, (request.Keys ?? []).flatMap((key) => table.get(String(key.pk)) ?? [])]),
    ),
  }));
}

const body = (overrides: Record<string, unknown> = {}) => ({
  billingAccount: { id: 'ba-1' },
  productOrderItem: [
    { id: '1', action: 'add', productOffering: { id: 'po-phone-x' } },
    { id: '2', action: 'add', productOffering: { id: 'po-mobile-m' } },
  ],
  ...overrides,
});

const post = (input: Partial<ApiEventInput> = {}) =>
  invoke(handler, apiEvent({ method: 'POST', path, body: body(), headers: { 'x-correlation-id': 'corr-order' }, ...input }), lambdaContext('create-product-order'));

const writes = () => documentMock.commandCalls(TransactWriteCommand);

beforeEach(() => {
  documentMock.reset();
  dynamoMock.reset();
  serve(tableWith());
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('POST /productOrder (create-product-order)', () => {
  it('201: the order acknowledged and priced, with ETag and Location; the order and ProductOrderCreated are written in one transaction', async () => {
    const answer = await post();
    expect(answer.statusCode).toBe(201);
    const order = answer.body;
    expectValidTmf(tmf622, 'ProductOrder', order);
    expect(order).toMatchObject({ state: 'acknowledged', orderDate: now, billingAccount: { id: 'ba-1' }, relatedParty: [{ id: 'cust-1', role: 'Customer' }] });
    expect(order.href).toBe(`${path}/${order.id}`);
    expect(answer.headers.location).toBe(order.href);
    expect(answer.headers.etag).toBe('W/"1"');
    expect(order.productOrderItem.map((item: any) => item.product.id)).toEqual([`${order.id}-1`, `${order.id}-2`]);
    expect(Object.fromEntries(order.orderTotalPrice.map((total: any) => [total.priceType, total.price.taxIncludedAmount]))).toEqual({
      oneTime: eur(714),
      recurring: eur(20),
    });

    expect(writes()).toHaveLength(1);
    const items = writes()[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(2);
    expect(items[0]!.Put).toMatchObject({
      TableName: 'bss-test',
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: `PRODUCT_ORDER#${order.id}`,
        sk: 'PRODUCT_ORDER',
        gsi1pk: 'TYPE#ProductOrder',
        gsi2pk: 'CUSTOMER#cust-1',
        gsi2sk: `ProductOrder#${now}#${order.id}`,
        entityType: 'ProductOrder',
        version: 1,
        resource: order,
        saga: {},
        fulfilment: {
          customerId: 'cust-1',
          billingAccountId: 'ba-1',
          paymentMethodToken: 'pm-card-1',
          upfront: { currency: 'EUR', minor: '71400' },
          recurringMonthly: { currency: 'EUR', minor: '2000' },
        },
      },
    });
    expect(items[0]!.Put!.Item!.fulfilment.items.map((item: any) => item.sku)).toEqual(['SKU-PHONE-X', undefined]);

    expect(items[1]!.Put!.Item).toMatchObject({ source: 'bss.orders', detailType: 'ProductOrderCreated' });
    const detail = ProductOrderCreated.parseDetail(JSON.parse(items[1]!.Put!.Item!.detail as string));
    expect(detail.metadata).toMatchObject({ correlationId: 'corr-order', occurredAt: now });
    expect(detail.data.order).toEqual({
      id: order.id,
      href: order.href,
      state: 'acknowledged',
      orderDate: now,
      customerId: 'cust-1',
      billingAccountId: 'ba-1',
      items: [
        { id: '1', action: 'add', productOfferingId: 'po-phone-x', productId: `${order.id}-1`, quantity: 1 },
        { id: '2', action: 'add', productOfferingId: 'po-mobile-m', productId: `${order.id}-2`, quantity: 1 },
      ],
      upfrontAmount: eur(714),
    });
  });

  it('a customer orders on its own billing account', async () => {
    const answer = await post({ claims: customerClaims('cust-1') });
    expect(answer.statusCode).toBe(201);
    expect(writes()).toHaveLength(1);
  });

  it('without a billing account (optional in TMF622), the default account of the customer it names pays, whether by role or as referred to', async () => {
    const { billingAccount: _named, ...withoutAccount } = body();
    for (const party of [{ id: 'cust-1', role: 'Customer' }, { id: 'cust-1', '@referredType': 'Customer' }, { id: 'cust-1' }]) {
      const answer = await post({ body: { ...withoutAccount, relatedParty: [party] }, claims: agentClaims });
      expect(answer.statusCode, JSON.stringify(answer.body)).toBe(201);
      expect(answer.body).toMatchObject({ billingAccount: { id: 'ba-1' }, relatedParty: [{ id: 'cust-1', role: 'Customer' }] });
    }
    const own = await post({ body: withoutAccount, claims: customerClaims('cust-1') });
    expect(own.statusCode).toBe(201);
    expect(own.body.billingAccount.id).toBe('ba-1');
    expect(writes()).toHaveLength(4);
  });

  it('the same Idempotency-Key replays the first answer and never places a second order', async () => {
    new FakeIdempotencyTable().install(dynamoMock);
    const first = await post({ headers: { 'Idempotency-Key': 'order-key-1' } });
    const replay = await post({ headers: { 'Idempotency-Key': 'order-key-1' } });
    expect(first.statusCode).toBe(201);
    expect(replay.statusCode).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(writes()).toHaveLength(1);
  });

  describe('rejections write nothing', () => {
    beforeEach(() => () => expect(writes(), 'TransactWriteItems calls').toHaveLength(0));

    it("400 'unknown billing account' for a customer ordering on another customer's account, as for an account that does not exist", async () => {
      const foreign = await post({ claims: customerClaims('cust-2') });
      expectTmfError(foreign, 400, 'INVALID_REQUEST', tmf622);
      expect(foreign.body.details).toEqual([{ field: 'billingAccount.id', problem: 'unknown billing account' }]);
      const unknown = await post({ body: body({ billingAccount: { id: 'ba-404' } }), claims: customerClaims('cust-2') });
      expect(unknown.body.details).toEqual(foreign.body.details);
      expect(unknown.body.message).toBe('billing account ba-404 does not exist');
      expect(foreign.body.message).toBe('billing account ba-1 does not exist');
    });

    it('400 naming billingAccount for an order that names neither its account nor one customer, or a customer without a default account', async () => {
      const { billingAccount: _named, ...withoutAccount } = body();
      const nobody = await post({ body: withoutAccount, claims: agentClaims });
      expectTmfError(nobody, 400, 'INVALID_REQUEST', tmf622);
      expect(detailFields(nobody)).toEqual(['billingAccount']);
      const two = await post({ body: { ...withoutAccount, relatedParty: [{ id: 'cust-1', role: 'Customer' }, { id: 'cust-2', role: 'Customer' }] }, claims: agentClaims });
      expect(detailFields(two)).toEqual(['billingAccount']);
      const unknown = await post({ body: { ...withoutAccount, relatedParty: [{ id: 'cust-404', role: 'Customer' }] }, claims: agentClaims });
      expect(unknown.body.message).toBe('customer cust-404 has no default billing account');
      // A customer names only itself: another customer named beside its own default account is refused.
      const foreign = await post({ body: { ...withoutAccount, relatedParty: [{ id: 'cust-2', '@referredType': 'Customer' }] }, claims: customerClaims('cust-1') });
      expect(detailFields(foreign)).toEqual(['relatedParty']);
    });

    it('staff get the same 400 for an unknown account', async () => {
      const answer = await post({ body: body({ billingAccount: { id: 'ba-404' } }), claims: agentClaims });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf622);
      expect(detailFields(answer)).toEqual(['billingAccount.id']);
    });

    it('400 naming the item field for an unknown offering', async () => {
      const answer = await post({ body: body({ productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'po-nope' } }] }) });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf622);
      expect(detailFields(answer)).toEqual(['productOrderItem[0].productOffering.id']);
    });

    it('400 for a malformed body (an add item naming a product id)', async () => {
      const answer = await post({ body: body({ productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'po-mobile-m' }, product: { id: 'p' } }] }) });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf622);
      // Schema issues are named by their zod path (dotted), as parseBody names every body problem.
      expect(detailFields(answer)).toEqual(['productOrderItem.0.product.id']);
    });

    it('409 NO_PAYMENT_METHOD when the order has an upfront charge and the account no payment method', async () => {
      serve(tableWith([billingAccountResource({ id: 'ba-1', ownerId: 'cust-1' })]));
      expectTmfError(await post(), 409, 'NO_PAYMENT_METHOD', tmf622);
    });

    it('401 without a token', async () => {
      expectTmfError(await post({ claims: null }), 401, 'UNAUTHORIZED', tmf622);
    });
  });
});
