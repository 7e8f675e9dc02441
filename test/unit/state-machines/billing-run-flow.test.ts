import { readFileSync } from 'node:fs';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { functionArnSubstitutionKey, stateMachines } from '../../../infra/topology.js';

/**
 * The billing-run machine's routing, run by the interpreter the local runtime uses, with each
 * Task answered here instead of by its function: the Map over the due index's partitions, the
 * page loop of each partition while a page says `more`, and what the closing step is told (an
 * empty failure when every partition was billed, the Map's Catch when one kept failing).
 */
const machine = stateMachines.find((candidate) => candidate.name === 'billing-run')!;
let text = readFileSync(machine.definitionFile, 'utf8');
for (const name of machine.invokes) text = text.replaceAll(`\${${functionArnSubstitutionKey(name)}}`, `arn:aws:lambda:us-east-1:000000000000:function:${name}`);
const definition = JSON.parse(text);
const stateMachine = new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });

const requested = {
  source: 'bss.billing',
  'detail-type': 'BillRunRequested',
  detail: { metadata: { eventId: 'evt-1', occurredAt: '2027-02-01T06:00:00.000Z', correlationId: 'corr-1', schemaVersion: '1.0' }, data: { billRunId: 'run-1', asOf: '2027-02-01T06:00:00.000Z', trigger: 'request' } },
};

const taskStates = ['BeginBillRun', 'BillDuePage', 'FinishBillRun'] as const;
type TaskState = (typeof taskStates)[number];
type Payload = Record<string, any>;
type Answer = unknown | ((payload: Payload, attempt: number) => unknown);

const failure = (name: string, message: string) => Object.assign(new Error(JSON.stringify({ errorType: name, errorMessage: message })), { name });

/** Partition 0 has three pages (cursors c1, c2), partition 1 one: each page answers where the next starts. */
const pagesOf: Record<string, number> = { 'BILL_DUE#0': 3, 'BILL_DUE#1': 1 };
function page(payload: Payload) {
  const index = payload.cursor === null ? 0 : Number(String(payload.cursor).slice(1));
  const more = index + 1 < pagesOf[payload.partition]!;
  return { ...payload, cursor: more ? `c${index + 1}` : null, more };
}

async function run(overrides: Partial<Record<TaskState, Answer>>, input: unknown = requested, executionName = 'exec-1') {
  const answers: Record<TaskState, Answer> = {
    BeginBillRun: { billRunId: 'run-1', asOf: '2027-02-01T06:00:00.000Z', testClockId: null, correlationId: 'corr-1', partitions: [{ partition: 'BILL_DUE#0' }, { partition: 'BILL_DUE#1' }] },
    BillDuePage: page,
    FinishBillRun: (payload: Payload) => ({ billRunId: payload.billRunId, state: payload.failure.Error ? 'completedWithErrors' : 'completed' }),
    ...overrides,
  };
  const calls: Array<{ state: TaskState; payload: Payload }> = [];
  const attempts = new Map<string, number>();
  const handlers = Object.fromEntries(
    taskStates.map((state) => [
      state,
      async (request: any) => {
        const payload = request.Payload as Payload;
        calls.push({ state, payload });
        const key = `${state}|${payload.partition ?? ''}|${payload.cursor ?? ''}`;
        const attempt = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, attempt);
        const answer = answers[state];
        return { StatusCode: 200, Payload: typeof answer === 'function' ? answer(payload, attempt) : answer };
      },
    ]),
  );
  const execution = stateMachine.run(input as never, {
    context: { Execution: { Id: `arn:aws:states:us-east-1:000000000000:execution:billing-run:${executionName}`, Name: executionName } },
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: Object.fromEntries(taskStates.map((state) => [state, 0])) },
  });
  try {
    const output = await execution.result;
    return { status: 'SUCCEEDED' as const, output, calls, steps: calls.map((call) => call.state) };
  } catch (error) {
    if (!(error instanceof ExecutionError)) throw error;
    return { status: 'FAILED' as const, output: undefined, calls, steps: calls.map((call) => call.state) };
  }
}

const pages = (calls: Array<{ state: TaskState; payload: Payload }>, partition?: string) =>
  calls.filter((call) => call.state === 'BillDuePage' && (partition === undefined || call.payload.partition === partition)).map((call) => call.payload);
const finish = (calls: Array<{ state: TaskState; payload: Payload }>) => calls.filter((call) => call.state === 'FinishBillRun').map((call) => call.payload);

