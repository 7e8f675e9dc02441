import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SupportCaseNoteAdded, SupportCaseStatusChanged, SupportCaseUpdated } from '../../../domain/events/support-case-events.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { adminClaims, agentClaims, customerClaims, mediationClaims } from '../../support/api-event.js';
import { detailFields, expectTmfError } from '../../support/api-answer.js';
import { expectValidTmf, tmf621 } from '../../support/tmf-schema.js';
import { FakeBillingTable } from '../billing/billing-table.js';
import { caseBody, clockTime, open, outboxEvents, seedSupportWorld, systemNow, update } from './support-case-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

let table: FakeBillingTable;
let caseId: string;
const ada = customerClaims('cust-1');
const writes = () => documentMock.commandCalls(TransactWriteCommand).length;
const eventsAfterOpening = () => outboxEvents(table).slice(1);

beforeEach(async () => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(systemNow);
  table = new FakeBillingTable().install(documentMock);
  seedSupportWorld(table);
  caseId = (await open(caseBody(), { claims: ada })).body.id;
  return () => vi.restoreAllMocks();
});

describe('PATCH /troubleTicket/{id} (update-support-case)', () => {
  it('an agent acknowledges, works, asks the customer (pending, with a note), the customer answers, the agent resolves, the customer closes', async () => {
    const steps: [object, typeof ada, string][] = [
      [{ status: 'acknowledged' }, agentClaims, 'acknowledged'],
      [{ status: 'inProgress' }, agentClaims, 'inProgress'],
      [{ status: 'pending', statusChangeReason: 'Which lines are twice?', note: [{ text: 'Please send the line numbers.' }] }, agentClaims, 'pending'],
      [{ note: [{ text: 'Lines 2 and 3.' }] }, ada, 'pending'],
      [{ status: 'inProgress' }, agentClaims, 'inProgress'],
      [{ status: 'resolved', statusChangeReason: 'Line 3 credited.' }, adminClaims, 'resolved'],
      [{ status: 'closed' }, ada, 'closed'],
    ];
    let version = 1;
    for (const [body, claims, status] of steps) {
      const answer = await update(caseId, body, { claims, headers: { 'If-Match': `W/"${version}"` } });
      expect(answer.statusCode, JSON.stringify(answer.body)).toBe(200);
      version += 1;
      expect(answer.headers.etag).toBe(`W/"${version}"`);
      expect(answer.body.status).toBe(status);
      expectValidTmf(tmf621, 'TroubleTicket', answer.body);
    }
    const stored = table.get({ pk: `SUPPORT_CASE#${caseId}`, sk: 'SUPPORT_CASE' })!;
    expect(stored).toMatchObject({ caseStatus: 'closed', gsi3pk: 'SUPPORT_CASE_STATUS#closed', version: 8 });
    const closed = stored.resource as any;
    expect(closed.note.map((note: any) => [note.author, note.text])).toEqual([
      ['Customer support', 'Please send the line numbers.'],
      ['Ada Lovelace', 'Lines 2 and 3.'],
    ]);
    expect(closed.resolutionDate).toBe(systemNow);

    const events = eventsAfterOpening();
    expect(events.map((event) => event.detailType)).toEqual([
      'SupportCaseStatusChanged',
      'SupportCaseStatusChanged',
      'SupportCaseNoteAdded',
      'SupportCaseStatusChanged',
      'SupportCaseNoteAdded',
      'SupportCaseStatusChanged',
      'SupportCaseStatusChanged',
      'SupportCaseStatusChanged',
    ]);
    const changes = events.filter((event) => event.detailType === 'SupportCaseStatusChanged').map((event) => SupportCaseStatusChanged.parseDetail(event.event.detail).data);
    expect(changes.map((change) => [change.from, change.to, change.changedBy.role])).toEqual([
      ['submitted', 'acknowledged', 'agent'],
      ['acknowledged', 'inProgress', 'agent'],
      ['inProgress', 'pending', 'agent'],
      ['pending', 'inProgress', 'agent'],
      ['inProgress', 'resolved', 'admin'],
      ['resolved', 'closed', 'customer'],
    ]);
    expect(changes[2]).toMatchObject({ reason: 'Which lines are twice?', changedAt: systemNow, supportCase: { status: 'pending' } });
    expect(SupportCaseNoteAdded.parseDetail(events[4]!.event.detail).data).toMatchObject({ supportCaseId: caseId, customerId: 'cust-1', noteId: '2', authorRole: 'customer' });
  });

  it("a clocked customer's case changes at its clock's time", async () => {
    const clocked = (await open(caseBody({ relatedEntity: [] }), { claims: customerClaims('cust-clocked') })).body.id;
    const answer = await update(clocked, { status: 'acknowledged', note: [{ text: 'On it.' }] }, { claims: agentClaims });
    expect(answer.body).toMatchObject({ statusChangeDate: clockTime, lastUpdate: clockTime, note: [{ date: clockTime }] });
    const change = SupportCaseStatusChanged.parseDetail(outboxEvents(table).find((event) => event.detailType === 'SupportCaseStatusChanged')!.event.detail);
    expect(change.data).toMatchObject({ changedAt: clockTime, supportCase: { testClockId: 'clock-1' } });
    expect(change.metadata.occurredAt).toBe(clockTime);
  });

  it('staff change the severity and priority: SupportCaseUpdated names them', async () => {
    const answer = await update(caseId, { severity: 'Critical', priority: 'High' }, { claims: agentClaims });
    expect(answer.body).toMatchObject({ severity: 'Critical', priority: 'High' });
    const [updated] = eventsAfterOpening();
    expect(SupportCaseUpdated.parseDetail(updated!.event.detail).data.changedAttributes).toEqual(['severity', 'priority']);
  });

  it('the status the case already has writes nothing and answers the case as it is', async () => {
    await update(caseId, { status: 'acknowledged' }, { claims: agentClaims });
    const again = await update(caseId, { status: 'acknowledged' }, { claims: agentClaims });
    expect(again.statusCode).toBe(200);
    expect(again.headers.etag).toBe('W/"2"');
    expect(writes()).toBe(2);
  });

  it('409 CONCURRENT_MODIFICATION, or 412 with If-Match, when the case changed between read and write', async () => {
    documentMock.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }));
    expectTmfError(await update(caseId, { status: 'acknowledged' }, { claims: agentClaims }), 409, 'CONCURRENT_MODIFICATION');
    expectTmfError(await update(caseId, { status: 'acknowledged' }, { claims: agentClaims, headers: { 'If-Match': 'W/"1"' } }), 412, 'PRECONDITION_FAILED');
  });

  describe('refusals write nothing', () => {
    let before: number;
    beforeEach(() => {
      before = writes();
      return () => expect(writes(), 'TransactWriteItems calls').toBe(before);
    });

    it('409 SUPPORT_CASE_LIFECYCLE: a customer cannot acknowledge or resolve its own case', async () => {
      const answer = await update(caseId, { status: 'acknowledged' }, { claims: ada });
      expectTmfError(answer, 409, 'SUPPORT_CASE_LIFECYCLE');
      expect(answer.body.message).toMatch(/a customer cannot move a case from submitted to acknowledged; allowed: cancelled/);
    });

    it('400 naming statusChangeReason: pending says what the customer should send', async () => {
      await update(caseId, { status: 'acknowledged' }, { claims: agentClaims });
      await update(caseId, { status: 'inProgress' }, { claims: agentClaims });
      before = writes();
      expect(detailFields(await update(caseId, { status: 'pending' }, { claims: agentClaims }))).toEqual(['statusChangeReason']);
    });

    it("404: another customer's case answers like an unknown id, whatever the body; a machine client writes none (403 before anything is read)", async () => {
      const other = await update(caseId, { note: [{ text: 'mine now' }] }, { claims: customerClaims('cust-2') });
      const unknown = await update('no-such-case', { note: [{ text: 'mine now' }] }, { claims: customerClaims('cust-2') });
      expectTmfError(other, 404, 'NOT_FOUND');
      expect(other.body.message).toBe(`troubleTicket ${caseId} does not exist`);
      expect(unknown.body.message).toBe('troubleTicket no-such-case does not exist');
      expectTmfError(await update(caseId, { note: [{ text: 'x' }] }, { claims: mediationClaims }), 403, 'FORBIDDEN');
    });

    it('403: a customer changes neither the severity nor the priority of its case', async () => {
      const answer = await update(caseId, { severity: 'Critical', priority: 'Critical' }, { claims: ada });
      expectTmfError(answer, 403, 'FORBIDDEN');
      expect(detailFields(answer)).toEqual(['severity', 'priority']);
    });

    it('412 on a stale If-Match', async () => {
      expectTmfError(await update(caseId, { status: 'acknowledged' }, { claims: agentClaims, headers: { 'If-Match': 'W/"7"' } }), 412, 'PRECONDITION_FAILED');
    });

    it('409 SUPPORT_CASE_OVER: a cancelled case takes no note', async () => {
      await update(caseId, { status: 'cancelled' }, { claims: ada });
      before = writes();
      expectTmfError(await update(caseId, { note: [{ text: 'one more thing' }] }, { claims: ada }), 409, 'SUPPORT_CASE_OVER');
    });
  });
});
