import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerBill } from '../../../domain/billing/customer-bill.js';
import { maxIndexedNameWords } from '../../../domain/customers/customer-search.js';
import type { Customer } from '../../../domain/customers/customer.js';
import { CustomerBillIssued } from '../../../domain/events/billing-events.js';
import { CustomerCreated, CustomerErased, CustomerUpdated } from '../../../domain/events/customer-events.js';
import { eraseCustomer } from '../../../domain/customers/customer-erasure.js';
import { customerSnapshot } from '../../../functions/customers/customer-snapshot.js';
import { handler as indexSearch, type SearchIndexing } from '../../../functions/customers/index-customer-search.js';
import { handler as searchCustomers } from '../../../functions/customers/search-customers.js';
import { maxEntriesRead } from '../../../functions/lib/store/customer-search-store.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { billingAccountItem, billingAccountResource, customerItem, customerResource } from '../../support/fixtures.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { orderFulfilmentOf, productOrderResource } from '../../support/order-fixtures.js';
import { billItem } from '../billing/billing-fixtures.js';
import { FakeBillingTable } from '../billing/billing-table.js';

/**
 * The customer search (docs/api.md, "Customer search"): `index-customer-search` keeps the index
 * from customer and bill events, reading the customer as it is now; GET /customers/v1/customerSearch
 * answers from it and from key lookups, over an in-memory table that evaluates what the stores send.
 */
const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/customers/v1/customerSearch';
let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  table = new FakeBillingTable().install(documentMock);
});

const origin = (eventId: string) => ({ eventId, occurredAt: '2026-03-01T10:00:00.000Z', correlationId: 'corr-1' });

function writeCustomer(customer: Customer, version = 1): Customer {
  table.put(customerItem(customer, version));
  return customer;
}

const index = (event: { detailType: string; detail: unknown }): Promise<SearchIndexing> =>
  indexSearch({ 'detail-type': event.detailType, detail: event.detail } as never, lambdaContext('index-customer-search'));
/** The events name the customer; what they tell of it is not what is indexed, so any snapshot of that id does. */
const snapshotOf = (customer: Customer) => customerSnapshot(customerResource({ id: customer.id }));
const created = (customer: Customer) => index(CustomerCreated.create({ customer: snapshotOf(customer) }, origin(`created-${customer.id}`)));
const updated = (customer: Customer) => index(CustomerUpdated.create({ customer: snapshotOf(customer), changedAttributes: ['name'] }, origin(`updated-${customer.id}`)));

const contacts = (email: string, ...phones: string[]): Customer['contactMedium'] => [
  { mediumType: 'email', preferred: true, characteristic: { emailAddress: email } },
  ...phones.map((phoneNumber) => ({ mediumType: 'mobile', characteristic: { phoneNumber } })),
];

const camille = () => customerResource({ id: 'cust-camille', name: 'Camille Martín', contactMedium: contacts('camille@example.fr', '+33 6 12 34 56 78') });

const searchIndexItems = () => table.itemsOf('CUSTOMER_SEARCH#').map((item) => `${String(item.pk)} ${String(item.sk)}`).sort();
const transactions = (): TransactWriteCommandInput[] => documentMock.commandCalls(TransactWriteCommand).map((call) => call.args[0].input);

