import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStepFunctionsService, type LocalStateMachine } from '../../infra/local/step-functions/step-functions-service.js';

const region = 'us-east-1';
const accountId = '000000000000';
const machineArn = (name: string) => `arn:aws:states:${region}:${accountId}:stateMachine:${name}`;

// ------------------------------------------------------------------ ASL fixtures

const chargeDefinition = {
  Comment: 'lambda:invoke (function given as an ARN) followed by a plain Lambda ARN resource',
  StartAt: 'Charge',
  States: {
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: `arn:aws:lambda:${region}:${accountId}:function:charge`, 'Payload.$': '$' },
      ResultSelector: { 'amount.$': '$.Payload.amount', 'status.$': '$.Payload.status', 'statusCode.$': '$.StatusCode' },
      ResultPath: '$.charge',
      Next: 'Annotate',
    },
    Annotate: { Type: 'Task', Resource: `arn:aws:lambda:${region}:${accountId}:function:annotate`, End: true },
  },
};

const paymentDefinition = {
  StartAt: 'Pay',
  States: {
    Pay: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'flaky', 'Payload.$': '$' },
      ResultPath: '$.payment',
      Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }],
      Catch: [{ ErrorEquals: ['PaymentDeclined'], ResultPath: '$.error', Next: 'Declined' }],
      Next: 'Paid',
    },
    Paid: { Type: 'Succeed' },
    Declined: {
      Type: 'Pass',
      Parameters: { declined: true, 'error.$': '$.error.Error', 'cause.$': '$.error.Cause' },
      End: true,
    },
  },
};

const approvalDefinition = (timeoutSeconds: number) => ({
  StartAt: 'AwaitApproval',
  States: {
    AwaitApproval: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: 'request-approval',
        Payload: { 'orderId.$': '$.orderId', 'taskToken.$': '$$.Task.Token', 'executionId.$': '$$.Execution.Id' },
      },
      TimeoutSeconds: timeoutSeconds,
      ResultPath: '$.approval',
      Catch: [
        { ErrorEquals: ['ApprovalRejected'], ResultPath: '$.error', Next: 'Rejected' },
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'TimedOut' },
      ],
      Next: 'Approved',
    },
    Approved: { Type: 'Pass', Parameters: { outcome: 'approved', 'by.$': '$.approval.by' }, End: true },
    Rejected: { Type: 'Pass', Parameters: { outcome: 'rejected', 'error.$': '$.error.Error', 'cause.$': '$.error.Cause' }, End: true },
    TimedOut: { Type: 'Pass', Parameters: { outcome: 'timed-out', 'error.$': '$.error.Error' }, End: true },
  },
});

const doublerDefinition = {
  StartAt: 'DoubleAll',
  States: {
    DoubleAll: {
      Type: 'Map',
      ItemsPath: '$.values',
      ItemProcessor: {
        StartAt: 'Double',
        States: {
          Double: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'double', 'Payload.$': '$' },
            OutputPath: '$.Payload',
            End: true,
          },
        },
      },
      End: true,
    },
  },
};

const stateMachines: LocalStateMachine[] = [
  { name: 'charge', arn: machineArn('charge'), definition: chargeDefinition },
  { name: 'payment', arn: machineArn('payment'), definition: paymentDefinition },
  { name: 'approval', arn: machineArn('approval'), definition: approvalDefinition(30) },
  { name: 'approval-fast-timeout', arn: machineArn('approval-fast-timeout'), definition: approvalDefinition(1) },
  { name: 'doubler', arn: machineArn('doubler'), definition: doublerDefinition },
];

// ------------------------------------------------------------------ fake in-process functions

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

interface ApprovalRequest {
  orderId: string;
  taskToken: string;
  executionId: string;
}

const calls: Array<{ functionName: string; payload: unknown }> = [];
const flakyAttempts = new Map<string, number>();
const approvalRequests = new Map<string, { promise: Promise<ApprovalRequest>; resolve: (r: ApprovalRequest) => void }>();

function approvalRequest(orderId: string): Promise<ApprovalRequest> {
  let entry = approvalRequests.get(orderId);
  if (!entry) {
    const { promise, resolve } = Promise.withResolvers<ApprovalRequest>();
    entry = { promise, resolve };
    approvalRequests.set(orderId, entry);
  }
  return entry.promise;
}

