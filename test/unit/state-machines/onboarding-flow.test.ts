import { readFileSync } from 'node:fs';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { functionArnSubstitutionKey, stateMachines } from '../../../infra/topology.js';

/**
 * The onboarding machine's routing, run by the same interpreter as the local runtime, with each
 * Task answered here instead of by its function: which steps run for which outcome, what every
 * task is given, and that retries and the Catch end where they should.
 */
const machine = stateMachines.find((candidate) => candidate.name === 'onboarding')!;
let text = readFileSync(machine.definitionFile, 'utf8');
for (const name of machine.invokes) text = text.replaceAll(`\${${functionArnSubstitutionKey(name)}}`, `arn:aws:lambda:us-east-1:000000000000:function:${name}`);
const stateMachine = new StateMachine(JSON.parse(text), { validationOptions: { checkArn: true, checkPaths: true } });

const started = {
  version: '0',
  id: 'eb-1',
  source: 'bss.onboarding',
  'detail-type': 'OnboardingStarted',
  detail: { metadata: { eventId: 'evt-1', occurredAt: '2026-03-01T09:00:00.000Z', correlationId: 'corr-1', schemaVersion: '1.0' }, data: { onboardingId: 'onb-1' } },
};

type Answer = unknown | ((payload: Record<string, unknown>, attempt: number) => unknown);
const taskStates = ['RegisterCustomer', 'CheckCredit', 'RejectApplication', 'OpenBillingAccount', 'PlaceFirstOrder', 'WelcomeCustomer', 'MarkFailed'] as const;

const failure = (name: string, message = 'boom') => Object.assign(new Error(message), { name });

/** Runs the machine on OnboardingStarted; each Task answers its Payload from `answers` (a value, or a function that may throw). */
async function run(answers: Partial<Record<(typeof taskStates)[number], Answer>>) {
  const calls: Array<{ state: string; input: Record<string, any> }> = [];
  const attempts = new Map<string, number>();
  const handlers = Object.fromEntries(
    taskStates.map((state) => [
      state,
      async (input: any) => {
        calls.push({ state, input });
        const attempt = (attempts.get(state) ?? 0) + 1;
        attempts.set(state, attempt);
        const answer = answers[state];
        if (answer === undefined) throw new Error(`no answer for ${state}`);
        return { StatusCode: 200, Payload: typeof answer === 'function' ? answer(input.Payload, attempt) : answer };
      },
    ]),
  );
  const retryIntervalOverrides = Object.fromEntries(taskStates.map((state) => [state, 0]));
  const execution = stateMachine.run(started as never, {
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides },
  });
  try {
    const output = await execution.result;
    return { status: 'SUCCEEDED' as const, output, calls, steps: calls.map((call) => call.state) };
  } catch (error) {
    if (!(error instanceof ExecutionError)) throw error;
    return { status: 'FAILED' as const, error: (error.cause as { name?: string })?.name ?? error.message, calls, steps: calls.map((call) => call.state) };
  }
}

const approvedPath = {
  RegisterCustomer: { outcome: 'registered', customerId: 'cust-1' },
  CheckCredit: { decision: 'approved' },
  OpenBillingAccount: { billingAccountId: 'ba-1' },
  PlaceFirstOrder: { outcome: 'placed', productOrderId: 'po-1' },
  WelcomeCustomer: { state: 'completed' },
  MarkFailed: { state: 'failed' },
};

