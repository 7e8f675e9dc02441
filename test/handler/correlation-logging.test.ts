import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CustomerCreated } from '../../domain/events/customer-events.js';
import { apiEvent } from '../support/api-event.js';
import { lambdaContext } from '../support/lambda-context.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

// The logger reads its level once, when the handler module loads (and returns to it at every
// invocation), so these handlers are loaded afresh with INFO logging.
let createCustomer: typeof import('../../functions/customers/create-customer.js').handler;
let openDefaultBillingAccount: typeof import('../../functions/billing-accounts/open-default-billing-account.js').handler;
let logger: typeof import('../../functions/lib/observability/telemetry.js').logger;
beforeAll(async () => {
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
  vi.resetModules();
  logger = (await import('../../functions/lib/observability/telemetry.js')).logger;
  createCustomer = (await import('../../functions/customers/create-customer.js')).handler;
  openDefaultBillingAccount = (await import('../../functions/billing-accounts/open-default-billing-account.js')).handler;
});
afterAll(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** Structured log lines the Powertools logger wrote during the test. */
function capturedLogLines(): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not a structured log line
        }
      }
      return true;
    });
  }
  return lines;
}

/**
 * The correlation id of the HTTP request travels in the event metadata to the consumer, and
 * every log line on the way carries it: one id finds a customer's whole story in the logs.
 */
describe('correlation id in the logs, from the request to the event consumer', () => {
  beforeEach(() => {
    documentMock.reset();
    documentMock.on(TransactWriteCommand).resolves({});
    documentMock.on(GetCommand).resolves({});
  });
  afterEach(() => vi.restoreAllMocks());

  it('an API handler logs with the x-correlation-id of the request and returns it', async () => {
    const lines = capturedLogLines();
    const answer = await createCustomer(
      apiEvent({ method: 'POST', path: '/tmf-api/customerManagement/v4/customer', body: { name: '' }, headers: { 'x-correlation-id': 'corr-from-client' } }),
      lambdaContext('create-customer'),
    );
    expect(answer.statusCode).toBe(400);
    expect(answer.headers?.['x-correlation-id']).toBe('corr-from-client');
    const rejected = lines.find((line) => line.message === 'request rejected');
    expect(rejected).toMatchObject({ correlationId: 'corr-from-client', function_name: 'create-customer', status: 400, code: 'INVALID_REQUEST' });
    // The rejection's own text, under a key Powertools does not reserve (it drops a `message` key with a warning).
    expect(rejected?.reason).toEqual(expect.any(String));
    expect(lines.some((line) => line.level === 'WARN' && String(line.message).includes('reserved key'))).toBe(false);
  });

  it('keeps personal data out of every log line: named attributes replaced, e-mail addresses masked anywhere', () => {
    const lines = capturedLogLines();
    logger.info('customer ada.lovelace@example.com registered', {
      email: 'ada.lovelace@example.com',
      decision: { score: 700, outcome: 'approved' },
      contact: [{ phoneNumber: '+33612345678', street1: '1 rue de Rivoli' }],
      reason: 'a customer with email grace@example.org already exists',
      customerId: 'cust-1',
    });
    const line = lines.find((each) => each.customerId === 'cust-1');
    expect(line).toMatchObject({
      level: 'INFO',
      message: 'customer [email] registered',
      email: '[redacted]',
      decision: { score: '[redacted]', outcome: 'approved' },
      contact: [{ phoneNumber: '[redacted]', street1: '[redacted]' }],
      reason: 'a customer with email [email] already exists',
      service: expect.any(String),
    });
    expect(JSON.stringify(line)).not.toMatch(/example\.(com|org)|700|\+3361/);
  });

  it('logs an error with its name, message, location and stack, personal data masked', () => {
    const lines = capturedLogLines();
    // Made in a named function: Powertools takes the location from the first frame that names one.
    const failedLookup = () => new Error('no account for ada.lovelace@example.com', { cause: new RangeError('ledger out of balance') });
    logger.error('request failed', { error: failedLookup(), requestId: 'req-error' });
    const line = lines.find((each) => each.requestId === 'req-error');
    expect(line?.error).toMatchObject({
      name: 'Error',
      message: 'no account for [email]',
      location: expect.stringContaining('correlation-logging.test.ts:'),
      stack: expect.stringMatching(/^Error: no account for \[email\]\n {4}at /),
      cause: { name: 'RangeError', message: 'ledger out of balance' },
    });
    expect(JSON.stringify(line)).not.toContain('example.com');
  });

  it('does not take a path into a scoped package for an e-mail address', () => {
    const lines = capturedLogLines();
    logger.info('frame', { frame: 'at runRequest (node_modules/@middy/core/index.js:189:5)', requestId: 'req-path' });
    expect(lines.find((each) => each.requestId === 'req-path')?.frame).toBe('at runRequest (node_modules/@middy/core/index.js:189:5)');
  });

  it('a correlation id that is too long or not a plain token is not echoed: the request id stands in', async () => {
    for (const given of ['c'.repeat(129), 'line\nbreak', '<script>', '']) {
      const event = apiEvent({ method: 'POST', path: '/tmf-api/customerManagement/v4/customer', body: { name: '' }, headers: { 'x-correlation-id': given } });
      const answer = await createCustomer(event, lambdaContext('create-customer'));
      expect(answer.headers?.['x-correlation-id']).toBe(event.requestContext.requestId);
    }
  });

  it('the CustomerCreated consumer logs with the correlation id from the event metadata', async () => {
    const lines = capturedLogLines();
    const created = CustomerCreated.create(
      { customer: { id: 'c-1', href: '/c/c-1', name: 'Ada', status: 'Initialized', email: 'ada@example.com', preferences: {} } },
      { eventId: 'e-1', occurredAt: '2026-01-01T00:00:00.000Z', correlationId: 'corr-from-client' },
    );
    const outcome = await openDefaultBillingAccount(
      { version: '0', id: 'eb-1', 'detail-type': 'CustomerCreated', source: 'bss.customers', account: '1', time: '', region: 'us-east-1', resources: [], detail: created.detail },
      lambdaContext('open-default-billing-account'),
    );
    expect(outcome).toMatchObject({ opened: true });
    const opened = lines.find((line) => line.message === 'default billing account opened');
    expect(opened).toMatchObject({ correlationId: 'corr-from-client', causationEventId: 'e-1', customerId: 'c-1' });
    const [write] = documentMock.commandCalls(TransactWriteCommand);
    const outbox = write!.args[0].input.TransactItems!.find((item) => item.Put?.Item?.entityType === 'OutboxEvent');
    expect(JSON.parse(outbox!.Put!.Item!.detail as string).metadata.correlationId).toBe('corr-from-client');
  });
});
