import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/onboarding/get-onboarding.js';
import { agentClaims, customerClaims, resourceEvent, type ApiEventInput } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { acknowledged, approved, ids, onboardingId, storeOnboarding } from './onboarding-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/onboarding/v1/onboarding';
const get = (input: Partial<ApiEventInput> = {}, id = onboardingId) => invoke(handler, resourceEvent('GET', path, id, input));

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  storeOnboarding(documentMock, approved(), 3);
});

describe('GET /onboarding/v1/onboarding/{id} (get-onboarding)', () => {
  it('200 with the progress, step by step, and the ETag of its version', async () => {
    const answer = await get({ claims: agentClaims });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(approved());
    expect(answer.body).not.toHaveProperty('application');
    expect(answer.headers.etag).toBe('W/"3"');
    expect(answer.body.step.map((step: { name: string }) => step.name)).toEqual(['registerCustomer', 'creditCheck']);
  });

  it('selects fields, keeping id, href and @type', async () => {
    const answer = await get({ query: { fields: 'state,creditDecision' } });
    expect(answer.body).toEqual({
      id: onboardingId,
      href: `${path}/${onboardingId}`,
      '@type': 'Onboarding',
      state: 'approved',
      creditDecision: approved().creditDecision,
    });
  });

  it('the customer it registered may follow it', async () => {
    const answer = await get({ claims: customerClaims(ids.customerId) });
    expect(answer.statusCode).toBe(200);
    expect(answer.body.id).toBe(onboardingId);
  });

  it('404 for another customer, and for any customer before its customer is registered', async () => {
    expectTmfError(await get({ claims: customerClaims('someone-else') }), 404, 'NOT_FOUND');
    storeOnboarding(documentMock, acknowledged(), 1);
    expectTmfError(await get({ claims: customerClaims(ids.customerId) }), 404, 'NOT_FOUND');
  });

  it('404 for an unknown id', async () => {
    expectTmfError(await get({}, 'no-such-onboarding'), 404, 'NOT_FOUND');
  });
});
