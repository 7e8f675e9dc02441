import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectValidTmf } from '../support/tmf-schema.js';
import { call, eventually, newCustomerBody, servicesUrl, tokenFor } from '../support/local-api.js';

const customers = '/tmf-api/customerManagement/v4/customer';
const billingAccounts = '/tmf-api/accountManagement/v4/billingAccount';
const customerSpec = 'TMF629-Customer-v4.0.0.swagger.json';
const accountSpec = 'TMF666-Account-v4.0.0.swagger.json';
const awsClientConfig = () => ({ endpoint: servicesUrl(), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

function expectTmfError(body: unknown, status: number) {
  expectValidTmf(customerSpec, 'Error', body);
  expect(body).toMatchObject({ status: String(status) });
}

/** The default billing account of a customer, once the CustomerCreated event has been handled. */
async function defaultAccountOf(customerId: string, token: string) {
  return eventually(async () => {
    const answer = await call(`${billingAccounts}?relatedParty.id=${customerId}`, { token });
    return answer.body.length > 0 ? answer : undefined;
  });
}

describe('customer and billing account journey over HTTP against the local runtime', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await tokenFor('admin');
  });

  it('answers /health without a token', async () => {
    const answer = await call('/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok' });
  });

  it('creates a customer, then its default billing account appears, carrying the request correlation id', async () => {
    const correlationId = `journey-${Date.now()}`;
    const created = await call(customers, {
      method: 'POST',
      token: admin,
      body: newCustomerBody({ characteristic: [{ name: 'preferredCurrency', value: 'GBP' }, { name: 'timeZone', value: 'Europe/London' }] }),
      headers: { 'x-correlation-id': correlationId },
    });
    expect(created.status).toBe(201);
    expectValidTmf(customerSpec, 'Customer', created.body);
    expect(created.body).toMatchObject({ status: 'Initialized', '@type': 'Customer' });
    expect(created.headers.get('location')).toBe(`${customers}/${created.body.id}`);
    expect(created.headers.get('etag')).toBe('W/"1"');

    const fetched = await call(`${customers}/${created.body.id}`, { token: admin });
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);

    const listed = await defaultAccountOf(created.body.id, admin);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('x-total-count')).toBe('1');
    expect(listed.headers.get('x-result-count')).toBe('1');
    const account = listed.body[0];
    expectValidTmf(accountSpec, 'BillingAccount', account);
    expect(account).toMatchObject({
      state: 'Active',
      currency: 'GBP',
      timeZone: 'Europe/London',
      isDefault: true,
      relatedParty: [expect.objectContaining({ id: created.body.id, '@referredType': 'Customer', role: 'owner' })],
    });
    expect(account.billingCycleDay).toBeGreaterThanOrEqual(1);
    expect(account.billingCycleDay).toBeLessThanOrEqual(28);

    const single = await call(`${billingAccounts}/${account.id}`, { token: admin });
    expect(single.status).toBe(200);
    expectValidTmf(accountSpec, 'BillingAccount', single.body);

    const events = await eventually(async () => {
      const recent = (await (await fetch(`${servicesUrl()}/_local/events`)).json()) as Array<{ 'detail-type': string; detail: any }>;
      const opened = recent.find((event) => event['detail-type'] === 'BillingAccountCreated' && event.detail.data.billingAccount.id === account.id);
      return opened ? recent : undefined;
    });
    const customerCreated = events.find((event) => event['detail-type'] === 'CustomerCreated' && event.detail.data.customer?.id === created.body.id);
    const accountCreated = events.find((event) => event['detail-type'] === 'BillingAccountCreated' && event.detail.data.billingAccount.id === account.id);
    expect(customerCreated?.detail.metadata.correlationId).toBe(correlationId);
    expect(accountCreated?.detail.metadata.correlationId).toBe(correlationId);

    const sfn = new SFNClient(awsClientConfig());
    const executions = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:open-default-billing-account' }),
    );
    expect(executions.executions?.some((execution) => execution.status === 'SUCCEEDED')).toBe(true);
  });

  it('opens no second default account when CustomerCreated is delivered twice', async () => {
    const created = await call(customers, { method: 'POST', token: admin, body: newCustomerBody() });
    expect(created.status).toBe(201);
    await defaultAccountOf(created.body.id, admin);

    const recent = (await (await fetch(`${servicesUrl()}/_local/events`)).json()) as Array<{ source: string; 'detail-type': string; detail: any }>;
    const original = recent.find((event) => event['detail-type'] === 'CustomerCreated' && event.detail.data.customer?.id === created.body.id)!;
    const sfn = new SFNClient(awsClientConfig());
    const machine = 'arn:aws:states:us-east-1:000000000000:stateMachine:open-default-billing-account';
    const executionsSoFar = async () => (await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }))).executions ?? [];
    const before = (await executionsSoFar()).length;
    const bus = new EventBridgeClient(awsClientConfig());
    const redelivered = await bus.send(
      new PutEventsCommand({
        Entries: [1, 2].map(() => ({ EventBusName: 'bss-events', Source: original.source, DetailType: original['detail-type'], Detail: JSON.stringify(original.detail) })),
      }),
    );
    expect(redelivered.FailedEntryCount).toBe(0);
    const finished = await eventually(async () => {
      const executions = await executionsSoFar();
      return executions.length >= before + 2 && executions.every((execution) => execution.status !== 'RUNNING') ? executions : undefined;
    });
    expect(finished.filter((execution) => execution.status === 'FAILED')).toEqual([]);

    const accounts = await call(`${billingAccounts}?relatedParty.id=${created.body.id}`, { token: admin });
    expect(accounts.body).toHaveLength(1);
  });

  it('rejects a duplicate email with 409 and stores nothing', async () => {
    const body = newCustomerBody();
    expect((await call(customers, { method: 'POST', token: admin, body })).status).toBe(201);
    const duplicate = await call(customers, { method: 'POST', token: admin, body: { ...body, name: 'Someone Else' } });
    expect(duplicate.status).toBe(409);
    expectTmfError(duplicate.body, 409);
    expect(duplicate.body.code).toBe('DUPLICATE_EMAIL');

    const email = body.contactMedium[0]!.characteristic.emailAddress.toUpperCase();
    const byEmail = await call(`${customers}?contactMedium.characteristic.emailAddress=${encodeURIComponent(email)}`, { token: admin });
    expect(byEmail.body).toHaveLength(1);
    expect(byEmail.body[0].name).toBe(body.name);
  });

  it('rejects bad input with TMF errors and no 5xx', async () => {
    const malformed = await call(customers, { method: 'POST', token: admin, rawBody: '{"name": ' });
    expect(malformed.status).toBe(400);
    expectTmfError(malformed.body, 400);

    const body = newCustomerBody({ name: '', unknownField: 1 });
    const invalid = await call(customers, { method: 'POST', token: admin, body });
    expect(invalid.status).toBe(400);
    expectTmfError(invalid.body, 400);
    const fields = (invalid.body.details as Array<{ field: string }>).map((detail) => detail.field);
    expect(fields).toContain('name');
    expect(fields.join(' ')).toContain('unknownField');
    const email = body.contactMedium[0]!.characteristic.emailAddress;
    const stored = await call(`${customers}?contactMedium.characteristic.emailAddress=${encodeURIComponent(email)}`, { token: admin });
    expect(stored.body).toHaveLength(0);

    const wrongType = await call(customers, { method: 'POST', token: admin, rawBody: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(wrongType.status).toBe(415);
    expectTmfError(wrongType.body, 415);

    const oversized = await call(customers, { method: 'POST', token: admin, body: newCustomerBody({ statusReason: 'x'.repeat(70_000) }) });
    expect(oversized.status).toBe(413);
    expectTmfError(oversized.body, 413);

    const unauthenticated = await call(customers, { method: 'POST', body: newCustomerBody() });
    expect(unauthenticated.status).toBe(401);
    expectTmfError(unauthenticated.body, 401);

    const forged = await call(customers, { token: `${admin}x` });
    expect(forged.status).toBe(401);

    const badPaging = await call(`${customers}?limit=-1`, { token: admin });
    expect(badPaging.status).toBe(400);
    expectTmfError(badPaging.body, 400);

    // A known path in a method it does not serve: 405 naming what it serves (docs/api.md, Errors).
    const noSuchMethod = await call(`${customers}/any-id`, { method: 'PUT', token: admin, body: { name: 'x' } });
    expect(noSuchMethod.status).toBe(405);
    expectTmfError(noSuchMethod.body, 405);
    expect(noSuchMethod.headers.get('allow')?.split(', ')).toEqual(expect.arrayContaining(['GET', 'PATCH']));

    const missing = await call(`${customers}/does-not-exist`, { token: admin });
    expect(missing.status).toBe(404);
    expectTmfError(missing.body, 404);
  });

  it('keeps customers apart: another customer token gets 404, its own resources 200', async () => {
    const first = await call(customers, { method: 'POST', token: admin, body: newCustomerBody() });
    const second = await call(customers, { method: 'POST', token: admin, body: newCustomerBody() });
    const account = (await defaultAccountOf(first.body.id, admin)).body[0];
    const firstToken = await tokenFor('customer', first.body.id);
    const secondToken = await tokenFor('customer', second.body.id);

    expect((await call(`${customers}/${first.body.id}`, { token: firstToken })).status).toBe(200);
    expect((await call(`${billingAccounts}/${account.id}`, { token: firstToken })).status).toBe(200);
    const foreignCustomer = await call(`${customers}/${first.body.id}`, { token: secondToken });
    expect(foreignCustomer.status).toBe(404);
    expectTmfError(foreignCustomer.body, 404);
    expect((await call(`${billingAccounts}/${account.id}`, { token: secondToken })).status).toBe(404);
    const foreignList = await call(`${billingAccounts}?relatedParty.id=${first.body.id}`, { token: secondToken });
    expect(foreignList.body).toEqual([]);
    const ownList = await call(customers, { token: firstToken });
    expect(ownList.body.map((customer: { id: string }) => customer.id)).toEqual([first.body.id]);
    const selfCreate = await call(customers, { method: 'POST', token: firstToken, body: newCustomerBody() });
    expect(selfCreate.status).toBe(403);
    expectTmfError(selfCreate.body, 403);
  });

  it('replays the first response for a repeated Idempotency-Key and creates one customer', async () => {
    const body = newCustomerBody();
    const key = `key-${Date.now()}`;
    const first = await call(customers, { method: 'POST', token: admin, body, headers: { 'Idempotency-Key': key } });
    const second = await call(customers, { method: 'POST', token: admin, body, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const email = body.contactMedium[0]!.characteristic.emailAddress;
    const stored = await call(`${customers}?contactMedium.characteristic.emailAddress=${encodeURIComponent(email)}`, { token: admin });
    expect(stored.body).toHaveLength(1);

    const reused = await call(customers, { method: 'POST', token: admin, body: newCustomerBody(), headers: { 'Idempotency-Key': key } });
    expect(reused.status).toBe(422);
    expectTmfError(reused.body, 422);
  });

  it('patches with optimistic concurrency: stale If-Match 412, current ETag 200, lifecycle enforced', async () => {
    const created = await call(customers, { method: 'POST', token: admin, body: newCustomerBody() });
    const path = `${customers}/${created.body.id}`;
    const validated = await call(path, { method: 'PATCH', token: admin, body: { status: 'Validated' }, headers: { 'if-match': 'W/"1"' } });
    expect(validated.status).toBe(200);
    expect(validated.body.status).toBe('Validated');
    expect(validated.headers.get('etag')).toBe('W/"2"');
    expectValidTmf(customerSpec, 'Customer', validated.body);

    const stale = await call(path, { method: 'PATCH', token: admin, body: { name: 'Stale Writer' }, headers: { 'if-match': 'W/"1"' } });
    expect(stale.status).toBe(412);
    expectTmfError(stale.body, 412);
    expect((await call(path, { token: admin })).body.name).toBe(created.body.name);

    const backwards = await call(path, { method: 'PATCH', token: admin, body: { status: 'Initialized' } });
    expect(backwards.status).toBe(409);
    expectTmfError(backwards.body, 409);

    const accountId = (await defaultAccountOf(created.body.id, admin)).body[0].id;
    const suspended = await call(`${billingAccounts}/${accountId}`, { method: 'PATCH', token: admin, body: { state: 'Suspended' } });
    expect(suspended.status).toBe(200);
    expect(suspended.body.state).toBe('Suspended');
    expectValidTmf(accountSpec, 'BillingAccount', suspended.body);
  });
});
