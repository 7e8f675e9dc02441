import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Customer } from '../../domain/customers/customer.js';
import { customerUpdateItems } from '../../functions/lib/store/customer-store.js';
import { offeringNamed } from '../support/clock-journey.js';
import { call, eventually, newCustomerBody, tokenFor } from '../support/local-api.js';
import { expectValidTmf, tmf666, tmf676 } from '../support/tmf-schema.js';

/**
 * A customer chooses which of its own cards pays its bills, over HTTP against the local runtime
 * (docs/security.md, "A customer's default card"): it adds a second card to its record, makes it
 * its account's default, cannot pick a card it does not hold nor remove the default, cannot drop
 * from its record the card that pays, and its next order is paid with the card it chose.
 */
const customers = '/tmf-api/customerManagement/v4/customer';
const accounts = '/tmf-api/accountManagement/v4/billingAccount';
const visa = { id: 'pm_card_visa', name: 'Visa 4242', '@referredType': 'PaymentMethod' };
const mastercard = { id: 'pm_card_mastercard', name: 'Mastercard 4444', '@referredType': 'PaymentMethod' };

let agent: string;
let customerId: string;
let token: string;
let accountId: string;

async function patchWithEtag(path: string, body: unknown, as = token) {
  const current = await call(path, { token: as });
  return call(path, { method: 'PATCH', token: as, headers: { 'if-match': current.headers.get('etag')! }, body });
}

beforeAll(async () => {
  agent = await tokenFor('agent');
  const created = await call(customers, {
    method: 'POST',
    token: agent,
    body: newCustomerBody({
      contactMedium: [
        { mediumType: 'email', preferred: true, characteristic: { emailAddress: `default-card.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com` } },
        { mediumType: 'postalAddress', characteristic: { street1: '1 rue de Rivoli', postCode: '75001', city: 'Paris', country: 'FR' } },
      ],
      paymentMethod: [visa],
    }),
  });
  expect(created.status).toBe(201);
  customerId = created.body.id;
  token = await tokenFor('customer', customerId);
  accountId = await eventually(async () => (await call<any[]>(`${accounts}?relatedParty.id=${customerId}`, { token })).body[0]?.id as string | undefined);
});

