import { readFileSync } from 'node:fs';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { functionArnSubstitutionKey, stateMachines } from '../../../infra/topology.js';

/**
 * The order-to-cash machine's routing, run by the interpreter the local runtime uses, with each
 * Task answered here instead of by its function: which steps (and which compensations) run for
 * each outcome, and what the closing step is told. The provisioning callback is answered as
 * SendTaskSuccess/SendTaskFailure would (the task's result, or an error named as the callback's).
 */
const machine = stateMachines.find((candidate) => candidate.name === 'order-to-cash')!;
let text = readFileSync(machine.definitionFile, 'utf8');
for (const name of machine.invokes) text = text.replaceAll(`\${${functionArnSubstitutionKey(name)}}`, `arn:aws:lambda:us-east-1:000000000000:function:${name}`);
const definition = JSON.parse(text);
// TimeoutSecondsPath is enforced by the local runtime's own timer; the bare interpreter gets a fixed one.
const provisioning = definition.States.ProvisionItems.ItemProcessor.States.RequestItemProvisioning;
delete provisioning.TimeoutSecondsPath;
provisioning.TimeoutSeconds = 5;
const stateMachine = new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });

const created = {
  source: 'bss.orders',
  'detail-type': 'ProductOrderCreated',
  detail: { metadata: { eventId: 'evt-1', occurredAt: '2026-12-01T09:00:00.000Z', correlationId: 'corr-1', schemaVersion: '1.0' }, data: { order: { id: 'order-1' } } },
};

const taskStates = [
  'BeginOrder',
  'ReserveStock',
  'CheckCredit',
  'AuthorizePayment',
  'ConfirmOrder',
  'RequestItemProvisioning',
  'ActivateProducts',
  'SettlePayment',
  'IssueOrderBill',
  'VoidPayment',
  'ReleaseStock',
  'CloseOrder',
] as const;
type TaskState = (typeof taskStates)[number];
type Answer = unknown | ((payload: Record<string, any>, attempt: number) => unknown);

const failure = (name: string, message: string) => Object.assign(new Error(JSON.stringify({ errorType: name, errorMessage: message })), { name });

async function run(overrides: Partial<Record<TaskState, Answer>>) {
  const answers: Record<TaskState, Answer> = {
    BeginOrder: { outcome: 'proceed', orderId: 'order-1', correlationId: 'corr-1', items: [{ itemId: '1' }, { itemId: '2' }], startsLater: false, provisionAfter: '2026-12-01T09:00:00.000Z', provisioningTimeoutSeconds: 5 },
    ReserveStock: { reserved: true },
    CheckCredit: { checked: true },
    AuthorizePayment: { authorized: true },
    ConfirmOrder: { outcome: 'confirmed' },
    RequestItemProvisioning: (payload: Record<string, any>) => ({ itemId: payload.itemId, serviceId: `svc-${payload.itemId}` }),
    ActivateProducts: (payload: Record<string, any>) => {
      const failed = (payload.outcomes as Array<{ state: string }>).filter((outcome) => outcome.state === 'failed').length;
      return { outcome: failed === 0 ? 'completed' : failed === payload.outcomes.length ? 'failed' : 'partial', reason: failed ? 'an item failed' : '' };
    },
    SettlePayment: { captured: true },
    IssueOrderBill: { billId: 'order-order-1', issued: true },
    VoidPayment: { voided: true },
    ReleaseStock: { released: 'released' },
    CloseOrder: (payload: Record<string, any>) => ({ state: payload.closing.state }),
    ...overrides,
  };
  const calls: Array<{ state: TaskState; payload: Record<string, any> }> = [];
  const attempts = new Map<string, number>();
  const handlers = Object.fromEntries(
    taskStates.map((state) => [
      state,
      async (input: any) => {
        const payload = input.Payload as Record<string, any>;
        calls.push({ state, payload });
        const attempt = (attempts.get(state) ?? 0) + 1;
        attempts.set(state, attempt);
        const answer = answers[state];
        const result = typeof answer === 'function' ? answer(payload, attempt) : answer;
        // A callback task's result is what SendTaskSuccess sent; a Lambda invoke's is wrapped in Payload.
        return state === 'RequestItemProvisioning' ? result : { StatusCode: 200, Payload: result };
      },
    ]),
  );
  const execution = stateMachine.run(created as never, {
    // As the local runtime supplies it: the execution's id, and the task token of callback tasks.
    context: { Execution: { Id: 'arn:aws:states:us-east-1:000000000000:execution:order-to-cash:exec-1' }, Task: { Token: 'token-1' } },
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: Object.fromEntries(taskStates.map((state) => [state, 0])) },
  });
  try {
    await execution.result;
    return { status: 'SUCCEEDED' as const, calls, steps: calls.map((call) => call.state) };
  } catch (error) {
    if (!(error instanceof ExecutionError)) throw error;
    return { status: 'FAILED' as const, calls, steps: calls.map((call) => call.state) };
  }
}

const closing = (calls: Array<{ state: TaskState; payload: Record<string, any> }>) => calls.find((call) => call.state === 'CloseOrder')!.payload.closing;
const unwinding = ['VoidPayment', 'ReleaseStock', 'CloseOrder'];

