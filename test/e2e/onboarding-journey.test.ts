import { beforeAll, describe, expect, it } from 'vitest';
import { call, eventually, newCustomerBody, servicesUrl, tokenFor } from '../support/local-api.js';
import { expectValidTmf } from '../support/tmf-schema.js';

const onboardings = '/onboarding/v1/onboarding';
const customers = '/tmf-api/customerManagement/v4/customer';
const billingAccounts = '/tmf-api/accountManagement/v4/billingAccount';
const productOrders = '/tmf-api/productOrderingManagement/v4/productOrder';
const productOfferings = '/tmf-api/productCatalogManagement/v4/productOffering';
const accountSpec = 'TMF666-Account-v4.0.0.swagger.json';

type BusEvent = { source: string; 'detail-type': string; detail: { metadata: { correlationId: string }; data: any } };
const busEvents = async () => (await (await fetch(`${servicesUrl()}/_local/events`)).json()) as BusEvent[];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A unique applicant; `scoreTag` (`+score420`) sets the simulated bureau's score (docs/providers.md). */
function applicant(scoreTag = '', extraMedia: unknown[] = []) {
  const body = newCustomerBody();
  const email = body.contactMedium[0]!.characteristic.emailAddress.replace('@', `${scoreTag}@`);
  return { ...body, contactMedium: [{ mediumType: 'email', preferred: true, characteristic: { emailAddress: email } }, ...extraMedia] };
}

const parisAddress = { mediumType: 'postalAddress', characteristic: { street1: '1 rue de Rivoli', city: 'Paris', postCode: '75001', country: 'FR' } };