describe("a customer's default card", () => {
  it('the customer adds a second card, makes it the default, and the account reads back with it', async () => {
    const opened = await call(`${accounts}/${accountId}`, { token });
    // The default account was opened with the customer's first card.
    expect(opened.body.defaultPaymentMethod).toMatchObject({ id: 'pm_card_visa' });

    const added = await patchWithEtag(`${customers}/${customerId}`, { paymentMethod: [visa, mastercard] });
    expect(added.status, JSON.stringify(added.body)).toBe(200);

    const chosen = await patchWithEtag(`${accounts}/${accountId}`, { defaultPaymentMethod: { id: 'pm_card_mastercard' } });
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
    expect(chosen.body.defaultPaymentMethod).toEqual(mastercard);
    expect(chosen.headers.get('etag')).toBe(`W/"${Number(opened.headers.get('etag')!.match(/\d+/)![0]) + 1}"`);
    expectValidTmf(tmf666, 'BillingAccount', chosen.body);

    const read = await call(`${accounts}/${accountId}`, { token });
    expect(read.body.defaultPaymentMethod).toEqual(mastercard);
    // Staff see the same account.
    expect((await call(`${accounts}/${accountId}`, { token: agent })).body.defaultPaymentMethod).toEqual(mastercard);
  });

  it('refused: a card it does not hold (403 defaultPaymentMethod.id), no default (403 defaultPaymentMethod), any other attribute (403), another customer (404)', async () => {
    const foreign = await patchWithEtag(`${accounts}/${accountId}`, { defaultPaymentMethod: { id: 'pm_card_amex' } });
    expect([foreign.status, foreign.body.details]).toEqual([403, [{ field: 'defaultPaymentMethod.id', problem: 'not one of your payment methods: add it to your customer record first' }]]);
    const removed = await patchWithEtag(`${accounts}/${accountId}`, { defaultPaymentMethod: null });
    expect([removed.status, removed.body.details?.[0]?.field]).toEqual([403, 'defaultPaymentMethod']);
    const renamed = await patchWithEtag(`${accounts}/${accountId}`, { name: 'Mine' });
    expect([renamed.status, renamed.body.details]).toEqual([403, [{ field: 'name', problem: 'not writable by the customer role' }]]);

    const other = await call(customers, { method: 'POST', token: agent, body: newCustomerBody({ paymentMethod: [visa] }) });
    const stranger = await tokenFor('customer', other.body.id);
    const theirs = await call(`${accounts}/${accountId}`, { method: 'PATCH', token: stranger, body: { defaultPaymentMethod: { id: 'pm_card_visa' } } });
    expect([theirs.status, theirs.body.code]).toEqual([404, 'NOT_FOUND']);

    expect((await call(`${accounts}/${accountId}`, { token })).body.defaultPaymentMethod).toEqual(mastercard);
  });

  it('the card that pays stays on the record (409 naming the account); another card goes', async () => {
    const dropDefault = await patchWithEtag(`${customers}/${customerId}`, { paymentMethod: [visa] });
    expect(dropDefault.status).toBe(409);
    expect(dropDefault.body).toMatchObject({
      code: 'DEFAULT_PAYMENT_METHOD_IN_USE',
      details: [{ field: 'paymentMethod', problem: `pm_card_mastercard is the default payment method of billing account ${accountId}: choose another default first` }],
    });
    // Staff are held to the same rule.
    expect((await patchWithEtag(`${customers}/${customerId}`, { paymentMethod: null }, agent)).status).toBe(409);

    const dropOther = await patchWithEtag(`${customers}/${customerId}`, { paymentMethod: [mastercard] });
    expect(dropOther.status, JSON.stringify(dropOther.body)).toBe(200);
    expect(dropOther.body.paymentMethod).toEqual([mastercard]);
  });

  it("the customer's next order is paid with the card it chose", async () => {
    const mobileM = await offeringNamed(agent, 'Mobile M');
    const placed = await call('/tmf-api/productOrderingManagement/v4/productOrder', {
      method: 'POST',
      token,
      body: { billingAccount: { id: accountId }, productOrderItem: [{ id: '1', action: 'add', productOffering: { id: mobileM } }] },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const order = await eventually(async () => {
      const current = await call(`/tmf-api/productOrderingManagement/v4/productOrder/${placed.body.id}`, { token });
      return ['completed', 'partial', 'failed', 'cancelled'].includes(current.body.state) ? current.body : undefined;
    }, 30_000);
    expect(order.state).toBe('completed');
    const payments = await call<any[]>(`/tmf-api/paymentManagement/v4/payment?correlatorId=${order.id}`, { token });
    expect(payments.body).toHaveLength(1);
    expect(payments.body[0].paymentMethod).toMatchObject({ id: 'pm_card_mastercard' });
    expectValidTmf(tmf676, 'Payment', payments.body[0]);
  });
});

describe('a card removal checked before a default changed meanwhile is not written (DynamoDB Local)', () => {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: inject('dynamoDbEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    { marshallOptions: { removeUndefinedValues: true } },
  );

  it("the customer's write is conditional on the count of its accounts' default changes it read", async () => {
    const read = await call<Customer>(`${customers}/${customerId}`, { token: agent });
    const version = Number(read.headers.get('etag')!.match(/\d+/)![0]);
    const email = read.body.contactMedium.find((medium) => medium.mediumType === 'email')!.characteristic.emailAddress!;
    // What is written does not matter to the condition (the handler decided it); the customer keeps its card.
    const change = { customer: { ...read.body, name: `${read.body.name} (checked)` }, previousEmail: email, email };
    const write = (accountDefaultsVersion: number) => documents.send(new TransactWriteCommand({ TransactItems: customerUpdateItems(process.env.TABLE_NAME ?? 'bss', change, version, accountDefaultsVersion) }));
    // The default changed once (the first test): a removal checked before that is refused, whatever the customer's version.
    await expect(write(0)).rejects.toThrow(/ConditionalCheckFailed/);
    await expect(write(2)).rejects.toThrow(/ConditionalCheckFailed/);
    await write(1);
    expect((await call(`${customers}/${customerId}`, { token: agent })).headers.get('etag')).toBe(`W/"${version + 1}"`);
  });
});
