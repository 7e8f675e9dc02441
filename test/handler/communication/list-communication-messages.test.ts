import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommunicationMessage } from '../../../domain/communication/communication-message.js';
import { handler } from '../../../functions/communication/list-communication-messages.js';
import { apiEvent, customerClaims, mediationClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { communicationMessage, communicationMessageItem, emailNotification, smsNotification } from '../../support/communication-fixtures.js';
import { expectValidTmf, tmf681 } from '../../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/communicationManagement/v4/communicationMessage';
const at = (minute: number) => `2026-02-20T09:${String(minute).padStart(2, '0')}:00.000Z`;
const messages: Record<string, CommunicationMessage[]> = {
  'cust-1': [
    communicationMessage('cm-1a', emailNotification({ customerId: 'cust-1', sentAt: at(1) })),
    communicationMessage('cm-1b', smsNotification({ customerId: 'cust-1', sentAt: at(5) })),
  ],
  'cust-2': [communicationMessage('cm-2a', emailNotification({ customerId: 'cust-2', billingAccountId: 'ba-2', kind: 'finalNotice', sentAt: at(3) }))],
};
const everyMessage = Object.values(messages).flat().sort((a, b) => a.sendTime.localeCompare(b.sendTime));

const list = (query?: Record<string, string>, claims?: Claims) =>
  invoke(handler, apiEvent({ method: 'GET', path, ...(query ? { query } : {}), ...(claims ? { claims } : {}) }));
const queries = () => documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
const ids = (body: { id: string }[]) => body.map((message) => message.id);

beforeEach(() => {
  documentMock.reset();
  documentMock.on(QueryCommand).resolves({ Items: [] });
  documentMock
    .on(QueryCommand, { IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'TYPE#CommunicationMessage' } })
    .resolves({ Items: everyMessage.map((message) => communicationMessageItem(message)) });
  for (const [customerId, owned] of Object.entries(messages)) {
    documentMock
      .on(QueryCommand, { IndexName: 'gsi2', ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':prefix': 'CommunicationMessage#' } })
      .resolves({ Items: owned.map((message) => communicationMessageItem(message)) });
  }
});

describe('GET /communicationMessage (list-communication-messages)', () => {
  it('staff list every message from gsi1, valid TMF681 CommunicationMessages with paging headers', async () => {
    const answer = await list();
    expect(answer.statusCode).toBe(200);
    expect(ids(answer.body)).toEqual(['cm-1a', 'cm-2a', 'cm-1b']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('3');
    for (const message of answer.body) expectValidTmf(tmf681, 'CommunicationMessage', message);
    expect(queries()).toEqual([expect.objectContaining({ IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'TYPE#CommunicationMessage' } })]);
  });

  it("receiver.id selects customers' messages from gsi2, merged by send time and paged", async () => {
    const answer = await list({ 'receiver.id': 'cust-1,cust-2', offset: '1', limit: '2' });
    expect(ids(answer.body)).toEqual(['cm-2a', 'cm-1b']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('2');
    expect(queries()).toHaveLength(2);
    for (const input of queries()) {
      expect(input).toMatchObject({ IndexName: 'gsi2', ExpressionAttributeValues: expect.objectContaining({ ':prefix': 'CommunicationMessage#' }) });
      expect(input.FilterExpression).toBeUndefined();
    }
  });

  it.each([
    ['messageType', 'SMS', ['messageType']],
    ['state', 'completed', ['state']],
    ['billingAccount.id', 'ba-2', ['billingAccount', 'id']],
  ])('passes the %s filter to the Query as a filter on the resource', async (name, value, segments) => {
    await list({ [name]: value });
    const [input] = queries();
    expect(input!.FilterExpression).toBe(`${['#resource', ...segments.map((_, index) => `#f0_${index}`)].join('.')} IN (:f0_0)`);
    expect(input!.ExpressionAttributeNames).toMatchObject(Object.fromEntries(segments.map((segment, index) => [`#f0_${index}`, segment])));
    expect(input!.ExpressionAttributeValues).toMatchObject({ ':f0_0': value });
  });

  it('filters on content and sendTime inside the same Query', async () => {
    await list({ content: 'Your bill is overdue', 'sendTime.gte': '2027-01-01T00:00:00+01:00' });
    const query = documentMock.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(query.FilterExpression).toBe('#resource.#f0_0 IN (:f0_0) AND #resource.#f1_0 >= :f1_0');
    expect(query.ExpressionAttributeValues).toMatchObject({ ':f0_0': 'Your bill is overdue', ':f1_0': '2026-12-31T23:00:00.000Z' });
  });

  it('400 naming an unknown filter, without querying', async () => {
    const answer = await list({ priority: 'high' });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf681);
    expect(detailFields(answer)).toEqual(['priority']);
    expect(documentMock.calls()).toHaveLength(0);
  });

  describe('with a customer token', () => {
    it('is narrowed to what was sent to it without any filter', async () => {
      const answer = await list({ fields: 'messageType' }, customerClaims('cust-1'));
      expect(ids(answer.body)).toEqual(['cm-1a', 'cm-1b']);
      expect(Object.keys(answer.body[0]).sort()).toEqual(['@type', 'href', 'id', 'messageType']);
      expect(queries()).toEqual([expect.objectContaining({ IndexName: 'gsi2', ExpressionAttributeValues: expect.objectContaining({ ':pk': 'CUSTOMER#cust-1' }) })]);
    });

    it("gets nothing, and queries nothing, when filtering on another customer's id", async () => {
      const answer = await list({ 'receiver.id': 'cust-2' }, customerClaims('cust-1'));
      expect(answer.body).toEqual([]);
      expect(answer.headers['x-total-count']).toBe('0');
      expect(documentMock.calls()).toHaveLength(0);
    });
  });

  it('a mediation feed may not list messages: 403 without a query', async () => {
    const answer = await list(undefined, mediationClaims);
    expectTmfError(answer, 403, 'FORBIDDEN', tmf681);
    expect(documentMock.calls()).toHaveLength(0);
  });
});