describe('billing-run state machine', () => {
  it('hands BeginBillRun the execution input and name: BillRunRequested, or the schedule’s input', async () => {
    const execution = await run({});
    expect(execution.calls[0]).toEqual({ state: 'BeginBillRun', payload: { input: requested, executionName: 'exec-1' } });
    const scheduled = await run({}, {}, 'daily-2027-02-01');
    expect(scheduled.calls[0]!.payload).toEqual({ input: {}, executionName: 'daily-2027-02-01' });
  });

  it("bills each partition page by page, from no cursor, each page starting at the previous one's cursor, until a page says no more", async () => {
    const execution = await run({});
    expect(execution.status).toBe('SUCCEEDED');
    const base = { billRunId: 'run-1', asOf: '2027-02-01T06:00:00.000Z', testClockId: null, correlationId: 'corr-1' };
    // A next page is the previous page's answer as it is (its `more` too, which the task answers afresh).
    expect(pages(execution.calls, 'BILL_DUE#0')).toEqual([
      { ...base, partition: 'BILL_DUE#0', cursor: null },
      { ...base, partition: 'BILL_DUE#0', cursor: 'c1', more: true },
      { ...base, partition: 'BILL_DUE#0', cursor: 'c2', more: true },
    ]);
    expect(pages(execution.calls, 'BILL_DUE#1')).toEqual([{ ...base, partition: 'BILL_DUE#1', cursor: null }]);
    expect(execution.steps[0]).toBe('BeginBillRun');
    expect(execution.steps.at(-1)).toBe('FinishBillRun');
  });

  it('a run with nothing failed finishes once with an empty failure, and ends with what FinishBillRun answered', async () => {
    const execution = await run({});
    expect(finish(execution.calls)).toEqual([{ billRunId: 'run-1', correlationId: 'corr-1', failure: {} }]);
    expect(execution.output).toEqual({ billRunId: 'run-1', state: 'completed' });
  });

  it("a test clock's run carries the clock to every page", async () => {
    const execution = await run({ BeginBillRun: { billRunId: 'run-2', asOf: '2027-04-01T10:00:00.000Z', testClockId: 'clock-1', correlationId: 'corr-2', partitions: [{ partition: 'BILL_DUE#1' }] } });
    expect(pages(execution.calls)).toEqual([{ billRunId: 'run-2', asOf: '2027-04-01T10:00:00.000Z', testClockId: 'clock-1', correlationId: 'corr-2', partition: 'BILL_DUE#1', cursor: null }]);
  });

  it('no partitions (nothing to read): the run finishes at once', async () => {
    const execution = await run({ BeginBillRun: { billRunId: 'run-1', asOf: '2027-02-01T06:00:00.000Z', testClockId: null, correlationId: 'corr-1', partitions: [] } });
    expect(execution.steps).toEqual(['BeginBillRun', 'FinishBillRun']);
  });

  it('a page failing once with a retryable error is run again with the same cursor, and the run ends without a failure', async () => {
    const execution = await run({
      BillDuePage: (payload: Payload, attempt: number) => {
        if (payload.partition === 'BILL_DUE#0' && payload.cursor === 'c1' && attempt === 1) throw failure('TransientStoreError', 'throttled');
        return page(payload);
      },
    });
    expect(pages(execution.calls, 'BILL_DUE#0').map((payload) => payload.cursor)).toEqual([null, 'c1', 'c1', 'c2']);
    expect(finish(execution.calls)).toEqual([expect.objectContaining({ failure: {} })]);
  });

  it("a page that keeps failing is retried 5 times, then the Map's Catch finishes the run with the failure", async () => {
    const execution = await run({
      BillDuePage: (payload: Payload) => {
        if (payload.partition === 'BILL_DUE#0' && payload.cursor === 'c1') throw failure('TransientStoreError', 'table unavailable');
        return page(payload);
      },
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(pages(execution.calls, 'BILL_DUE#0').filter((payload) => payload.cursor === 'c1')).toHaveLength(6);
    const [finished] = finish(execution.calls);
    expect(finish(execution.calls)).toHaveLength(1);
    expect(finished).toMatchObject({ billRunId: 'run-1', correlationId: 'corr-1', failure: { Error: 'TransientStoreError' } });
    expect(finished!.failure.Cause).toContain('table unavailable');
    expect(execution.output).toMatchObject({ state: 'completedWithErrors' });
  });

  it('an error the page does not retry (a bug) goes straight to the Catch', async () => {
    const execution = await run({
      BillDuePage: (payload: Payload) => {
        if (payload.partition === 'BILL_DUE#1') throw failure('TypeError', 'cannot read properties of undefined');
        return page(payload);
      },
    });
    expect(pages(execution.calls, 'BILL_DUE#1')).toHaveLength(1);
    expect(finish(execution.calls)).toEqual([expect.objectContaining({ failure: expect.objectContaining({ Error: 'TypeError' }) })]);
  });

  it('FinishBillRun is retried on any error until it records the end', async () => {
    const execution = await run({
      FinishBillRun: (payload: Payload, attempt: number) => {
        if (attempt < 3) throw failure('Error', 'the table did not answer');
        return { billRunId: payload.billRunId, state: 'completed' };
      },
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(finish(execution.calls)).toHaveLength(3);
  });

  it('BeginBillRun failing for good (an unknown run) fails the execution before billing anything', async () => {
    const execution = await run({
      BeginBillRun: () => {
        throw failure('Error', 'bill run run-404 does not exist');
      },
    });
    expect(execution.status).toBe('FAILED');
    expect(execution.steps).toEqual(['BeginBillRun']);
  });

  it('BeginBillRun is retried on a transient store error', async () => {
    const execution = await run({
      BeginBillRun: (_payload: Payload, attempt: number) => {
        if (attempt === 1) throw failure('TransientStoreError', 'throttled');
        return { billRunId: 'run-1', asOf: '2027-02-01T06:00:00.000Z', testClockId: null, correlationId: 'corr-1', partitions: [] };
      },
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.steps).toEqual(['BeginBillRun', 'BeginBillRun', 'FinishBillRun']);
  });
});