describe('index-customer-search', () => {
  it("indexes a new customer's name words and phone numbers, and lists them under the customer, in one transaction", async () => {
    writeCustomer(camille());
    expect(await created(camille())).toEqual({ customerId: 'cust-camille', outcome: 'indexed', customerVersion: 1, written: 3, deleted: 0 });
    expect(searchIndexItems()).toEqual([
      'CUSTOMER_SEARCH#NAME#ca camille#cust-camille',
      'CUSTOMER_SEARCH#NAME#ma martin#cust-camille',
      'CUSTOMER_SEARCH#PHONE#8765 87654321633#cust-camille',
    ]);
    expect(table.get({ pk: 'CUSTOMER_SEARCH#NAME#ma', sk: 'martin#cust-camille' })).toMatchObject({ customerId: 'cust-camille', nameWords: ['camille', 'martin'] });
    expect(table.get({ pk: 'CUSTOMER#cust-camille', sk: 'SEARCH_ENTRIES' })).toMatchObject({ version: 1, customerVersion: 1, nameWords: ['camille', 'martin'] });
    expect(transactions()).toHaveLength(1);
  });

  it('replaces stale entries when the customer changes: what went is deleted, what came is put, the rest left alone', async () => {
    writeCustomer(camille());
    await created(camille());
    const renamed = writeCustomer({ ...camille(), name: 'Camille Dupont', contactMedium: contacts('camille@example.fr', '+33 6 12 34 56 78', '01 44 55 66 77') }, 2);
    documentMock.resetHistory();

    expect(await updated(renamed)).toEqual({ customerId: 'cust-camille', outcome: 'indexed', customerVersion: 2, written: 3, deleted: 1 });
    expect(searchIndexItems()).toEqual([
      'CUSTOMER_SEARCH#NAME#ca camille#cust-camille',
      'CUSTOMER_SEARCH#NAME#du dupont#cust-camille',
      'CUSTOMER_SEARCH#PHONE#7766 7766554410#cust-camille',
      'CUSTOMER_SEARCH#PHONE#8765 87654321633#cust-camille',
    ]);
    const [transaction] = transactions();
    const actions = transaction!.TransactItems!.map((action) => (action.Put ? `Put ${String(action.Put.Item!.pk)} ${String(action.Put.Item!.sk)}` : `Delete ${String(action.Delete!.Key!.pk)} ${String(action.Delete!.Key!.sk)}`));
    expect(actions).toEqual([
      'Put CUSTOMER#cust-camille SEARCH_ENTRIES',
      'Delete CUSTOMER_SEARCH#NAME#ma martin#cust-camille',
      // The name's words changed, so its entries carry the new ones; the unchanged number is not written again.
      'Put CUSTOMER_SEARCH#NAME#ca camille#cust-camille',
      'Put CUSTOMER_SEARCH#NAME#du dupont#cust-camille',
      'Put CUSTOMER_SEARCH#PHONE#7766 7766554410#cust-camille',
    ]);
    expect(transaction!.TransactItems![0]!.Put).toMatchObject({ ConditionExpression: '#version = :expected', ExpressionAttributeValues: { ':expected': 1 } });
  });

  it('reads the customer as it is now: a late event of an older version, or one delivered twice, writes nothing', async () => {
    const renamed = writeCustomer({ ...camille(), name: 'Camille Dupont' }, 2);
    expect((await created(camille())).outcome).toBe('indexed');
    documentMock.resetHistory();
    expect(await created(camille())).toEqual({ customerId: 'cust-camille', outcome: 'alreadyIndexed', customerVersion: 2 });
    expect(await updated(renamed)).toEqual({ customerId: 'cust-camille', outcome: 'alreadyIndexed', customerVersion: 2 });
    expect(transactions()).toHaveLength(0);
    expect(searchIndexItems()).toContain('CUSTOMER_SEARCH#NAME#du dupont#cust-camille');
    expect(searchIndexItems()).not.toContain('CUSTOMER_SEARCH#NAME#ma martin#cust-camille');
  });

  it('an erased customer is in the index under nothing: CustomerErased deletes every entry it had, its pseudonym included', async () => {
    writeCustomer(camille());
    await created(camille());
    writeCustomer(eraseCustomer(camille(), '2026-03-02T10:00:00.000Z'), 2);
    const erased = CustomerErased.create({ customerId: 'cust-camille', erasedAt: '2026-03-02T10:00:00.000Z', closedBillingAccountIds: [], erasedByRole: 'admin', auditEntryId: 'audit-1' }, origin('erased-cust-camille'));
    expect(await index(erased)).toEqual({ customerId: 'cust-camille', outcome: 'indexed', customerVersion: 2, written: 0, deleted: 3 });
    expect(searchIndexItems()).toEqual([]);
  });

  it('records the version even when nothing it indexes changed, so an older reading still in flight cannot write over it', async () => {
    writeCustomer(camille());
    await created(camille());
    writeCustomer({ ...camille(), status: 'Suspended' }, 2);
    expect(await updated(camille())).toMatchObject({ outcome: 'indexed', customerVersion: 2, written: 0, deleted: 0 });
    expect(table.get({ pk: 'CUSTOMER#cust-camille', sk: 'SEARCH_ENTRIES' })).toMatchObject({ version: 2, customerVersion: 2 });
  });

  it('starts again when another change of the same customer is written meanwhile', async () => {
    writeCustomer(camille());
    await created(camille());
    const renamed = writeCustomer({ ...camille(), name: 'Camille Dupont' }, 2);
    let raced = false;
    table.beforeTransaction = () => {
      if (raced) return;
      raced = true;
      const entries = table.get({ pk: 'CUSTOMER#cust-camille', sk: 'SEARCH_ENTRIES' })!;
      table.put({ ...entries, version: (entries.version as number) + 1 });
    };
    expect(await updated(renamed)).toMatchObject({ outcome: 'indexed', customerVersion: 2 });
    expect(transactions()).toHaveLength(3);
    expect(searchIndexItems()).toContain('CUSTOMER_SEARCH#NAME#du dupont#cust-camille');
  });

  it('replaces even the largest index of a customer in one transaction of at most 100 actions', async () => {
    const phones = (first: number) => Array.from({ length: 19 }, (_, index) => `+33 6 ${String(first + index).padStart(8, '0')}`);
    const wordy = (prefix: string) => Array.from({ length: 60 }, (_, index) => `${prefix}${index}`).join(' ');
    writeCustomer(customerResource({ id: 'cust-big', name: wordy('a'), contactMedium: contacts('big@example.com', ...phones(10_000_000)) }));
    await created(customerResource({ id: 'cust-big' }));
    const replaced = writeCustomer(customerResource({ id: 'cust-big', name: wordy('b'), contactMedium: contacts('big@example.com', ...phones(20_000_000)) }), 2);
    documentMock.resetHistory();
    expect(await updated(replaced)).toMatchObject({ outcome: 'indexed', written: maxIndexedNameWords + 19, deleted: maxIndexedNameWords + 19 });
    expect(transactions()[0]!.TransactItems!.length).toBeLessThanOrEqual(100);
  });

  it("indexes an issued bill's number from the event, the same item however often it comes", async () => {
    const event = CustomerBillIssued.create(
      {
        bill: {
          id: 'ba-1-2027-02-01',
          href: '/tmf-api/customerBillManagement/v4/customerBill/ba-1-2027-02-01',
          billNo: 'TEST-1a2b3c4d-2027-000007',
          billDate: '2027-02-01T00:00:00.000Z',
          paymentDueDate: '2027-02-15T00:00:00.000Z',
          runType: 'onCycle',
          state: 'validated',
          billingAccountId: 'ba-1',
          customerId: 'cust-camille',
          amountDue: { unit: 'EUR', value: 10 },
          taxExcludedAmount: { unit: 'EUR', value: 8.33 },
          taxIncludedAmount: { unit: 'EUR', value: 10 },
        },
      },
      origin('bill-issued'),
    );
    expect(await index(event)).toEqual({ customerId: 'cust-camille', outcome: 'billNumberIndexed', billNo: 'TEST-1a2b3c4d-2027-000007' });
    await index(event);
    expect(table.itemsOf('CUSTOMER_SEARCH#BILL_NO#')).toEqual([
      {
        pk: 'CUSTOMER_SEARCH#BILL_NO#TEST-1A2B3C4D-2027-000007',
        sk: 'CUSTOMER_SEARCH',
        entityType: 'CustomerSearchBillNo',
        billNo: 'TEST-1a2b3c4d-2027-000007',
        billId: 'ba-1-2027-02-01',
        customerId: 'cust-camille',
        billingAccountId: 'ba-1',
      },
    ]);
  });

  it('refuses an event it does not handle, and a customer event of a customer that does not exist', async () => {
    await expect(indexSearch({ 'detail-type': 'CustomerStatusChanged', detail: {} } as never, lambdaContext())).rejects.toThrow(/does not handle CustomerStatusChanged/);
    await expect(created(camille())).rejects.toThrow(/does not exist/);
  });
});

