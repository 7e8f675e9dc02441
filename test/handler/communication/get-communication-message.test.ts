import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/communication/get-communication-message.js';
import { agentClaims, customerClaims, mediationClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { communicationMessage, communicationMessageItem } from '../../support/communication-fixtures.js';
import { expectValidTmf, tmf681 } from '../../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/communicationManagement/v4/communicationMessage';
const message = communicationMessage('cm-1');

const get = (id: string, claims?: Claims | null, query?: Record<string, string>) =>
  invoke(handler, resourceEvent('GET', path, id, { ...(query ? { query } : {}), ...(claims !== undefined ? { claims } : {}) }));

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(GetCommand, { Key: { pk: 'COMMUNICATION_MESSAGE#cm-1', sk: 'COMMUNICATION_MESSAGE' } }).resolves({ Item: communicationMessageItem(message) });
});

describe('GET /communicationMessage/{id} (get-communication-message)', () => {
  it('200 with the message and its ETag, valid against TMF681 CommunicationMessage, from one GetItem, without the idempotency key', async () => {
    const answer = await get('cm-1', agentClaims);
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(message);
    expect(answer.body).not.toHaveProperty('idempotencyKey');
    expect(answer.headers.etag).toBe('W/"1"');
    expectValidTmf(tmf681, 'CommunicationMessage', answer.body);
    expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: 'bss-test', Key: { pk: 'COMMUNICATION_MESSAGE#cm-1', sk: 'COMMUNICATION_MESSAGE' } },
    ]);
  });

  it('fields selects attributes, always with id, href and @type', async () => {
    const answer = await get('cm-1', undefined, { fields: 'state,messageType' });
    expect(answer.body).toEqual({ id: 'cm-1', href: message.href, '@type': 'CommunicationMessage', state: 'completed', messageType: 'email' });
  });

  it('404 for an unknown message', async () => {
    const answer = await get('cm-404');
    expectTmfError(answer, 404, 'NOT_FOUND', tmf681);
    expect(answer.body.message).toBe('communicationMessage cm-404 does not exist');
  });

  it("a customer reads what was sent to it; another customer's answers exactly like an unknown id; a mediation feed may not ask", async () => {
    const own = await get('cm-1', customerClaims('cust-1'));
    expect(own.statusCode).toBe(200);
    expect(own.body).toEqual(message);
    const foreign = await get('cm-1', customerClaims('cust-2'));
    expectTmfError(foreign, 404, 'NOT_FOUND', tmf681);
    expect(foreign.body.message).toBe('communicationMessage cm-1 does not exist');
    expectTmfError(await get('cm-1', mediationClaims), 403, 'FORBIDDEN', tmf681);
  });

  it('401 without claims', async () => {
    expectTmfError(await get('cm-1', null), 401, 'UNAUTHORIZED', tmf681);
  });
});
