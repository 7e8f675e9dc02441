import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeExecutionCommand, ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, eventually, newCustomerBody, servicesUrl, tokenFor } from '../support/local-api.js';
import { expectValidTmf, tmf622, tmf637, tmf676 } from '../support/tmf-schema.js';

/**
 * Order-to-cash over HTTP against the local runtime (started as `npm start` starts it, with the
 * demo catalog and stock, a 1 s simulated provisioning delay and a 4 s provisioning timeout):
 * the saga's happy path, each compensation, cancellation and the race for the last handset.
 * Amounts are the demo catalog's, tax included (French VAT).
 */
const ordering = '/tmf-api/productOrderingManagement/v4';
const catalogApi = '/tmf-api/productCatalogManagement/v4';
const finalStates = ['completed', 'partial', 'failed', 'cancelled'];

let agent: string;
let admin: string;
const offeringIds = new Map<string, string>();

async function offering(name: string): Promise<string> {
  const id = offeringIds.get(name);
  if (!id) throw new Error(`no demo offering ${name}`);
  return id;
}

/** A customer in France with a default billing account paying with `card` (a simulated gateway token). */
async function customerPaying(card: string): Promise<{ customerId: string; accountId: string }> {
  const created = await call('/tmf-api/customerManagement/v4/customer', {
    method: 'POST',
    token: agent,
    body: newCustomerBody({
      contactMedium: [
        { mediumType: 'email', preferred: true, characteristic: { emailAddress: `o2c.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com` } },
        { mediumType: 'postalAddress', characteristic: { street1: '1 rue de Rivoli', postCode: '75001', city: 'Paris', country: 'FR' } },
      ],
      paymentMethod: [{ id: card, '@referredType': 'PaymentMethod' }],
    }),
  });
  expect(created.status).toBe(201);
  const accountId = await eventually(async () => {
    const accounts = await call<any[]>(`/tmf-api/accountManagement/v4/billingAccount?relatedParty.id=${created.body.id}`, { token: agent });
    return accounts.body[0]?.id as string | undefined;
  });
  return { customerId: created.body.id, accountId };
}

async function placeOrder(accountId: string, items: unknown[], extra: Record<string, unknown> = {}) {
  return call(`${ordering}/productOrder`, { method: 'POST', token: agent, body: { billingAccount: { id: accountId }, productOrderItem: items, ...extra } });
}

async function finalOrder(id: string, timeoutMs = 20_000): Promise<any> {
  return eventually(async () => {
    const order = await call(`${ordering}/productOrder/${id}`, { token: agent });
    return finalStates.includes(order.body.state) ? order.body : undefined;
  }, timeoutMs);
}

async function stockOf(sku: string): Promise<{ onHand: number; reserved: number; available: number }> {
  const level = await call(`/inventory/v1/stockLevel/${sku}`, { token: agent });
  return level.status === 404 ? { onHand: 0, reserved: 0, available: 0 } : level.body;
}

const handsetItem = (id = '1') => ({ id, action: 'add', productOffering: { id: offeringIds.get('Nova X') }, product: { productCharacteristic: [{ name: 'colour', value: 'Black' }] } });
const planItem = (id = '2', phoneNumber?: string) => ({
  id,
  action: 'add',
  productOffering: { id: offeringIds.get('Mobile M') },
  ...(phoneNumber ? { product: { productCharacteristic: [{ name: 'phoneNumber', value: phoneNumber }] } } : {}),
});

beforeAll(async () => {
  agent = await tokenFor('agent');
  admin = await tokenFor('admin');
  const offerings = await call<any[]>(`${catalogApi}/productOffering?limit=1000&fields=name`, { token: agent });
  for (const item of offerings.body) offeringIds.set(item.name, item.id);
  await offering('Nova X');
});

