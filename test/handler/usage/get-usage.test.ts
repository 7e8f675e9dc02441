import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { guideUsage, newUsage, readUsageRecord, type GuidableProduct, type Usage } from '../../../domain/usage/usage.js';
import { handler } from '../../../functions/usage/get-usage.js';
import { adminClaims, agentClaims, customerClaims, mediationClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf635 } from '../../support/tmf-schema.js';
import { FakeUsageTable, mobileTerms, now, usageBody, usagePath } from './usage-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const product: GuidableProduct = { id: 'prod-1', name: 'Mobile', customerId: 'cust-1', billingAccountId: 'ba-1', terms: mobileTerms };
const usagePricesOf = () => [{ id: 'data-overage', name: 'Data overage', priceType: 'usage' as const, unitOfMeasure: { amount: 1, units: 'GB' } }];

function storedRecord(id: string, owner: GuidableProduct | undefined): Usage {
  const record = readUsageRecord(usageBody({ recordId: id }));
  return newUsage(record, guideUsage(record, { product: owner, now, usagePricesOf }), { id, now });
}
const owned = storedRecord('u-owned', product);
const unguided = storedRecord('u-unguided', undefined);

const get = (id: string, claims: Claims = adminClaims, query?: Record<string, string>) => invoke(handler, resourceEvent('GET', usagePath, id, { claims, ...(query ? { query } : {}) }));

beforeEach(() => {
  documentMock.reset();
  new FakeUsageTable().install(documentMock).usage(owned, { productId: 'prod-1', customerId: 'cust-1', billingAccountId: 'ba-1', version: 2 }).usage(unguided);
});

describe('GET /usage/{id} (get-usage)', () => {
  it('200 with the record and its ETag, valid TMF635 Usage, from one GetItem', async () => {
    const answer = await get('u-owned');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(owned);
    expect(answer.body.status).toBe('rated');
    expect(answer.headers.etag).toBe('W/"2"');
    expectValidTmf(tmf635, 'Usage', answer.body);
    expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([{ TableName: 'bss-test', Key: { pk: 'USAGE#u-owned', sk: 'USAGE' } }]);
  });

  it('agents and mediation feeds read any record, also one guided to nobody', async () => {
    expect((await get('u-owned', agentClaims)).statusCode).toBe(200);
    expect((await get('u-owned', mediationClaims)).statusCode).toBe(200);
    const rejected = await get('u-unguided', mediationClaims);
    expect(rejected.body).toMatchObject({ status: 'rejected', statusReason: expect.stringMatching(/no product is known/) });
    expectValidTmf(tmf635, 'Usage', rejected.body);
  });

  it('fields selects attributes, always with id, href and @type', async () => {
    const answer = await get('u-owned', adminClaims, { fields: 'status,usageDate' });
    expect(answer.body).toEqual({ id: 'u-owned', href: owned.href, '@type': 'Usage', status: 'rated', usageDate: owned.usageDate });
  });

  it('404 for an unknown record', async () => {
    const answer = await get('u-404');
    expectTmfError(answer, 404, 'NOT_FOUND', tmf635);
    expect(answer.body.message).toBe('usage u-404 does not exist');
  });

  it("a customer reads its own record; another's, or one guided to nobody, answers exactly like an unknown id", async () => {
    const own = await get('u-owned', customerClaims('cust-1'));
    expect(own.statusCode).toBe(200);
    expectValidTmf(tmf635, 'Usage', own.body);
    for (const [id, claims] of [['u-owned', customerClaims('cust-2')], ['u-unguided', customerClaims('cust-1')]] as const) {
      const answer = await get(id, claims);
      expectTmfError(answer, 404, 'NOT_FOUND', tmf635);
      expect(answer.body.message).toBe(`usage ${id} does not exist`);
    }
  });

  it('401 without claims, before reading anything', async () => {
    expectTmfError(await invoke(handler, resourceEvent('GET', usagePath, 'u-owned', { claims: null })), 401, 'UNAUTHORIZED', tmf635);
    expect(documentMock.calls()).toHaveLength(0);
  });
});