describe('onboarding journey over HTTP against the local runtime', () => {
  let agent: string;
  beforeAll(async () => {
    agent = await tokenFor('agent');
  });

  /** Polls the onboarding until it reaches a terminal state. */
  async function settled(id: string) {
    return eventually(async () => {
      const answer = await call(`${onboardings}/${id}`, { token: agent });
      return ['completed', 'rejected', 'failed'].includes(answer.body.state) ? answer.body : undefined;
    }, 30_000);
  }

  async function accountsOf(customerId: string) {
    const answer = await call(`${billingAccounts}?relatedParty.id=${customerId}`, { token: agent });
    expect(answer.status).toBe(200);
    return answer.body as any[];
  }

  it('an approved applicant ends completed: a Validated customer with ONE default billing account carrying the credit limit', async () => {
    const correlationId = `onboarding-approved-${Date.now()}`;
    const started = await call(onboardings, {
      method: 'POST',
      token: agent,
      body: { customer: applicant(), billingAccount: { name: 'Ada home' } },
      headers: { 'x-correlation-id': correlationId },
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ state: 'acknowledged', '@type': 'Onboarding', step: [] });
    expect(started.headers.get('location')).toBe(`${onboardings}/${started.body.id}`);

    const onboarding = await settled(started.body.id);
    expect(onboarding.state).toBe('completed');
    expect(onboarding.step.map((step: any) => [step.name, step.state])).toEqual([
      ['registerCustomer', 'done'],
      ['creditCheck', 'done'],
      ['openBillingAccount', 'done'],
      ['placeFirstOrder', 'skipped'],
      ['welcome', 'done'],
    ]);
    expect(onboarding.creditDecision).toMatchObject({ decision: 'approved', score: 700, creditLimit: { unit: 'EUR', value: 500 } });

    const customer = await call(`${customers}/${onboarding.customer.id}`, { token: agent });
    expect(customer.body.status).toBe('Validated');

    // Long enough for a stray default-account opening from CustomerCreated to have shown up.
    await pause(1500);
    const accounts = await accountsOf(onboarding.customer.id);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({
      id: onboarding.billingAccount.id,
      name: 'Ada home',
      isDefault: true,
      state: 'Active',
      currency: 'EUR',
      creditLimit: { unit: 'EUR', value: 500 },
    });
    expectValidTmf(accountSpec, 'BillingAccount', accounts[0]);

    const welcomed = await eventually(async () =>
      (await busEvents()).find((event) => event['detail-type'] === 'CustomerWelcomed' && event.detail.data.onboardingId === onboarding.id),
    );
    expect(welcomed.detail.data).toEqual({
      onboardingId: onboarding.id,
      customer: { id: onboarding.customer.id, name: customer.body.name, email: customer.body.contactMedium[0].characteristic.emailAddress.toLowerCase() },
      billingAccount: { id: onboarding.billingAccount.id, name: 'Ada home' },
    });
    expect(welcomed.detail.metadata.correlationId).toBe(correlationId);

    const customerToken = await tokenFor('customer', onboarding.customer.id);
    expect((await call(`${onboardings}/${onboarding.id}`, { token: customerToken })).status).toBe(200);
    expect((await call(`${onboardings}/${onboarding.id}`, { token: await tokenFor('customer', 'someone-else') })).status).toBe(404);
  });

  it('a rejected applicant (+score420) ends rejected: the customer Closed with the reason, and NO billing account', async () => {
    const started = await call(onboardings, { method: 'POST', token: agent, body: { customer: applicant('+score420') } });
    expect(started.status).toBe(202);

    const onboarding = await settled(started.body.id);
    expect(onboarding.state).toBe('rejected');
    const reason = 'credit score 420 is below the minimum of 500';
    expect(onboarding.creditDecision).toMatchObject({ decision: 'rejected', score: 420, reason });
    expect(onboarding.billingAccount).toBeUndefined();

    const customer = await call(`${customers}/${onboarding.customer.id}`, { token: agent });
    expect(customer.body).toMatchObject({ status: 'Closed', statusReason: reason });

    // The CustomerCreated of an onboarding was published, and carried the marker the default-account rule skips.
    const created = await eventually(async () =>
      (await busEvents()).find((event) => event['detail-type'] === 'CustomerCreated' && event.detail.data.customer?.id === onboarding.customer.id),
    );
    expect(created.detail.data.onboardingId).toBe(onboarding.id);
    await pause(1500);
    expect(await accountsOf(onboarding.customer.id)).toEqual([]);
    const rejected = (await busEvents()).find((event) => event['detail-type'] === 'OnboardingRejected' && event.detail.data.onboardingId === onboarding.id);
    expect(rejected?.detail.data).toEqual({ onboardingId: onboarding.id, customerId: onboarding.customer.id, reason: 'the credit check declined the application' });
  });

  it('refuses an email that already belongs to a customer with 409, and bad applications with 400', async () => {
    const existing = applicant();
    expect((await call(customers, { method: 'POST', token: agent, body: existing })).status).toBe(201);
    const duplicate = await call(onboardings, { method: 'POST', token: agent, body: { customer: existing } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('DUPLICATE_EMAIL');

    const invalid = await call(onboardings, { method: 'POST', token: agent, body: { customer: applicant(), billingAccount: { currency: 'XYZ' } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.details.map((detail: { field: string }) => detail.field)).toEqual(['billingAccount.currency']);

    const customerToken = await tokenFor('customer', 'anyone');
    expect((await call(onboardings, { method: 'POST', token: customerToken, body: { customer: applicant() } })).status).toBe(403);
  });

  it('with a first order: the order is placed on the new account, and the onboarding completes with its reference', async () => {
    const offerings = await call(`${productOfferings}?name=Home%20Broadband`, { token: agent });
    const broadband = offerings.body[0];
    expect(broadband?.id, 'the demo catalog (seeded by the runtime) sells Home Broadband').toBeDefined();

    const started = await call(onboardings, {
      method: 'POST',
      token: agent,
      body: {
        customer: applicant('', [parisAddress]),
        productOrder: { productOrderItem: [{ id: '1', action: 'add', productOffering: { id: broadband.id } }], description: 'first order' },
      },
    });
    expect(started.status).toBe(202);
    const onboarding = await settled(started.body.id);
    expect(onboarding, JSON.stringify(onboarding)).toMatchObject({ state: 'completed', productOrder: { '@referredType': 'ProductOrder' } });
    expect(onboarding.step.find((step: any) => step.name === 'placeFirstOrder')).toMatchObject({ state: 'done' });

    const order = await call(`${productOrders}/${onboarding.productOrder.id}`, { token: agent });
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({ billingAccount: { id: onboarding.billingAccount.id }, externalId: `onboarding:${onboarding.id}` });
    expect(order.body.productOrderItem[0].productOffering.id).toBe(broadband.id);
  });
});