describe('order-to-cash', () => {
  it('a handset and a plan with a good card: completed, products active, stock one lower, payment recorded', async () => {
    const { customerId, accountId } = await customerPaying('pm_card_visa');
    const before = await stockOf('NOVA-X');
    const placed = await placeOrder(accountId, [handsetItem(), planItem()]);
    expect(placed.status).toBe(201);
    expect(placed.body.state).toBe('acknowledged');
    expectValidTmf(tmf622, 'ProductOrder', placed.body);
    const upfront = placed.body.orderTotalPrice.find((price: any) => price.priceType === 'oneTime');
    // 699.00 handset + 15.00 activation fee, VAT included.
    expect(upfront.price.taxIncludedAmount).toEqual({ unit: 'EUR', value: 714 });

    const order = await finalOrder(placed.body.id);
    expect(order.state).toBe('completed');
    expect(order.productOrderItem.map((item: any) => item.state)).toEqual(['completed', 'completed']);
    expectValidTmf(tmf622, 'ProductOrder', order);

    const products = await call<any[]>(`/tmf-api/productInventory/v4/product?relatedParty.id=${customerId}`, { token: agent });
    expect(products.body.map((product: any) => product.status)).toEqual(['active', 'active']);
    for (const product of products.body) {
      expectValidTmf(tmf637, 'Product', product);
      expect(product.billingAccount.id).toBe(accountId);
      expect(product.startDate).toBeDefined();
    }
    const after = await stockOf('NOVA-X');
    expect(after.onHand).toBe(before.onHand - 1);
    expect(after.reserved).toBe(before.reserved);

    const payments = await call<any[]>(`/tmf-api/paymentManagement/v4/payment?correlatorId=${order.id}`, { token: agent });
    expect(payments.body).toHaveLength(1);
    expect(payments.body[0].totalAmount).toEqual({ unit: 'EUR', value: 714 });
    expectValidTmf(tmf676, 'Payment', payments.body[0]);
  });

  it('a declined card: failed with the reason, stock back where it was, no payment', async () => {
    const { accountId } = await customerPaying('pm_card_declined');
    const before = await stockOf('NOVA-X');
    const placed = await placeOrder(accountId, [handsetItem()]);
    const order = await finalOrder(placed.body.id);
    expect(order.state).toBe('failed');
    expect(order.stateReason).toMatch(/declined/);
    expect(await stockOf('NOVA-X')).toMatchObject({ onHand: before.onHand, available: before.available });
    const payments = await call<any[]>(`/tmf-api/paymentManagement/v4/payment?correlatorId=${order.id}`, { token: agent });
    expect(payments.body).toHaveLength(0);
  });

  it('a gateway error that clears on retry still completes', async () => {
    const { accountId } = await customerPaying('pm_card_gateway_error');
    const order = await finalOrder((await placeOrder(accountId, [planItem()])).body.id);
    expect(order.state).toBe('completed');
  });

  it('provisioning fails for one item: partial, that item failed with the reason, its upfront share refunded', async () => {
    const { accountId } = await customerPaying('pm_card_visa');
    const placed = await placeOrder(accountId, [handsetItem(), planItem('2', '+33612340000')]);
    const order = await finalOrder(placed.body.id);
    expect(order.state).toBe('partial');
    const [handset, plan] = order.productOrderItem;
    expect(handset.state).toBe('completed');
    expect(plan.state).toBe('failed');
    expect(plan.stateReason).toMatch(/not available/);
    const refunds = await call<any[]>(`/tmf-api/paymentManagement/v4/refund?correlatorId=${order.id}`, { token: agent });
    expect(refunds.body).toHaveLength(1);
    // The plan's upfront share is its 15.00 activation fee.
    expect(refunds.body[0].totalAmount).toEqual({ unit: 'EUR', value: 15 });
    expectValidTmf(tmf676, 'Refund', refunds.body[0]);
  });

  it('a provisioning system that never answers: the item times out and the order fails, authorization voided', async () => {
    const { accountId } = await customerPaying('pm_card_visa');
    const placed = await placeOrder(accountId, [planItem('1', '+33612349999')]);
    const order = await finalOrder(placed.body.id, 30_000);
    expect(order.state).toBe('failed');
    expect(order.productOrderItem[0].stateReason).toMatch(/did not answer within 4 s/);
    const payments = await call<any[]>(`/tmf-api/paymentManagement/v4/payment?correlatorId=${order.id}`, { token: agent });
    expect(payments.body).toHaveLength(0);
  });

  it('cancelled before provisioning: cancelled, stock restored; a cancellation after provisioning is refused', async () => {
    const { accountId } = await customerPaying('pm_card_visa');
    const before = await stockOf('NOVA-X');
    const startsLater = new Date(Date.now() + 3_000).toISOString();
    const placed = await placeOrder(accountId, [handsetItem()], { requestedStartDate: startsLater });
    const cancel = await call(`${ordering}/cancelProductOrder`, {
      method: 'POST',
      token: agent,
      body: { productOrder: { id: placed.body.id }, cancellationReason: 'changed my mind' },
    });
    expect(cancel.status).toBe(201);
    expectValidTmf(tmf622, 'CancelProductOrder', cancel.body);
    const order = await finalOrder(placed.body.id);
    expect(order.state).toBe('cancelled');
    expect(order.cancellationReason).toBe('changed my mind');
    expect(await stockOf('NOVA-X')).toMatchObject({ onHand: before.onHand, available: before.available });
    const request = await call(`${ordering}/cancelProductOrder/${cancel.body.id}`, { token: agent });
    expect(request.body.state).toBe('done');

    const completed = await finalOrder((await placeOrder(accountId, [planItem()])).body.id);
    const late = await call(`${ordering}/cancelProductOrder`, { method: 'POST', token: agent, body: { productOrder: { id: completed.id } } });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/completed/);
  });

  it('two concurrent orders for the last handset: one completes, the other fails cleanly out of stock', async () => {
    const sku = 'NOVA-X';
    const level = await stockOf(sku);
    // Leave exactly one handset available for this race.
    const adjust = await call(`/inventory/v1/stockLevel/${sku}/adjustment`, { method: 'POST', token: admin, body: { quantity: 1 - level.available, reason: 'race test' } });
    expect(adjust.status).toBe(200);
    const [first, second] = await Promise.all([customerPaying('pm_card_visa'), customerPaying('pm_card_visa')]);
    const placed = await Promise.all([placeOrder(first.accountId, [handsetItem()]), placeOrder(second.accountId, [handsetItem()])]);
    const orders = await Promise.all(placed.map((answer) => finalOrder(answer.body.id)));
    expect(orders.map((order) => order.state).sort()).toEqual(['completed', 'failed']);
    expect(orders.find((order) => order.state === 'failed').stateReason).toMatch(/out of stock/);
    expect(await stockOf(sku)).toMatchObject({ available: 0, reserved: level.reserved });
    await call(`/inventory/v1/stockLevel/${sku}/adjustment`, { method: 'POST', token: admin, body: { quantity: 25, reason: 'restock after race test' } });
  });

  it('four Mobile L orders (30.00 a month each) placed at once against a 40.00 credit limit: exactly one completes, the others fail on the limit', async () => {
    const { accountId } = await customerPaying('pm_card_visa');
    const account = await call(`/tmf-api/accountManagement/v4/billingAccount/${accountId}`, { token: admin });
    const limited = await call(`/tmf-api/accountManagement/v4/billingAccount/${accountId}`, {
      method: 'PATCH',
      token: admin,
      headers: { 'if-match': account.headers.get('etag')! },
      body: { creditLimit: { unit: 'EUR', value: 40 } },
    });
    expect(limited.status).toBe(200);
    const mobileL = { id: '1', action: 'add', productOffering: { id: offeringIds.get('Mobile L') } };
    const placed = await Promise.all(Array.from({ length: 4 }, () => placeOrder(accountId, [mobileL])));
    expect(placed.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    const orders = await Promise.all(placed.map((answer) => finalOrder(answer.body.id)));
    expect(orders.map((order) => order.state).sort()).toEqual(['completed', 'failed', 'failed', 'failed']);
    for (const order of orders.filter((each) => each.state === 'failed')) expect(order.stateReason).toMatch(/above the billing account's credit limit of 40.00 EUR/);
    // The completed order's hold is gone with it; its product now counts as active: a fifth order is refused on it alone.
    const fifth = await finalOrder((await placeOrder(accountId, [mobileL])).body.id);
    expect(fifth.state).toBe('failed');
    expect(fifth.stateReason).toMatch(/adds 30.00 EUR a month to 30.00 EUR already charged or held/);
  });

  it('one Idempotency-Key places one order; a redelivered ProductOrderCreated starts an execution that changes nothing', async () => {
    const { accountId } = await customerPaying('pm_card_visa');
    const key = randomUUID();
    const body = { billingAccount: { id: accountId }, productOrderItem: [planItem()] };
    const first = await call(`${ordering}/productOrder`, { method: 'POST', token: agent, body, headers: { 'Idempotency-Key': key } });
    const again = await call(`${ordering}/productOrder`, { method: 'POST', token: agent, body, headers: { 'Idempotency-Key': key } });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const orderId = first.body.id as string;
    const completed = await finalOrder(orderId);
    expect(completed.state).toBe('completed');

    const aws = { endpoint: servicesUrl(), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    const bus = new EventBridgeClient(aws);
    // The order's own event again, as EventBridge's at-least-once delivery may hand it over twice.
    const recent = (await (await fetch(`${servicesUrl()}/_local/events`)).json()) as Array<{ source: string; 'detail-type': string; detail: any }>;
    const original = recent.find((event) => event.source === 'bss.orders' && event['detail-type'] === 'ProductOrderCreated' && event.detail.data.order?.id === orderId)!;
    expect(original).toBeDefined();
    await bus.send(new PutEventsCommand({ Entries: [{ EventBusName: 'bss-events', Source: original.source, DetailType: original['detail-type'], Detail: JSON.stringify(original.detail) }] }));

    const stepFunctions = new SFNClient(aws);
    const machines = await stepFunctions.send(new ListStateMachinesCommand({}));
    const orderToCash = machines.stateMachines!.find((machine) => machine.name === 'order-to-cash')!.stateMachineArn!;
    const runs = await eventually(async () => {
      const { executions = [] } = await stepFunctions.send(new ListExecutionsCommand({ stateMachineArn: orderToCash, maxResults: 1000 }));
      const described = await Promise.all(executions.map((execution) => stepFunctions.send(new DescribeExecutionCommand({ executionArn: execution.executionArn! }))));
      const forOrder = described.filter((execution) => execution.input?.includes(orderId));
      return forOrder.length === 2 && forOrder.every((execution) => execution.status !== 'RUNNING') ? forOrder : undefined;
    });
    expect(runs.map((run) => run.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(runs.some((run) => run.output?.includes('"outcome":"duplicate"'))).toBe(true);
    const after = await call(`${ordering}/productOrder/${orderId}`, { token: agent });
    expect(after.body).toEqual(completed);
    const payments = await call<any[]>(`/tmf-api/paymentManagement/v4/payment?correlatorId=${orderId}`, { token: agent });
    expect(payments.body).toHaveLength(1);
  });

  it('bad orders are refused with the problem named and nothing stored', async () => {
    const { accountId } = await customerPaying('pm_card_visa');
    const wrongColour = await placeOrder(accountId, [{ ...handsetItem(), product: { productCharacteristic: [{ name: 'colour', value: 'Pink' }] } }]);
    expect(wrongColour.status).toBe(400);
    expect(wrongColour.body.message).toMatch(/Pink/);
    const unknownAccount = await placeOrder('no-such-account', [planItem()]);
    expect(unknownAccount.status).toBe(400);
    const orders = await call<any[]>(`${ordering}/productOrder?billingAccount.id=${accountId}`, { token: agent });
    expect(orders.body).toHaveLength(0);
  });
});