describe('order-to-cash state machine', () => {
  it('the happy path runs every step once, provisions each item, and closes completed', async () => {
    const execution = await run({});
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.steps).toEqual([
      'BeginOrder',
      'ReserveStock',
      'CheckCredit',
      'AuthorizePayment',
      'ConfirmOrder',
      'RequestItemProvisioning',
      'RequestItemProvisioning',
      'ActivateProducts',
      'SettlePayment',
      'IssueOrderBill',
      'CloseOrder',
    ]);
    const provisioned = execution.calls.filter((call) => call.state === 'RequestItemProvisioning').map((call) => call.payload);
    expect(provisioned.map((payload) => payload.itemId).sort()).toEqual(['1', '2']);
    // The token and the timeout reach the provisioning request; the local runtime reads the timeout there.
    expect(provisioned[0]).toMatchObject({ orderId: 'order-1', correlationId: 'corr-1', timeoutSeconds: 5 });
    expect(provisioned[0]!.taskToken).toEqual(expect.any(String));
    const activation = execution.calls.find((call) => call.state === 'ActivateProducts')!.payload;
    expect(activation.outcomes).toEqual(expect.arrayContaining([{ itemId: '1', state: 'completed', serviceId: 'svc-1' }]));
    expect(closing(execution.calls)).toMatchObject({ state: 'completed' });
  });

  it('a duplicate start ends at once, touching nothing', async () => {
    const execution = await run({ BeginOrder: { outcome: 'duplicate', orderId: 'order-1', correlationId: 'corr-1', items: [], startsLater: false, provisionAfter: 'x', provisioningTimeoutSeconds: 5 } });
    expect(execution).toMatchObject({ status: 'SUCCEEDED', steps: ['BeginOrder'] });
  });

  it('an order cancelled before the saga started unwinds and closes cancelled', async () => {
    const execution = await run({ BeginOrder: { outcome: 'cancelled', orderId: 'order-1', correlationId: 'corr-1', items: [], startsLater: false, provisionAfter: 'x', provisioningTimeoutSeconds: 5 } });
    expect(execution.steps).toEqual(['BeginOrder', ...unwinding]);
    expect(closing(execution.calls)).toEqual({ state: 'cancelled' });
  });

  it.each([
    ['ReserveStock', 'OutOfStock', 'Nova X is out of stock', ['BeginOrder', 'ReserveStock']],
    ['CheckCredit', 'CreditLimitExceeded', 'above the credit limit', ['BeginOrder', 'ReserveStock', 'CheckCredit']],
    ['AuthorizePayment', 'PaymentDeclined', 'the card was declined', ['BeginOrder', 'ReserveStock', 'CheckCredit', 'AuthorizePayment']],
  ] as const)('%s failing with %s unwinds (void, release) and fails the order with the reason', async (state, error, message, before) => {
    const execution = await run({
      [state]: () => {
        throw failure(error, message);
      },
    });
    expect(execution.steps).toEqual([...before, ...unwinding]);
    expect(closing(execution.calls)).toMatchObject({ state: 'failed', error });
    expect(JSON.parse(closing(execution.calls).cause).errorMessage).toBe(message);
  });

  it('a gateway that fails once is retried and the order goes on', async () => {
    const execution = await run({
      AuthorizePayment: (_payload: unknown, attempt: number) => {
        if (attempt === 1) throw failure('PaymentGatewayUnavailable', 'try again');
        return { authorized: true };
      },
    });
    expect(execution.steps.filter((step) => step === 'AuthorizePayment')).toHaveLength(2);
    expect(closing(execution.calls)).toMatchObject({ state: 'completed' });
  });

  it('a cancellation reaching the gate first unwinds and closes cancelled, provisioning nothing', async () => {
    const execution = await run({ ConfirmOrder: { outcome: 'cancelled' } });
    expect(execution.steps).toEqual(['BeginOrder', 'ReserveStock', 'CheckCredit', 'AuthorizePayment', 'ConfirmOrder', ...unwinding]);
    expect(closing(execution.calls)).toEqual({ state: 'cancelled' });
  });

  it('one item failing provisioning ends partial through settlement (capture and refund), not through the unwinding', async () => {
    const execution = await run({
      RequestItemProvisioning: (payload: Record<string, any>) => {
        if (payload.itemId === '2') throw failure('ProvisioningFailed', 'number not available');
        return { itemId: payload.itemId, serviceId: 'svc-1' };
      },
    });
    const activation = execution.calls.find((call) => call.state === 'ActivateProducts')!.payload;
    expect(activation.outcomes).toEqual(expect.arrayContaining([expect.objectContaining({ itemId: '2', state: 'failed', error: 'ProvisioningFailed' })]));
    expect(execution.steps.slice(-3)).toEqual(['SettlePayment', 'IssueOrderBill', 'CloseOrder']);
    expect(execution.steps).not.toContain('VoidPayment');
    expect(closing(execution.calls)).toMatchObject({ state: 'partial' });
  });

  it('every item failing provisioning voids, releases and fails the order with the items’ reasons', async () => {
    const execution = await run({
      RequestItemProvisioning: () => {
        throw failure('ProvisioningFailed', 'no');
      },
    });
    expect(execution.steps.slice(-4)).toEqual(['ActivateProducts', ...unwinding]);
    expect(closing(execution.calls)).toEqual({ state: 'failed', reason: 'an item failed' });
  });

  it('an order bill that cannot be issued after its retries does not fail the order: the money has moved, the order completes', async () => {
    const execution = await run({
      IssueOrderBill: () => {
        throw failure('TransientStoreError', 'table unavailable');
      },
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.steps.filter((step) => step === 'IssueOrderBill').length).toBeGreaterThan(1);
    expect(execution.steps).not.toContain('VoidPayment');
    expect(closing(execution.calls)).toMatchObject({ state: 'completed' });
  });

  it('settlement failing after its retries unwinds: the void step gives back what the gateway captured', async () => {
    const execution = await run({
      SettlePayment: () => {
        throw failure('TransientStoreError', 'table unavailable');
      },
    });
    expect(execution.steps.slice(-3)).toEqual(unwinding);
    expect(closing(execution.calls)).toMatchObject({ state: 'failed', error: 'TransientStoreError' });
  });
});