async function invokeFunction(functionName: string, payload: unknown): Promise<unknown> {
  calls.push({ functionName, payload });
  const input = payload as Record<string, unknown>;
  switch (functionName) {
    case 'charge':
      return { amount: (input.amount as number) * 2, status: 'CHARGED' };
    case 'annotate':
      return { ...input, annotated: true };
    case 'flaky': {
      const runId = input.runId as string;
      const attempt = (flakyAttempts.get(runId) ?? 0) + 1;
      flakyAttempts.set(runId, attempt);
      if (attempt === 1) throw namedError('TransientError', 'try again');
      if (input.mode === 'decline') throw namedError('PaymentDeclined', 'card declined');
      throw namedError('UnexpectedError', 'kaboom');
    }
    case 'request-approval':
      void approvalRequest(input.orderId as string);
      approvalRequests.get(input.orderId as string)?.resolve(input as unknown as ApprovalRequest);
      return { submitted: true };
    case 'double':
      return (payload as number) * 2;
    default:
      throw namedError('ResourceNotFoundException', `Function not found: ${functionName}`);
  }
}

// ------------------------------------------------------------------ harness

let server: Server;
let service: LocalStepFunctionsService;
let client: SFNClient;
let endpoint: string;
const logLines: string[] = [];

beforeAll(async () => {
  service = new LocalStepFunctionsService({ stateMachines, invokeFunction, accountId, region, log: (line) => logLines.push(line) });
  server = createServer(service.requestListener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new SFNClient({ endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});

afterAll(async () => {
  service.stop();
  await service.idle();
  client.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function start(machine: string, input: unknown, name?: string): Promise<string> {
  const out = await client.send(
    new StartExecutionCommand({ stateMachineArn: machineArn(machine), input: JSON.stringify(input), ...(name ? { name } : {}) }),
  );
  expect(out.executionArn).toBeTypeOf('string');
  return out.executionArn!;
}

async function waitForEnd(executionArn: string, timeoutMs = 10_000): Promise<DescribeExecutionCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (out.status !== 'RUNNING') return out;
    if (Date.now() > deadline) throw new Error(`Execution ${executionArn} still RUNNING after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  const out = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return out.events ?? [];
}

async function sfnError(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error as Error & { $metadata?: { httpStatusCode?: number } },
  );
  if (!outcome) throw new Error('expected the call to fail');
  return outcome;
}

// ------------------------------------------------------------------ tests

describe('local Step Functions over the SFN wire protocol', () => {
  it('runs a lambda:invoke task (and a plain Lambda ARN task) to the right output, with history and listings', async () => {
    const executionArn = await start('charge', { orderId: 'o-1', amount: 21 }, 'charge-o-1');
    expect(executionArn).toBe(`arn:aws:states:${region}:${accountId}:execution:charge:charge-o-1`);

    const described = await waitForEnd(executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({
      orderId: 'o-1',
      amount: 21,
      charge: { amount: 42, status: 'CHARGED', statusCode: 200 },
      annotated: true,
    });
    expect(JSON.parse(described.input!)).toEqual({ orderId: 'o-1', amount: 21 });
    expect(described.name).toBe('charge-o-1');
    expect(described.stateMachineArn).toBe(machineArn('charge'));
    expect(described.startDate).toBeInstanceOf(Date);
    expect(described.stopDate).toBeInstanceOf(Date);
    expect(described.stopDate!.getTime()).toBeGreaterThanOrEqual(described.startDate!.getTime());
    expect(Math.abs(described.startDate!.getTime() - Date.now())).toBeLessThan(60_000);
    // The ARN in FunctionName resolves to the function name; Payload is the state input.
    expect(calls).toContainEqual({ functionName: 'charge', payload: { orderId: 'o-1', amount: 21 } });

    const events = await history(executionArn);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    events.forEach((event, i) => {
      expect(event.id).toBe(i + 1);
      expect(event.previousEventId).toBe(i);
      expect(event.timestamp).toBeInstanceOf(Date);
    });
    expect(JSON.parse(events[0]!.executionStartedEventDetails!.input!)).toEqual({ orderId: 'o-1', amount: 21 });
    expect(events[1]!.stateEnteredEventDetails?.name).toBe('Charge');
    expect(events[2]!.taskScheduledEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke', region });
    expect(JSON.parse(events[2]!.taskScheduledEventDetails!.parameters!)).toEqual({
      FunctionName: `arn:aws:lambda:${region}:${accountId}:function:charge`,
      Payload: { orderId: 'o-1', amount: 21 },
    });
    expect(JSON.parse(events[4]!.taskSucceededEventDetails!.output!)).toEqual({
      ExecutedVersion: '$LATEST',
      Payload: { amount: 42, status: 'CHARGED' },
      StatusCode: 200,
    });
    expect(events[7]!.lambdaFunctionScheduledEventDetails?.resource).toBe(`arn:aws:lambda:${region}:${accountId}:function:annotate`);
    expect(JSON.parse(events[11]!.executionSucceededEventDetails!.output!)).toEqual(JSON.parse(described.output!));

    // Paging, reverse order and includeExecutionData=false.
    const firstPage = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 5 }));
    expect(firstPage.events?.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    expect(firstPage.nextToken).toBeTypeOf('string');
    const secondPage = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 5, nextToken: firstPage.nextToken }));
    expect(secondPage.events?.map((e) => e.id)).toEqual([6, 7, 8, 9, 10]);
    const reversed = await client.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1, includeExecutionData: false }),
    );
    expect(reversed.events?.[0]?.type).toBe('ExecutionSucceeded');
    expect(reversed.events?.[0]?.executionSucceededEventDetails?.output).toBeUndefined();

    const listed = await client.send(new ListExecutionsCommand({ stateMachineArn: machineArn('charge'), statusFilter: 'SUCCEEDED' }));
    expect(listed.executions).toContainEqual(
      expect.objectContaining({ executionArn, name: 'charge-o-1', status: 'SUCCEEDED', stateMachineArn: machineArn('charge') }),
    );
    expect(listed.executions![0]!.startDate).toBeInstanceOf(Date);
    const failedOnly = await client.send(new ListExecutionsCommand({ stateMachineArn: machineArn('charge'), statusFilter: 'FAILED' }));
    expect(failedOnly.executions).toEqual([]);
  });

  it('idle() resolves once running executions have finished', async () => {
    const executionArn = await start('charge', { orderId: 'o-idle', amount: 1 });
    await service.idle();
    const out = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(out.status).toBe('SUCCEEDED');
  });

  it('retries on the handler error name, then catches the next handler error by name', async () => {
    const runId = 'run-decline';
    const executionArn = await start('payment', { runId, mode: 'decline' });
    const described = await waitForEnd(executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(flakyAttempts.get(runId)).toBe(2);
    const output = JSON.parse(described.output!) as { declined: boolean; error: string; cause: string };
    expect(output.declined).toBe(true);
    expect(output.error).toBe('PaymentDeclined');
    expect(JSON.parse(output.cause)).toMatchObject({ errorType: 'PaymentDeclined', errorMessage: 'card declined' });

    const events = await history(executionArn);
    const taskEvents = events.filter((e) => e.type?.startsWith('Task') && !e.type.includes('State'));
    expect(taskEvents.map((e) => e.type)).toEqual(['TaskScheduled', 'TaskStarted', 'TaskFailed', 'TaskScheduled', 'TaskStarted', 'TaskFailed']);
    expect(taskEvents.filter((e) => e.type === 'TaskFailed').map((e) => e.taskFailedEventDetails?.error)).toEqual([
      'TransientError',
      'PaymentDeclined',
    ]);
    expect(events.map((e) => e.type)).toContain('PassStateEntered');
  });

  it('fails the execution with the handler error when nothing catches it', async () => {
    const executionArn = await start('payment', { runId: 'run-crash', mode: 'crash' });
    const described = await waitForEnd(executionArn);
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('UnexpectedError');
    expect(JSON.parse(described.cause!)).toMatchObject({ errorType: 'UnexpectedError', errorMessage: 'kaboom' });
    expect(described.output).toBeUndefined();
    const events = await history(executionArn);
    expect(events.at(-1)?.type).toBe('ExecutionFailed');
    expect(events.at(-1)?.executionFailedEventDetails?.error).toBe('UnexpectedError');
    const failed = await client.send(new ListExecutionsCommand({ stateMachineArn: machineArn('payment'), statusFilter: 'FAILED' }));
    expect(failed.executions?.map((e) => e.executionArn)).toEqual([executionArn]);
  });

  it('completes a .waitForTaskToken task after SendTaskSuccess, and the token then stops being valid', async () => {
    const executionArn = await start('approval', { orderId: 'o-ok' });
    const request = await approvalRequest('o-ok');
    expect(request.taskToken).toMatch(/^LSFN1\./);
    expect(request.executionId).toBe(executionArn);

    expect((await client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await client.send(new SendTaskHeartbeatCommand({ taskToken: request.taskToken }));
    await client.send(new SendTaskSuccessCommand({ taskToken: request.taskToken, output: JSON.stringify({ by: 'alice' }) }));

    const described = await waitForEnd(executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({ outcome: 'approved', by: 'alice' });

    const reuse = await sfnError(client.send(new SendTaskSuccessCommand({ taskToken: request.taskToken, output: '{}' })));
    expect(reuse.name).toBe('TaskDoesNotExist');
    expect(reuse.$metadata?.httpStatusCode).toBe(400);

    const events = await history(executionArn);
    const types = events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']));
    expect(types.indexOf('TaskSubmitted')).toBeLessThan(types.indexOf('TaskSucceeded'));
    const scheduled = events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!;
    expect(scheduled.resource).toBe('invoke.waitForTaskToken');
    expect(scheduled.timeoutInSeconds).toBe(30);
    expect(JSON.parse(scheduled.parameters!).Payload.taskToken).toBe(request.taskToken);
    expect(JSON.parse(events.find((e) => e.type === 'TaskSucceeded')!.taskSucceededEventDetails!.output!)).toEqual({ by: 'alice' });
  });

  it('routes SendTaskFailure into a Catch on its error name', async () => {
    const executionArn = await start('approval', { orderId: 'o-reject' });
    const { taskToken } = await approvalRequest('o-reject');
    await client.send(new SendTaskFailureCommand({ taskToken, error: 'ApprovalRejected', cause: 'too expensive' }));
    const described = await waitForEnd(executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({ outcome: 'rejected', error: 'ApprovalRejected', cause: 'too expensive' });
    const failed = (await history(executionArn)).find((e) => e.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toMatchObject({ error: 'ApprovalRejected', cause: 'too expensive' });
  });

  it('times a .waitForTaskToken task out after TimeoutSeconds into a Catch on States.Timeout', async () => {
    const startedAt = Date.now();
    const executionArn = await start('approval-fast-timeout', { orderId: 'o-slow' });
    const { taskToken } = await approvalRequest('o-slow');
    const described = await waitForEnd(executionArn);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({ outcome: 'timed-out', error: 'States.Timeout' });

    const late = await sfnError(client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })));
    expect(late.name).toBe('TaskTimedOut');
    const timedOut = (await history(executionArn)).find((e) => e.type === 'TaskTimedOut');
    expect(timedOut?.taskTimedOutEventDetails).toMatchObject({ error: 'States.Timeout', resource: 'invoke.waitForTaskToken' });
  });

  it('rejects malformed and unknown task tokens and invalid output', async () => {
    expect((await sfnError(client.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })))).name).toBe('InvalidToken');
    const unknown = `LSFN1.${'A'.repeat(64)}`;
    expect((await sfnError(client.send(new SendTaskFailureCommand({ taskToken: unknown })))).name).toBe('TaskDoesNotExist');
    expect((await sfnError(client.send(new SendTaskHeartbeatCommand({ taskToken: unknown })))).name).toBe('TaskDoesNotExist');

    const executionArn = await start('approval', { orderId: 'o-bad-output' });
    const { taskToken } = await approvalRequest('o-bad-output');
    expect((await sfnError(client.send(new SendTaskSuccessCommand({ taskToken, output: '{not json' })))).name).toBe('InvalidOutput');
    await client.send(new SendTaskSuccessCommand({ taskToken, output: '{"by":"bob"}' }));
    expect((await waitForEnd(executionArn)).status).toBe('SUCCEEDED');
  });

  it('StopExecution aborts a running execution and invalidates its task token', async () => {
    const executionArn = await start('approval', { orderId: 'o-stop' });
    const { taskToken } = await approvalRequest('o-stop');
    const stopped = await client.send(new StopExecutionCommand({ executionArn, error: 'Cancelled', cause: 'by test' }));
    expect(stopped.stopDate).toBeInstanceOf(Date);

    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'by test' });
    expect(described.stopDate).toBeInstanceOf(Date);
    expect((await sfnError(client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })))).name).toBe('TaskDoesNotExist');

    await service.idle();
    const last = (await history(executionArn)).at(-1);
    expect(last?.type).toBe('ExecutionAborted');
    expect(last?.executionAbortedEventDetails).toEqual({ error: 'Cancelled', cause: 'by test' });
  });

  it('is idempotent by name while running with the same input, like AWS', async () => {
    const first = await client.send(
      new StartExecutionCommand({ stateMachineArn: machineArn('approval'), name: 'idem-1', input: '{"orderId":"o-idem"}' }),
    );
    const again = await client.send(
      new StartExecutionCommand({ stateMachineArn: machineArn('approval'), name: 'idem-1', input: '{"orderId":"o-idem"}' }),
    );
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate?.getTime()).toBe(first.startDate?.getTime());

    const different = await sfnError(
      client.send(new StartExecutionCommand({ stateMachineArn: machineArn('approval'), name: 'idem-1', input: '{"orderId":"other"}' })),
    );
    expect(different.name).toBe('ExecutionAlreadyExists');

    const { taskToken } = await approvalRequest('o-idem');
    await client.send(new SendTaskSuccessCommand({ taskToken, output: '{"by":"carol"}' }));
    expect((await waitForEnd(first.executionArn!)).status).toBe('SUCCEEDED');

    // A closed execution's name cannot be reused, even with the same input.
    const closed = await sfnError(
      client.send(new StartExecutionCommand({ stateMachineArn: machineArn('approval'), name: 'idem-1', input: '{"orderId":"o-idem"}' })),
    );
    expect(closed.name).toBe('ExecutionAlreadyExists');
    const listed = await client.send(new ListExecutionsCommand({ stateMachineArn: machineArn('approval') }));
    expect(listed.executions?.filter((e) => e.name === 'idem-1')).toHaveLength(1);
  });

  it('runs Task states nested in a Map state', async () => {
    const executionArn = await start('doubler', { values: [1, 2, 3] });
    const described = await waitForEnd(executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual([2, 4, 6]);
    const types = (await history(executionArn)).map((e) => e.type);
    expect(types.filter((t) => t === 'MapIterationStarted')).toHaveLength(3);
    expect(types.filter((t) => t === 'TaskSucceeded')).toHaveLength(3);
    expect(types).toContain('MapStateExited');
  });

  it('describes and lists state machines', async () => {
    const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn('charge') }));
    expect(described).toMatchObject({ name: 'charge', stateMachineArn: machineArn('charge'), status: 'ACTIVE', type: 'STANDARD' });
    expect(JSON.parse(described.definition!)).toEqual(chargeDefinition);
    expect(described.creationDate).toBeInstanceOf(Date);
    const listed = await client.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((m) => m.name).sort()).toEqual(stateMachines.map((m) => m.name).sort());
  });

  it('answers with Step Functions error codes', async () => {
    const missingExecution = `arn:aws:states:${region}:${accountId}:execution:charge:nope`;
    const cases: Array<[Promise<unknown>, string]> = [
      [client.send(new DescribeExecutionCommand({ executionArn: missingExecution })), 'ExecutionDoesNotExist'],
      [client.send(new GetExecutionHistoryCommand({ executionArn: missingExecution })), 'ExecutionDoesNotExist'],
      [client.send(new StopExecutionCommand({ executionArn: missingExecution })), 'ExecutionDoesNotExist'],
      [client.send(new StartExecutionCommand({ stateMachineArn: machineArn('nope') })), 'StateMachineDoesNotExist'],
      [client.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn('nope') })), 'StateMachineDoesNotExist'],
      [client.send(new ListExecutionsCommand({ stateMachineArn: machineArn('nope') })), 'StateMachineDoesNotExist'],
      [client.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' })), 'InvalidArn'],
      [client.send(new StartExecutionCommand({ stateMachineArn: machineArn('charge'), input: '{oops' })), 'InvalidExecutionInput'],
      [client.send(new StartExecutionCommand({ stateMachineArn: machineArn('charge'), name: 'bad name' })), 'InvalidName'],
    ];
    for (const [call, code] of cases) {
      const error = await sfnError(call);
      expect(error.name).toBe(code);
      expect(error.$metadata?.httpStatusCode).toBe(400);
    }

    const raw = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.CreateActivity' },
      body: '{}',
    });
    expect(raw.status).toBe(400);
    expect(raw.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await raw.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('rejects invalid definitions at construction', () => {
    expect(
      () =>
        new LocalStepFunctionsService({
          stateMachines: [{ name: 'broken', arn: machineArn('broken'), definition: { StartAt: 'Missing', States: {} } }],
          invokeFunction,
          accountId,
          region,
        }),
    ).toThrow(/broken/);
  });

  it('logs execution lifecycles', () => {
    expect(logLines.some((line) => /charge execution charge-o-1 SUCCEEDED/.test(line))).toBe(true);
    expect(logLines.some((line) => /payment execution .* FAILED UnexpectedError/.test(line))).toBe(true);
  });
});
