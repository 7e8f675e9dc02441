import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/communication/delete-communication-message.js';
import { handler as getMessage } from '../../../functions/communication/get-communication-message.js';
import { handler as listMessages } from '../../../functions/communication/list-communication-messages.js';
import { adminClaims, agentClaims, apiEvent, customerClaims, mediationClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { communicationMessage, communicationMessageItem } from '../../support/communication-fixtures.js';
import { customerItem, customerResource } from '../../support/fixtures.js';
import { tmf681 } from '../../support/tmf-schema.js';
import { testClockItem } from '../billing/billing-fixtures.js';
import { FakeBillingTable } from '../billing/billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/communicationManagement/v4/communicationMessage';
const clockTime = '2027-02-12T08:30:00.000Z';
const remove = (id: string, options: { claims?: Claims; headers?: Record<string, string> } = {}) =>
  invoke(handler, resourceEvent('DELETE', path, id, { claims: options.claims ?? agentClaims, ...(options.headers ? { headers: options.headers } : {}) }));
const get = (id: string, claims: Claims = agentClaims) => invoke(getMessage, resourceEvent('GET', path, id, { claims }));
const list = (claims: Claims = customerClaims('cust-1')) => invoke(listMessages, apiEvent({ method: 'GET', path, claims }));

let table: FakeBillingTable;
const auditEntries = () => [...table.items.values()].filter((item) => item.entityType === 'AuditEntry');

beforeEach(() => {
  documentMock.reset();
  table = new FakeBillingTable().install(documentMock);
  table.put(communicationMessageItem(communicationMessage('cm-1')));
  table.put(communicationMessageItem(communicationMessage('cm-2')));
  table.put(customerItem(customerResource({ testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } })));
  table.put(testClockItem({ id: 'clock-1', href: '/billing/v1/testClock/clock-1', '@type': 'TestClock', name: 'Clock', frozenTime: clockTime, status: 'ready', createdAt: '2027-01-01T00:00:00.000Z', lastUpdate: '2027-01-01T00:00:00.000Z' }));
});

describe('DELETE /communicationMessage/{id} (delete-communication-message)', () => {
  it('204: gone from GET and from the lists; the record stays, with who deleted it and when (the customer clock time) in its audit trail', async () => {
    expect((await list()).body.map((message: { id: string }) => message.id)).toEqual(['cm-1', 'cm-2']);
    const answer = await remove('cm-1');
    expect(answer.statusCode).toBe(204);
    expect(answer.body).toBeUndefined();
    expectTmfError(await get('cm-1'), 404, 'NOT_FOUND', tmf681);
    expect((await list()).body.map((message: { id: string }) => message.id)).toEqual(['cm-2']);
    expect((await list(agentClaims)).body.map((message: { id: string }) => message.id)).toEqual(['cm-2']);

    const kept = table.get({ pk: 'COMMUNICATION_MESSAGE#cm-1', sk: 'COMMUNICATION_MESSAGE' })!;
    expect(kept).toMatchObject({ version: 2, deletedAt: clockTime, deletedBy: { subject: 'agent-user', role: 'agent' }, resource: { id: 'cm-1', state: 'completed' } });
    expect(kept.gsi1pk).toBeUndefined();
    expect(kept.gsi2pk).toBeUndefined();
    expect(auditEntries()).toEqual([
      expect.objectContaining({
        pk: 'COMMUNICATION_MESSAGE#cm-1',
        resource: expect.objectContaining({ at: clockTime, action: 'communicationMessageDeleted', actor: { subject: 'agent-user', role: 'agent' }, after: { deleted: true } }),
      }),
    ]);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('the customer deletes a message sent to it (its inbox); another customer answers as for an unknown id', async () => {
    expectTmfError(await remove('cm-1', { claims: customerClaims('cust-2') }), 404, 'NOT_FOUND', tmf681);
    expect((await remove('cm-1', { claims: customerClaims('cust-1') })).statusCode).toBe(204);
    expect(auditEntries()[0]).toMatchObject({ resource: { actor: { subject: 'user-of-cust-1', role: 'customer' } } });
  });

  it('404 for an unknown message and for one deleted already; 412 for a stale If-Match; a mediation feed 403', async () => {
    expectTmfError(await remove('cm-404'), 404, 'NOT_FOUND', tmf681);
    expectTmfError(await remove('cm-1', { headers: { 'if-match': 'W/"7"' } }), 412, 'PRECONDITION_FAILED', tmf681);
    expectTmfError(await remove('cm-1', { claims: mediationClaims }), 403, 'FORBIDDEN', tmf681);
    expect((await remove('cm-1', { claims: adminClaims, headers: { 'if-match': 'W/"1"' } })).statusCode).toBe(204);
    expectTmfError(await remove('cm-1'), 404, 'NOT_FOUND', tmf681);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
    // Read consistently: a deletion just made is never missed.
    expect(documentMock.commandCalls(GetCommand).some((call) => call.args[0].input.ConsistentRead === true)).toBe(true);
  });
});
