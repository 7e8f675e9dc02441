import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as createCreditNote } from '../../../functions/collections/create-credit-note.js';
import { handler as getCreditNote } from '../../../functions/collections/get-credit-note.js';
import { handler as getCreditNoteDocument } from '../../../functions/collections/get-credit-note-document.js';
import { handler as keepCreditNoteDocument } from '../../../functions/collections/keep-credit-note-document.js';
import { handler as listCreditNotes } from '../../../functions/collections/list-credit-notes.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { FakeBillingTable } from '../billing/billing-table.js';
import { writeCustomerAccount, writeIssuedBill } from './collections-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const creditNotePath = '/collections/v1/creditNote';
const get = (id: string, claims: Claims = agentClaims) =>
  invoke(getCreditNote, apiEvent({ method: 'GET', path: `${creditNotePath}/${id}`, resource: `${creditNotePath}/{id}`, pathParameters: { id }, claims }));
const list = (query: Record<string, string>, claims: Claims = agentClaims) => invoke(listCreditNotes, apiEvent({ method: 'GET', path: creditNotePath, query, claims }));

let table: FakeBillingTable;
let noteId: string;
beforeEach(async () => {
  documentMock.reset();
  dynamoMock.reset();
  new FakeIdempotencyTable().install(dynamoMock);
  vi.spyOn(systemClock, 'now').mockReturnValue('2027-03-05T10:00:00.000Z');
  table = new FakeBillingTable().install(documentMock);
  writeCustomerAccount(table, { customerId: 'cust-1', accountId: 'ba-1' });
  writeCustomerAccount(table, { customerId: 'cust-2', accountId: 'ba-2' });
  writeIssuedBill(table, { id: 'feb', amount: 20, accountId: 'ba-1', customerId: 'cust-1', paymentDueDate: '2027-02-15T00:00:00.000Z' });
  table.put({
    pk: 'BILL#feb',
    sk: 'LINE#0001',
    entityType: 'AppliedCustomerBillingRate',
    version: 1,
    resource: { id: 'feb-0001', href: '/l/feb-0001', type: 'recurring', description: 'Mobile M', taxExcludedAmount: { unit: 'EUR', value: 20 }, taxIncludedAmount: { unit: 'EUR', value: 20 }, appliedTax: [] },
  });
  const created = await invoke(createCreditNote, apiEvent({ method: 'POST', path: creditNotePath, body: { bill: { id: 'feb' }, reason: 'outage', amount: { unit: 'EUR', value: 5 } }, claims: agentClaims }), lambdaContext('create-credit-note'));
  expect(created.statusCode).toBe(201);
  noteId = created.body.id;
  return () => vi.restoreAllMocks();
});

const getDocument = (id: string, claims: Claims = agentClaims, accept?: string) =>
  getCreditNoteDocument(
    apiEvent({ method: 'GET', path: `${creditNotePath}/${id}/document`, resource: `${creditNotePath}/{id}/document`, pathParameters: { id }, claims, headers: accept ? { Accept: accept } : {} }),
    lambdaContext('get-credit-note-document'),
  );

describe('a credit note document', () => {
  it('is kept when the credit note is issued (once however often the event comes) and served to staff and its customer, PDF or HTML', async () => {
    const issued = table.itemsOf('OUTBOX#').find((item) => item.detailType === 'CreditNoteIssued')!;
    const event = { detail: JSON.parse(issued.detail as string) };
    const kept = await keepCreditNoteDocument(event, lambdaContext('keep-credit-note-document'));
    expect(await keepCreditNoteDocument(event, lambdaContext('keep-credit-note-document'))).toEqual(kept);
    expect(kept).toMatchObject({ kept: true, bytes: expect.any(Number) });

    const pdf = await getDocument(noteId, customerClaims('cust-1'));
    expect(pdf).toMatchObject({ statusCode: 200, isBase64Encoded: true, headers: expect.objectContaining({ 'content-type': 'application/pdf', 'content-disposition': 'inline; filename="CN-2027-000001.pdf"' }) });
    expect(Buffer.from(pdf.body, 'base64').byteLength).toBe(kept.bytes);
    const html = await getDocument(noteId, agentClaims, 'text/html');
    expect(html.body).toContain('Credit note CN-2027-000001');
    expect(html.body).toContain('Reason: outage');
  });

  it("answers another customer's, and an unknown one, 404", async () => {
    for (const answer of [await getDocument(noteId, customerClaims('cust-2')), await getDocument('nope')]) {
      expect(answer.statusCode).toBe(404);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});

describe('GET /collections/v1/creditNote', () => {
  it('one credit note: staff and its customer; another customer as an unknown one', async () => {
    expect(await get(noteId)).toMatchObject({ statusCode: 200, body: { id: noteId, creditNoteNo: 'CN-2027-000001' } });
    expect((await get(noteId, customerClaims('cust-1'))).statusCode).toBe(200);
    expectTmfError(await get(noteId, customerClaims('cust-2')), 404, 'NOT_FOUND');
    expectTmfError(await get('nope'), 404, 'NOT_FOUND');
  });

  it("an account's credit notes: staff and its customer; one account required; another customer's as unknown", async () => {
    const mine = await list({ 'billingAccount.id': 'ba-1' }, customerClaims('cust-1'));
    expect(mine.statusCode).toBe(200);
    expect(mine.body.map((note: { id: string }) => note.id)).toEqual([noteId]);
    expect((await list({ 'billingAccount.id': 'ba-2' })).body).toEqual([]);
    expectTmfError(await list({ 'billingAccount.id': 'ba-1' }, customerClaims('cust-2')), 404, 'NOT_FOUND');
    const none = await list({});
    expectTmfError(none, 400, 'INVALID_REQUEST');
    expect(detailFields(none)).toEqual(['billingAccount.id']);
  });
});