describe('onboarding state machine', () => {
  it('an approved application runs every step once, each given only the onboarding id and correlation id', async () => {
    const execution = await run(approvedPath);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.steps).toEqual(['RegisterCustomer', 'CheckCredit', 'OpenBillingAccount', 'PlaceFirstOrder', 'WelcomeCustomer']);
    for (const call of execution.calls) {
      expect(call.input).toEqual({
        FunctionName: expect.stringMatching(/^arn:aws:lambda:us-east-1:000000000000:function:[a-z-]+$/),
        Payload: { onboardingId: 'onb-1', correlationId: 'corr-1' },
      });
    }
    expect(execution.calls.map((call) => call.input.FunctionName.split(':').at(-1))).toEqual([
      'register-onboarding-customer',
      'check-onboarding-credit',
      'open-onboarding-account',
      'place-onboarding-order',
      'welcome-onboarded-customer',
    ]);
  });

  it('a skipped first order still ends with the welcome', async () => {
    const execution = await run({ ...approvedPath, PlaceFirstOrder: { outcome: 'skipped' } });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.steps.at(-1)).toBe('WelcomeCustomer');
  });

  it('a declined application is closed and succeeds as rejected, opening no account', async () => {
    const execution = await run({ ...approvedPath, CheckCredit: { decision: 'rejected' }, RejectApplication: { state: 'rejected' } });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.steps).toEqual(['RegisterCustomer', 'CheckCredit', 'RejectApplication']);
  });

  it('a taken email ends the execution failed right after registration (the task recorded the failure)', async () => {
    const execution = await run({ ...approvedPath, RegisterCustomer: { outcome: 'failed', reason: 'taken' } });
    expect(execution).toMatchObject({ status: 'FAILED', error: 'OnboardingFailed', steps: ['RegisterCustomer'] });
  });

  it('a refused first order ends the execution failed without a welcome', async () => {
    const execution = await run({ ...approvedPath, PlaceFirstOrder: { outcome: 'failed', reason: 'not on sale' } });
    expect(execution).toMatchObject({ status: 'FAILED', error: 'OnboardingFailed' });
    expect(execution.steps).not.toContain('WelcomeCustomer');
  });

  it('retries a transient failure of a step, then carries on', async () => {
    const execution = await run({
      ...approvedPath,
      OpenBillingAccount: (_payload: unknown, attempt: number) => {
        if (attempt < 3) throw failure('TransientStoreError');
        return { billingAccountId: 'ba-1' };
      },
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.steps.filter((step) => step === 'OpenBillingAccount')).toHaveLength(3);
  });

  it.each(['RegisterCustomer', 'CheckCredit', 'RejectApplication', 'OpenBillingAccount', 'PlaceFirstOrder', 'WelcomeCustomer'] as const)(
    'a lasting fault in %s is caught: MarkFailed gets the error, and the execution fails',
    async (state) => {
      const execution = await run({
        ...approvedPath,
        CheckCredit: { decision: state === 'RejectApplication' ? 'rejected' : 'approved' },
        [state]: () => {
          throw failure('DefaultAccountExistsError', 'already has one');
        },
      });
      expect(execution).toMatchObject({ status: 'FAILED', error: 'OnboardingFailed' });
      expect(execution.steps.filter((step) => step === state)).toHaveLength(1);
      const marked = execution.calls.find((call) => call.state === 'MarkFailed');
      expect(marked?.input.Payload).toEqual({
        onboardingId: 'onb-1',
        correlationId: 'corr-1',
        error: { Error: 'DefaultAccountExistsError', Cause: expect.stringContaining('already has one') },
      });
    },
  );

  it('gives up on a transient fault after its retries and marks the onboarding failed', async () => {
    const execution = await run({
      ...approvedPath,
      CheckCredit: () => {
        throw failure('TransientStoreError');
      },
    });
    expect(execution).toMatchObject({ status: 'FAILED', error: 'OnboardingFailed' });
    expect(execution.steps.filter((step) => step === 'CheckCredit')).toHaveLength(5);
    expect(execution.steps.at(-1)).toBe('MarkFailed');
  });

  it('still ends failed when marking the failure itself fails', async () => {
    const execution = await run({
      ...approvedPath,
      CheckCredit: () => {
        throw failure('Error');
      },
      MarkFailed: () => {
        throw failure('OnboardingNotFound');
      },
    });
    expect(execution).toMatchObject({ status: 'FAILED', error: 'OnboardingFailed' });
    expect(execution.steps).toEqual(['RegisterCustomer', 'CheckCredit', 'MarkFailed']);
  });
});
