import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler } from '../../../functions/support-cases/get-support-case.js';
import { agentClaims, customerClaims, mediationClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf621 } from '../../support/tmf-schema.js';
import { FakeBillingTable } from '../billing/billing-table.js';
import { caseBody, casesPath, open, seedSupportWorld, systemNow } from './support-case-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

let caseId: string;
const get = (id: string, claims: Claims, query?: Record<string, string>) => invoke(handler, resourceEvent('GET', casesPath, id, { claims, ...(query ? { query } : {}) }));

beforeEach(async () => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(systemNow);
  seedSupportWorld(new FakeBillingTable().install(documentMock));
  caseId = (await open(caseBody(), { claims: customerClaims('cust-1') })).body.id;
  return () => vi.restoreAllMocks();
});

describe('GET /troubleTicket/{id} (get-support-case)', () => {
  it('the customer reads its case, and so do agents, with its ETag', async () => {
    for (const claims of [customerClaims('cust-1'), agentClaims]) {
      const answer = await get(caseId, claims);
      expect(answer.statusCode).toBe(200);
      expect(answer.headers.etag).toBe('W/"1"');
      expectValidTmf(tmf621, 'TroubleTicket', answer.body);
    }
  });

  it('fields selects attributes, id, href and @type always kept', async () => {
    const answer = await get(caseId, agentClaims, { fields: 'severity,statusChangeDate' });
    expect(Object.keys(answer.body).sort()).toEqual(['@type', 'href', 'id', 'severity', 'statusChangeDate']);
  });

  it("404: another customer's case answers exactly like an unknown id; a machine client may not ask (403)", async () => {
    const other = await get(caseId, customerClaims('cust-2'));
    const unknown = await get('no-such-case', customerClaims('cust-2'));
    expectTmfError(other, 404, 'NOT_FOUND');
    expect(other.body.message.replace(caseId, 'X')).toBe(unknown.body.message.replace('no-such-case', 'X'));
    expectTmfError(await get(caseId, mediationClaims), 403, 'FORBIDDEN');
  });
});