describe('GET /customers/v1/customerSearch', () => {
  const search = (query: Record<string, string> | undefined, claims: Claims = agentClaims) => invoke(searchCustomers, apiEvent({ method: 'GET', path, ...(query ? { query } : {}), claims }));
  const found = async (query: Record<string, string>) => (await search(query)).body.map((match: { customer: { id: string }; matchedOn: string }) => `${match.customer.id} ${match.matchedOn}`);

  /** Customers as the API and the index would leave them: Camille Martín, Camille Bernard, Martine Durand, Ada (accountless). */
  async function writeCustomers() {
    for (const customer of [
      camille(),
      customerResource({ id: 'cust-bernard', name: 'Camille Bernard', contactMedium: contacts('bernard@example.fr', '+33 1 44 55 66 78') }),
      customerResource({ id: 'cust-durand', name: 'Martine Durand', status: 'Suspended', contactMedium: contacts('durand@example.fr') }),
      customerResource({ id: 'cust-ada', name: 'Ada Lovelace', contactMedium: [{ mediumType: 'postalAddress', characteristic: { city: 'London', country: 'GB' } }] }),
    ]) {
      writeCustomer(customer);
      await created(customer);
    }
    table.put({ pk: 'CUSTOMER_EMAIL#camille@example.fr', sk: 'CUSTOMER_EMAIL', customerId: 'cust-camille' });
    table.put(billingAccountItem(billingAccountResource({ id: 'ba-durand', name: 'Durand household', ownerId: 'cust-durand' })));
    table.put(billItem({ id: 'bill-bernard', billNo: '2027-000042', billingAccount: { id: 'ba-bernard' } } as unknown as CustomerBill, 'cust-bernard'));
    const order = productOrderResource({ id: 'order-ada', relatedParty: [{ id: 'cust-ada', href: '/tmf-api/customerManagement/v4/customer/cust-ada', name: 'Ada Lovelace', role: 'Customer', '@referredType': 'Customer' }] });
    table.put({ pk: 'PRODUCT_ORDER#order-ada', sk: 'PRODUCT_ORDER', entityType: 'ProductOrder', version: 1, resource: order, fulfilment: orderFulfilmentOf(order), saga: {} });
    table.put({ pk: 'CUSTOMER_SEARCH#BILL_NO#2027-000042', sk: 'CUSTOMER_SEARCH', billNo: '2027-000042', billId: 'bill-bernard', customerId: 'cust-bernard', billingAccountId: 'ba-bernard' });
  }

  describe('refuses', () => {
    it.each([
      [undefined, 'q'],
      [{ q: ' a ' }, 'q'],
      [{ q: 'x'.repeat(257) }, 'q'],
      [{ q: 'martin', limit: '0' }, 'limit'],
      [{ q: 'martin', limit: '51' }, 'limit'],
      [{ q: 'martin', limit: '1.5' }, 'limit'],
      [{ q: 'martin', limit: 'ten' }, 'limit'],
      [{ q: 'martin', offset: '10' }, 'offset'],
      [{ q: 'martin', fields: 'name' }, 'fields'],
    ])('%j: 400 naming %s, nothing read', async (query, field) => {
      const answer = await search(query);
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toEqual([field]);
      expect(documentMock.calls()).toHaveLength(0);
    });

    it('a customer: 403, nothing read', async () => {
      const answer = await search({ q: 'martin' }, customerClaims('cust-camille'));
      expectTmfError(answer, 403, 'FORBIDDEN');
      expect(documentMock.calls()).toHaveLength(0);
    });
  });

  it('finds customers by the beginnings of their name words, accents aside, sorted by name, with how to reach them', async () => {
    await writeCustomers();
    const answer = await search({ q: 'cam' });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['x-result-count']).toBe('2');
    expect(answer.body).toEqual([
      { customer: { id: 'cust-bernard', href: '/tmf-api/customerManagement/v4/customer/cust-bernard', name: 'Camille Bernard', status: 'Validated', email: 'bernard@example.fr', phoneNumber: '+33 1 44 55 66 78' }, matchedOn: 'name' },
      { customer: { id: 'cust-camille', href: '/tmf-api/customerManagement/v4/customer/cust-camille', name: 'Camille Martín', status: 'Validated', email: 'camille@example.fr', phoneNumber: '+33 6 12 34 56 78' }, matchedOn: 'name' },
    ]);
    expect(await found({ q: 'cam mar' })).toEqual(['cust-camille name']);
    expect(await found({ q: 'MARTIN' })).toEqual(['cust-camille name', 'cust-durand name']);
    expect(await found({ q: 'martín c' })).toEqual(['cust-camille name']);
    expect(await found({ q: 'artin' })).toEqual([]);
  });

  it('leaves out what the customer does not have', async () => {
    await writeCustomers();
    expect((await search({ q: 'lovelace' })).body).toEqual([
      { customer: { id: 'cust-ada', href: '/tmf-api/customerManagement/v4/customer/cust-ada', name: 'Ada Lovelace', status: 'Validated' }, matchedOn: 'name' },
    ]);
  });

  it('finds a customer by e-mail, whatever its case, and by a national phone number', async () => {
    await writeCustomers();
    expect(await found({ q: 'Camille@Example.FR' })).toEqual(['cust-camille email']);
    expect(await found({ q: '06 12 34 56 78' })).toEqual(['cust-camille phoneNumber']);
    expect(await found({ q: '66 78' })).toEqual([]);
    expect(await found({ q: '566 78' })).toEqual([]);
    expect(await found({ q: '4 55 66 78' })).toEqual(['cust-bernard phoneNumber']);
  });

  it('finds a customer by its id, and the customer of a billing account, a bill, an order or a bill number, saying what matched', async () => {
    await writeCustomers();
    expect(await found({ q: 'cust-camille' })).toEqual(['cust-camille customerId']);
    expect((await search({ q: 'ba-durand' })).body).toEqual([
      {
        customer: { id: 'cust-durand', href: '/tmf-api/customerManagement/v4/customer/cust-durand', name: 'Martine Durand', status: 'Suspended', email: 'durand@example.fr' },
        matchedOn: 'billingAccount',
        matched: { id: 'ba-durand', '@referredType': 'BillingAccount', name: 'Durand household' },
      },
    ]);
    expect((await search({ q: 'bill-bernard' })).body[0]).toMatchObject({ customer: { id: 'cust-bernard' }, matchedOn: 'bill', matched: { id: 'bill-bernard', '@referredType': 'CustomerBill', name: '2027-000042' } });
    expect((await search({ q: 'order-ada' })).body[0]).toMatchObject({ customer: { id: 'cust-ada' }, matchedOn: 'productOrder', matched: { id: 'order-ada', '@referredType': 'ProductOrder', name: 'order-ada' } });
    expect((await search({ q: '2027-000042' })).body).toEqual([
      {
        customer: expect.objectContaining({ id: 'cust-bernard' }),
        matchedOn: 'billNo',
        matched: { id: 'bill-bernard', '@referredType': 'CustomerBill', name: '2027-000042' },
      },
    ]);
  });

  it('answers each customer once, its best match kept, exact ids first', async () => {
    await writeCustomers();
    // "durand" is a name word of Martine Durand and, here, the id of another customer's account.
    table.put(billingAccountItem(billingAccountResource({ id: 'durand', name: 'Camille B.', ownerId: 'cust-bernard' })));
    table.put(billingAccountItem(billingAccountResource({ id: 'cust-durand', name: 'Also Durand', ownerId: 'cust-durand' })));
    expect(await found({ q: 'durand' })).toEqual(['cust-bernard billingAccount', 'cust-durand name']);
    expect(await found({ q: 'cust-durand' })).toEqual(['cust-durand customerId']);
  });

  it('answers at most `limit` (20 unless said), reading a bounded part of the index', async () => {
    for (let number = 0; number < 30; number += 1) {
      const customer = customerResource({ id: `cust-${String(number).padStart(2, '0')}`, name: `Martin ${number}` });
      writeCustomer(customer);
      await created(customer);
    }
    expect(await found({ q: 'martin' })).toHaveLength(20);
    expect(await found({ q: 'martin', limit: '3' })).toEqual(['cust-00 name', 'cust-01 name', 'cust-10 name']);
    const queries = documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries.every((query) => (query.Limit ?? Infinity) <= maxEntriesRead)).toBe(true);
  });

  it('does not show a customer under a name it no longer has, while the index catches up', async () => {
    await writeCustomers();
    writeCustomer({ ...camille(), name: 'Camille Dupont' }, 2);
    expect(await found({ q: 'martin' })).toEqual(['cust-durand name']);
  });

  it('finds an erased customer by its id alone, never by its old phone number or name, while the index catches up', async () => {
    await writeCustomers();
    writeCustomer({ ...camille(), name: 'Erased customer cust-cam', contactMedium: [], erasedAt: '2027-01-20T10:00:00.000Z' }, 2);
    expect(await found({ q: '06 12 34 56 78' })).toEqual([]);
    expect(await found({ q: 'camille' })).toEqual(['cust-bernard name']);
    expect(await found({ q: 'cust-camille' })).toEqual(['cust-camille customerId']);
  });
});
