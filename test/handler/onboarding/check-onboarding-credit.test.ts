import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CreditBureau } from '../../../domain/onboarding/credit-bureau.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { checkOnboardingCreditWith, handler } from '../../../functions/onboarding/check-onboarding-credit.js';
import { onboardingTask } from '../../../functions/onboarding/onboarding-task.js';
import { application, approved, context, ids, now, onboardingUpdate, registered, storeOnboarding, taskInput, transactItems } from './onboarding-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const check = () => handler(taskInput(), context('check-onboarding-credit'));
const withEmail = (emailAddress: string) =>
  application({ customer: { name: 'Ada Lovelace', contactMedium: [{ mediumType: 'email', characteristic: { emailAddress } }] } });

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(TransactWriteCommand).resolves({});
  storeOnboarding(documentMock, registered(), 2);
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  vi.stubEnv('BSS_DEFAULT_CURRENCY', 'EUR');
  return () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  };
});

describe('check-onboarding-credit (step 2, simulated bureau)', () => {
  it('approves the default score 700 with a credit limit of 500.00 in the account currency, recorded on the onboarding', async () => {
    await expect(check()).resolves.toEqual({ decision: 'approved' });
    expect(transactItems(documentMock)).toHaveLength(1);
    const { expected, onboarding } = onboardingUpdate(documentMock);
    expect(expected).toBe(2);
    expect(onboarding.state).toBe('approved');
    expect(onboarding.creditDecision).toEqual({ decision: 'approved', score: 700, reference: `SIM-CB-${ids.customerId}`, creditLimit: { unit: 'EUR', value: 500 } });
    expect(onboarding.step.at(-1)).toMatchObject({ name: 'creditCheck', state: 'done', at: now });
  });

  it('rejects a +score420 applicant with the reason, still inProgress until the customer is closed', async () => {
    storeOnboarding(documentMock, registered(), 2, withEmail('ada+score420@example.com'));
    await expect(check()).resolves.toEqual({ decision: 'rejected' });
    const { onboarding } = onboardingUpdate(documentMock);
    expect(onboarding.state).toBe('inProgress');
    expect(onboarding.creditDecision).toEqual({
      decision: 'rejected',
      score: 420,
      reference: `SIM-CB-${ids.customerId}`,
      reason: 'credit score 420 is below the minimum of 500',
    });
  });

  it("decides in the currency the account will have: the application's terms first", async () => {
    storeOnboarding(documentMock, registered(), 2, application({ billingAccount: { currency: 'GBP' } }));
    await check();
    expect(onboardingUpdate(documentMock).onboarding.creditDecision?.creditLimit).toEqual({ unit: 'GBP', value: 500 });
  });

  it('hands the bureau the registered customer, its normalized email and ISO country, at the clock instant', async () => {
    const bureau: CreditBureau = { check: vi.fn(async (_applicant, at: string) => ({ score: 800, reference: 'B-1', checkedAt: at })) };
    await expect(onboardingTask(checkOnboardingCreditWith(bureau))(taskInput(), context('check-onboarding-credit'))).resolves.toEqual({ decision: 'approved' });
    expect(bureau.check).toHaveBeenCalledWith({ customerId: ids.customerId, name: 'Ada Lovelace', email: 'ada@example.com', country: 'FR' }, now);
    expect(onboardingUpdate(documentMock).onboarding.creditDecision).toMatchObject({ score: 800, reference: 'B-1', creditLimit: { unit: 'EUR', value: 2000 } });
  });

  it('a repeat after the decision is recorded neither asks the bureau again nor writes', async () => {
    storeOnboarding(documentMock, approved(), 3);
    const bureau: CreditBureau = { check: vi.fn() };
    await expect(onboardingTask(checkOnboardingCreditWith(bureau))(taskInput(), context('check-onboarding-credit'))).resolves.toEqual({ decision: 'approved' });
    expect(bureau.check).not.toHaveBeenCalled();
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
