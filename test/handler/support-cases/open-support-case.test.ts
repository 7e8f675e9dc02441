import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SupportCaseOpened } from '../../../domain/events/support-case-events.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, customerClaims, mediationClaims } from '../../support/api-event.js';
import { detailFields, expectTmfError } from '../../support/api-answer.js';
import { expectValidTmf, tmf621 } from '../../support/tmf-schema.js';
import { FakeBillingTable } from '../billing/billing-table.js';
import { caseBody, clockTime, open, outboxEvents, seedSupportWorld, systemNow } from './support-case-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(systemNow);
  table = new FakeBillingTable().install(documentMock);
  seedSupportWorld(table);
  return () => vi.restoreAllMocks();
});

describe('POST /troubleTicket (open-support-case)', () => {
  it('201: a customer opens a case about its bill, submitted, at the system time; the case and SupportCaseOpened in one transaction', async () => {
    const answer = await open(caseBody({ note: [{ text: 'Line 2 and 3.' }] }), { claims: customerClaims('cust-1'), headers: { 'x-correlation-id': 'corr-open' } });
    expect(answer.statusCode, JSON.stringify(answer.body)).toBe(201);
    expectValidTmf(tmf621, 'TroubleTicket', answer.body);
    expect(answer.body).toMatchObject({
      creationDate: systemNow,
      priority: 'Medium',
      channel: { id: 'selfService' },
      relatedParty: [{ id: 'cust-1', name: 'Ada Lovelace', '@referredType': 'Customer' }],
      relatedEntity: [{ id: 'bill-1', name: 'INV-2026-0000001', role: 'subject', '@referredType': 'CustomerBill', href: '/tmf-api/customerBillManagement/v4/customerBill/bill-1' }],
      note: [{ id: '1', author: 'Ada Lovelace', authorRole: 'customer', text: 'Line 2 and 3.', date: systemNow }],
    });
    expect(answer.body).not.toHaveProperty('status');
    expect(answer.headers.location).toBe(answer.body.href);
    expect(answer.headers.etag).toBe('W/"1"');

    const [write] = documentMock.commandCalls(TransactWriteCommand);
    expect(write!.args[0].input.TransactItems!.map((item) => item.Put!.Item!.entityType)).toEqual(['SupportCase', 'OutboxEvent']);
    expect(write!.args[0].input.TransactItems![0]!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { gsi2pk: 'CUSTOMER#cust-1', gsi3pk: 'SUPPORT_CASE_STATUS#submitted', caseStatus: 'submitted', resource: answer.body },
    });
    const [opened] = outboxEvents(table);
    const { data, metadata } = SupportCaseOpened.parseDetail(opened!.event.detail);
    expect(data).toMatchObject({ supportCase: { id: answer.body.id, status: 'submitted', customerId: 'cust-1' }, openedBy: { role: 'customer', subject: 'user-of-cust-1' } });
    expect(data.supportCase).not.toHaveProperty('testClockId');
    expect(metadata).toMatchObject({ occurredAt: systemNow, correlationId: 'corr-open' });
  });

  it("a clocked customer's case takes every instant from its test clock, and its event names the clock", async () => {
    const answer = await open(caseBody({ relatedEntity: [], note: [{ text: 'hello' }] }), { claims: customerClaims('cust-clocked') });
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toMatchObject({ creationDate: clockTime, lastUpdate: clockTime, statusChangeDate: clockTime, note: [{ date: clockTime }], statusChange: [{ changeDate: clockTime }] });
    const { data, metadata } = SupportCaseOpened.parseDetail(outboxEvents(table)[0]!.event.detail);
    expect(data.supportCase.testClockId).toBe('clock-1');
    expect(metadata.occurredAt).toBe(clockTime);
    expect(table.get({ pk: `SUPPORT_CASE#${answer.body.id}`, sk: 'SUPPORT_CASE' })).toMatchObject({ testClockId: 'clock-1' });
  });

  it('an agent opens a case for the customer it names, about its product, with a priority of its own', async () => {
    const answer = await open(
      caseBody({ relatedParty: [{ id: 'cust-1', '@referredType': 'Customer' }], relatedEntity: [{ id: 'prod-1', '@referredType': 'Product', role: 'affected' }], priority: 'Critical', severity: 'Minor' }),
      { claims: agentClaims },
    );
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toMatchObject({ priority: 'Critical', channel: { id: 'agent' }, relatedParty: [{ id: 'cust-1' }], relatedEntity: [{ id: 'prod-1', name: 'Mobile M', role: 'affected' }] });
  });

  describe('refusals write nothing', () => {
    beforeEach(() => () => expect(documentMock.commandCalls(TransactWriteCommand), 'TransactWriteItems calls').toHaveLength(0));

    it("400: another customer's bill is refused in the words of an unknown one", async () => {
      const foreign = await open(caseBody({ relatedEntity: [{ id: 'bill-2', '@referredType': 'CustomerBill' }] }), { claims: customerClaims('cust-1') });
      const unknown = await open(caseBody({ relatedEntity: [{ id: 'bill-404', '@referredType': 'CustomerBill' }] }), { claims: customerClaims('cust-1') });
      expectTmfError(foreign, 400, 'INVALID_REQUEST');
      expect(foreign.body.details).toEqual([{ field: 'relatedEntity[0].id', problem: 'the customer has no CustomerBill bill-2' }]);
      expect(unknown.body.details).toEqual([{ field: 'relatedEntity[0].id', problem: 'the customer has no CustomerBill bill-404' }]);
    });

    it('403: a customer sets neither the priority nor whose case it is', async () => {
      const answer = await open(caseBody({ priority: 'Critical', relatedParty: [{ id: 'cust-2', '@referredType': 'Customer' }] }), { claims: customerClaims('cust-1') });
      expectTmfError(answer, 403, 'FORBIDDEN');
      expect(detailFields(answer)).toEqual(['priority', 'relatedParty']);
    });

    it('400: staff must name the customer, and an existing one', async () => {
      expect(detailFields(await open(caseBody(), { claims: agentClaims }))).toEqual(['relatedParty']);
      expect(detailFields(await open(caseBody({ relatedParty: [{ id: 'nobody', '@referredType': 'Customer' }] }), { claims: agentClaims }))).toEqual(['relatedParty']);
    });

    it('400: a body that is not a case names each field', async () => {
      const answer = await open({ ticketType: 'praise', severity: 'Major', status: 'resolved' }, { claims: customerClaims('cust-1') });
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer).sort()).toEqual(['description', 'status', 'ticketType']);
    });

    it('403: a machine client opens no case', async () => {
      expectTmfError(await open(caseBody(), { claims: mediationClaims }), 403, 'FORBIDDEN');
    });
  });
});
