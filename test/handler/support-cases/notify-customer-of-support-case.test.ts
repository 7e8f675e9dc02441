import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler } from '../../../functions/support-cases/notify-customer-of-support-case.js';
import { agentClaims, customerClaims } from '../../support/api-event.js';
import { preferencesItem } from '../../support/fixtures.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { expectValidTmf, tmf681 } from '../../support/tmf-schema.js';
import { FakeBillingTable } from '../billing/billing-table.js';
import { caseBody, clockTime, open, outboxEvents, seedSupportWorld, systemNow, update } from './support-case-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

let table: FakeBillingTable;
const notify = (event: { 'detail-type': string; detail: unknown }) => handler(event, lambdaContext('notify-customer-of-support-case'));
const messages = () => table.itemsOf('COMMUNICATION_MESSAGE#').map((item) => item.resource as Record<string, any>);

beforeEach(() => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(systemNow);
  table = new FakeBillingTable().install(documentMock);
  seedSupportWorld(table);
  return () => vi.restoreAllMocks();
});

describe('notify-customer-of-support-case (SupportCaseOpened, SupportCaseStatusChanged → e-mail)', () => {
  it('tells the customer its case was received and each status change, once per event however often delivered, naming the bill', async () => {
    const caseId = (await open(caseBody(), { claims: customerClaims('cust-1') })).body.id;
    await update(caseId, { status: 'acknowledged', note: [{ text: 'internal-looking note' }] }, { claims: agentClaims });
    await update(caseId, { status: 'inProgress' }, { claims: agentClaims });
    await update(caseId, { status: 'pending', statusChangeReason: 'Please send the line numbers.' }, { claims: agentClaims });
    const delivered = outboxEvents(table).filter((each) => each.detailType !== 'SupportCaseNoteAdded');
    for (const each of delivered) {
      const first = await notify(each.event);
      expect((await notify(each.event)).messageId).toBe(first.messageId);
    }
    const sent = messages();
    expect(sent.map((message) => [message.characteristic[0].value, message.subject])).toEqual([
      ['supportCaseOpened', `We have your support case ${caseId}`],
      ['supportCaseStatusChanged', `Support case ${caseId}: acknowledged`],
      ['supportCaseStatusChanged', `Support case ${caseId}: in progress`],
      ['supportCaseStatusChanged', `Support case ${caseId}: waiting for you`],
    ]);
    expect(sent[3]!.content).toContain('Please send the line numbers.');
    for (const message of sent) {
      expect(message).toMatchObject({ sendTime: systemNow, receiver: [{ id: 'cust-1', email: 'cust-1@example.com' }], bill: { id: 'bill-1' } });
      expect(message).not.toHaveProperty('billingAccount');
      expectValidTmf(tmf681, 'CommunicationMessage', message);
    }
  });

  it("follows the customer's communication preferences: case news by SMS when it refuses them by e-mail, none when it refuses them everywhere", async () => {
    const customer = table.get({ pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' })!;
    const resource = customer.resource as { contactMedium: unknown[] };
    table.put({ ...customer, resource: { ...resource, contactMedium: [...resource.contactMedium, { mediumType: 'mobile', characteristic: { phoneNumber: '+33 6 12 34 56 78' } }] } });
    table.put(
      preferencesItem('cust-1', [
        { kind: 'supportCaseOpened', email: false, sms: true },
        { kind: 'supportCaseStatusChanged', email: false, sms: false },
      ]),
    );
    const caseId = (await open(caseBody(), { claims: customerClaims('cust-1') })).body.id;
    await update(caseId, { status: 'acknowledged' }, { claims: agentClaims });
    const outcomes = [];
    for (const each of outboxEvents(table)) outcomes.push(await notify(each.event));
    expect(outcomes).toEqual([{ messageId: expect.any(String) }, {}]);
    expect(messages()).toEqual([expect.objectContaining({ messageType: 'SMS', receiver: [expect.objectContaining({ id: 'cust-1', phoneNumber: '+33 6 12 34 56 78' })] })]);
    expect(messages()[0]).not.toHaveProperty('subject');
    expect(messages()[0]!.content).toContain(caseId);
  });

  it("dates a clocked customer's messages at its clock's time", async () => {
    const caseId = (await open(caseBody({ relatedEntity: [] }), { claims: customerClaims('cust-clocked') })).body.id;
    await update(caseId, { status: 'cancelled' }, { claims: customerClaims('cust-clocked') });
    for (const each of outboxEvents(table)) await notify(each.event);
    expect(messages().map((message) => message.sendTime)).toEqual([clockTime, clockTime]);
    expect(messages()[1]!.content).toContain('Your case was cancelled.');
    expect(messages()[0]).not.toHaveProperty('bill');
  });
});
