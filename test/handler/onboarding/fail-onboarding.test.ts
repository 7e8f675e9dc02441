import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OnboardingFailed } from '../../../domain/events/onboarding-events.js';
import { failOnboarding } from '../../../domain/onboarding/onboarding.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler } from '../../../functions/onboarding/fail-onboarding.js';
import { approved, context, ids, now, onboardingId, onboardingUpdate, outboxEvents, registered, storeOnboarding, taskInput } from './onboarding-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

/** What a Catch puts at $.error after a Lambda task failed. */
const caught = (type: string, message: string) => ({ Error: type, Cause: JSON.stringify({ errorType: type, errorMessage: message, trace: ['at x (/var/task/index.js:1:1)'] }) });
const fail = (error: unknown) => handler(taskInput({ error }), context('fail-onboarding'));

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(TransactWriteCommand).resolves({});
  storeOnboarding(documentMock, approved(), 3);
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe("fail-onboarding (the machine's Catch)", () => {
  it('fails the onboarding at the running step with OnboardingFailed, keeping internals out of the reason', async () => {
    await expect(fail(caught('Sandbox.Timedout', 'Task timed out after 10.00 seconds at 10.0.0.12'))).resolves.toEqual({ state: 'failed' });
    const reason = 'the openBillingAccount step failed (Sandbox.Timedout); the execution history has the details';
    const { expected, onboarding } = onboardingUpdate(documentMock);
    expect(expected).toBe(3);
    expect(onboarding).toMatchObject({ state: 'failed', failureReason: reason });
    expect(onboarding.step.at(-1)).toEqual({ name: 'openBillingAccount', state: 'failed', at: now, detail: reason });
    expect(JSON.stringify(onboarding)).not.toContain('10.0.0.12');
    expect(OnboardingFailed.parseDetail(outboxEvents(documentMock)[0]!.detail).data).toEqual({
      onboardingId,
      customerId: ids.customerId,
      failedStep: 'openBillingAccount',
      reason,
    });
  });

  it('explains a rule of ours that said no, in its own words', async () => {
    storeOnboarding(documentMock, registered(), 2);
    await fail(caught('RuleViolationError', 'a Closed customer cannot be changed'));
    expect(onboardingUpdate(documentMock).onboarding.failureReason).toBe('the creditCheck step failed: a Closed customer cannot be changed');
  });

  it('copes with a missing or unreadable cause', async () => {
    await fail({ Error: 'States.Runtime', Cause: 'not json' });
    expect(onboardingUpdate(documentMock).onboarding.failureReason).toBe('the openBillingAccount step failed (States.Runtime); the execution history has the details');
  });

  it('leaves an onboarding that already ended as it is', async () => {
    storeOnboarding(documentMock, failOnboarding(approved(), 'earlier', now), 4);
    await expect(fail(caught('States.Timeout', 'x'))).resolves.toEqual({ state: 'failed' });
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
