import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { money } from '../../../domain/money/money.js';
import {
  acknowledgeOnboarding,
  recordAccountOpened,
  recordCreditDecision,
  recordCustomerRegistered,
  type Onboarding,
  type OnboardingCreate,
} from '../../../domain/onboarding/onboarding.js';
import { onboardingIds } from '../../../functions/onboarding/onboarding-ids.js';
import { lambdaContext } from '../../support/lambda-context.js';

/** An onboarding at each point of its way, built with the domain transitions the tasks use. */
export const onboardingId = 'onb-1';
export const ids = onboardingIds(onboardingId);
export const startedAt = '2026-03-01T09:00:00.000Z';
export const now = '2026-03-01T09:00:05.000Z';
export const correlationId = 'corr-onboarding-1';

export const application = (overrides: Partial<OnboardingCreate> = {}): OnboardingCreate => ({
  customer: {
    name: 'Ada Lovelace',
    contactMedium: [
      { mediumType: 'email', preferred: true, characteristic: { emailAddress: 'Ada@Example.com' } },
      { mediumType: 'postalAddress', characteristic: { street1: '1 rue de Rivoli', city: 'Paris', postCode: '75001', country: 'FR' } },
    ],
  },
  ...overrides,
});

export const customerRef = { id: ids.customerId, href: `/tmf-api/customerManagement/v4/customer/${ids.customerId}`, name: 'Ada Lovelace' };
export const accountRef = { id: ids.billingAccountId, href: `/tmf-api/accountManagement/v4/billingAccount/${ids.billingAccountId}`, name: 'Ada Lovelace - default' };

export const acknowledged = (): Onboarding => acknowledgeOnboarding(onboardingId, startedAt);
export const registered = (): Onboarding => recordCustomerRegistered(acknowledged(), customerRef, '2026-03-01T09:00:01.000Z');
export const approved = (): Onboarding =>
  recordCreditDecision(registered(), { decision: 'approved', score: 700, creditLimit: money(50_000n, 'EUR') }, `SIM-CB-${ids.customerId}`, '2026-03-01T09:00:02.000Z');
export const declined = (): Onboarding =>
  recordCreditDecision(
    registered(),
    { decision: 'rejected', score: 420, reason: 'credit score 420 is below the minimum of 500' },
    `SIM-CB-${ids.customerId}`,
    '2026-03-01T09:00:02.000Z',
  );
export const withAccount = (): Onboarding => recordAccountOpened(approved(), accountRef, '2026-03-01T09:00:03.000Z');

export function onboardingItem(onboarding: Onboarding, version: number, app: OnboardingCreate = application()) {
  return { pk: `ONBOARDING#${onboarding.id}`, sk: 'ONBOARDING', entityType: 'Onboarding', version, resource: onboarding, application: app };
}

export function storeOnboarding(mock: AwsClientStub<DynamoDBDocumentClient>, onboarding: Onboarding, version: number, app?: OnboardingCreate): void {
  mock.on(GetCommand, { Key: { pk: `ONBOARDING#${onboarding.id}`, sk: 'ONBOARDING' } }).resolves({ Item: onboardingItem(onboarding, version, app) });
}

/** What the state machine passes every task. */
export const taskInput = (extra: Record<string, unknown> = {}) => ({ onboardingId, correlationId, ...extra });
export const context = (name: string) => lambdaContext(name);

export const transactItems = (mock: AwsClientStub<DynamoDBDocumentClient>, call = 0) => mock.commandCalls(TransactWriteCommand)[call]!.args[0].input.TransactItems!;

/** The written onboarding resource and its condition. */
export function onboardingUpdate(mock: AwsClientStub<DynamoDBDocumentClient>, call = 0) {
  const update = transactItems(mock, call)[0]!.Update!;
  return { key: update.Key, expected: update.ExpressionAttributeValues![':expected'], onboarding: update.ExpressionAttributeValues![':resource'] as Onboarding };
}

export function outboxEvents(mock: AwsClientStub<DynamoDBDocumentClient>, call = 0) {
  return transactItems(mock, call)
    .filter((item) => item.Put?.Item?.entityType === 'OutboxEvent')
    .map((item) => ({ eventId: (item.Put!.Item!.pk as string).replace('OUTBOX#', ''), detailType: item.Put!.Item!.detailType as string, detail: JSON.parse(item.Put!.Item!.detail as string) }));
}

export const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
