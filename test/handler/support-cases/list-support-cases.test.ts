import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler } from '../../../functions/support-cases/list-support-cases.js';
import { agentClaims, apiEvent, customerClaims, mediationClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf621 } from '../../support/tmf-schema.js';
import { FakeBillingTable } from '../billing/billing-table.js';
import { caseBody, casesPath, open, seedSupportWorld, update } from './support-case-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const list = (claims: Claims, query: Record<string, string> = {}) => invoke(handler, apiEvent({ method: 'GET', path: casesPath, claims, query }));
const names = (answer: { body: { name: string }[] }) => answer.body.map((each) => each.name);
const queries = () => documentMock.commandCalls(QueryCommand).map((call) => [call.args[0].input.IndexName, call.args[0].input.ExpressionAttributeValues![':pk']]);

/** Three cases opened a day apart: Ada's on 1 and 3 November, Grace's on 2 November; Ada's first one acknowledged. */
beforeEach(async () => {
  documentMock.reset();
  seedSupportWorld(new FakeBillingTable().install(documentMock));
  const day = (n: number) => `2026-11-0${n}T10:00:00.000Z`;
  const clock = vi.spyOn(systemClock, 'now');
  clock.mockReturnValue(day(1));
  const first = (await open(caseBody({ name: 'ada-1', relatedEntity: [] }), { claims: customerClaims('cust-1') })).body.id;
  clock.mockReturnValue(day(2));
  await open(caseBody({ name: 'grace-1', relatedEntity: [], severity: 'Critical' }), { claims: customerClaims('cust-2') });
  clock.mockReturnValue(day(3));
  await open(caseBody({ name: 'ada-2', relatedEntity: [] }), { claims: customerClaims('cust-1') });
  await update(first, { status: 'acknowledged' }, { claims: agentClaims });
  documentMock.resetHistory();
  return () => vi.restoreAllMocks();
});

describe('GET /troubleTicket (list-support-cases)', () => {
  it('agents see every case, oldest first, with the counts; every one a TMF621 TroubleTicket', async () => {
    const answer = await list(agentClaims);
    expect(names(answer)).toEqual(['ada-1', 'grace-1', 'ada-2']);
    expect(answer.headers).toMatchObject({ 'x-total-count': '3', 'x-result-count': '3' });
    for (const each of answer.body) expectValidTmf(tmf621, 'TroubleTicket', each);
    expect(queries()).toEqual([['gsi1', 'TYPE#SupportCase']]);
  });

  it("a customer sees only its own; naming another customer gives an empty list without a read", async () => {
    expect(names(await list(customerClaims('cust-1')))).toEqual(['ada-1', 'ada-2']);
    expect(queries()).toEqual([['gsi2', 'CUSTOMER#cust-1']]);
    documentMock.resetHistory();
    const other = await list(customerClaims('cust-1'), { 'relatedParty.id': 'cust-2' });
    expect(other.body).toEqual([]);
    expect(queries()).toEqual([]);
    expectTmfError(await list(mediationClaims), 403, 'FORBIDDEN');
    expect(queries()).toEqual([]);
  });

  it('by status: one queue per status named, merged by age; submitted names the cases no agent has acknowledged', async () => {
    expect(names(await list(agentClaims, { status: 'submitted' }))).toEqual(['grace-1', 'ada-2']);
    expect(names(await list(agentClaims, { status: 'acknowledged,submitted' }))).toEqual(['ada-1', 'grace-1', 'ada-2']);
    expect(queries()).toEqual([
      ['gsi3', 'SUPPORT_CASE_STATUS#submitted'],
      ['gsi3', 'SUPPORT_CASE_STATUS#acknowledged'],
      ['gsi3', 'SUPPORT_CASE_STATUS#submitted'],
    ]);
    expect(names(await list(customerClaims('cust-1'), { status: 'acknowledged' }))).toEqual(['ada-1']);
  });

  it('by age: creationDate.gte and creationDate.lt bound the sort key', async () => {
    expect(names(await list(agentClaims, { 'creationDate.lt': '2026-11-03T00:00:00Z' }))).toEqual(['ada-1', 'grace-1']);
    expect(names(await list(agentClaims, { 'creationDate.gte': '2026-11-02T10:00:00Z', status: 'submitted' }))).toEqual(['grace-1', 'ada-2']);
    expect(names(await list(customerClaims('cust-1'), { 'creationDate.gte': '2026-11-02T00:00:00+01:00' }))).toEqual(['ada-2']);
  });

  it('by severity, with paging', async () => {
    expect(names(await list(agentClaims, { severity: 'Critical' }))).toEqual(['grace-1']);
    const page = await list(agentClaims, { offset: '1', limit: '1' });
    expect(names(page)).toEqual(['grace-1']);
    expect(page.headers).toMatchObject({ 'x-total-count': '3', 'x-result-count': '1' });
  });

  it('400 on a status TMF621 and this BSS do not know, and on an unfilterable attribute', async () => {
    const answer = await list(agentClaims, { status: 'open' });
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(['status']);
    expect(detailFields(await list(agentClaims, { note: 'x' }))).toEqual(['note']);
    expect(detailFields(await list(agentClaims, { 'description.gt': 'x' }))).toEqual(['description.gt']);
  });
});
