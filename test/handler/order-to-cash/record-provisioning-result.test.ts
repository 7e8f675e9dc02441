import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { InvalidToken, SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../functions/lib/clock.js';
import type { ProvisioningRequestRecord } from '../../../functions/lib/store/provisioning-request-store.js';
import { handler, recordProvisioningResult } from '../../../functions/provisioning/record-provisioning-result.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { adminClaims, agentClaims, apiEvent, customerClaims, provisioningClaims, type Claims } from '../../support/api-event.js';
import { fakeTable, now } from '../../support/order-saga-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const sfnMock = mockClient(SFNClient);
afterAll(() => {
  documentMock.restore();
  sfnMock.restore();
});

const requestId = 'order-1-item-1';
const taskToken = 'AQCEAAAAKgAAAAMAAAAAAAAAAfake-token';
let table: ReturnType<typeof fakeTable>;
/** What happened, in order, across Step Functions and the table. */
let calls: string[];

/** The token the stored request holds: the record of an answer is conditional on it. */
let storedToken: string | undefined;

function storeRequest(state: ProvisioningRequestRecord['state'] = 'requested', overrides: Partial<ProvisioningRequestRecord> = {}) {
  storedToken = 'taskToken' in overrides ? overrides.taskToken : taskToken;
  table.put({
    pk: `PROVISIONING_REQUEST#${requestId}`,
    sk: 'PROVISIONING_REQUEST',
    entityType: 'ProvisioningRequest',
    version: 1,
    requestId,
    orderId: 'order-1',
    itemId: '1',
    taskToken,
    state,
    requestedAt: '2026-02-01T10:04:00.000Z',
    ...overrides,
  });
}

const origin = { correlationId: 'corr-order-1' };
const answerUpdates = () => documentMock.commandCalls(UpdateCommand);
const sfnCalls = () => sfnMock.calls();

beforeEach(() => {
  documentMock.reset();
  sfnMock.reset();
  calls = [];
  table = fakeTable(documentMock);
  storeRequest();
  documentMock.on(UpdateCommand).callsFake((input: { ExpressionAttributeValues: Record<string, unknown> }) => {
    const token = input.ExpressionAttributeValues[':token'];
    if (token !== undefined && token !== storedToken) throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    calls.push('record');
    return {};
  });
  sfnMock.on(SendTaskSuccessCommand).callsFake(() => {
    calls.push('success');
    return {};
  });
  sfnMock.on(SendTaskFailureCommand).callsFake(() => {
    calls.push('failure');
    return {};
  });
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('recordProvisioningResult (the provisioning callback)', () => {
  it('an unknown request: nothing resumed, nothing recorded', async () => {
    await expect(recordProvisioningResult('order-9-item-1', { outcome: 'succeeded' }, origin)).resolves.toBe('unknown-request');
    expect(sfnCalls()).toHaveLength(0);
    expect(answerUpdates()).toHaveLength(0);
  });

  it('a success resumes the waiting step with the item and its service, then records the answer once', async () => {
    await expect(recordProvisioningResult(requestId, { outcome: 'succeeded', serviceId: 'svc-42' }, origin)).resolves.toBe('recorded');
    const success = sfnMock.commandCalls(SendTaskSuccessCommand);
    expect(success).toHaveLength(1);
    expect(success[0]!.args[0].input.taskToken).toBe(taskToken);
    expect(JSON.parse(success[0]!.args[0].input.output!)).toEqual({ itemId: '1', serviceId: 'svc-42' });
    expect(calls).toEqual(['success', 'record']);

    const update = answerUpdates()[0]!.args[0].input;
    expect(update).toMatchObject({ Key: { pk: `PROVISIONING_REQUEST#${requestId}`, sk: 'PROVISIONING_REQUEST' }, ConditionExpression: '#state = :requested AND taskToken = :token' });
    expect(update.ExpressionAttributeValues).toMatchObject({ ':state': 'succeeded', ':result': { outcome: 'succeeded', serviceId: 'svc-42' }, ':at': now, ':token': taskToken });
  });

  it('reads the request consistently: a just-armed token must be found', async () => {
    await recordProvisioningResult(requestId, { outcome: 'succeeded' }, origin);
    expect(documentMock.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({ ConsistentRead: true });
  });

  it('a success without a service id names the request as the service', async () => {
    await recordProvisioningResult(requestId, { outcome: 'succeeded' }, origin);
    expect(JSON.parse(sfnMock.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.output!)).toEqual({ itemId: '1', serviceId: requestId });
  });

  it('a failure fails the waiting step with ProvisioningFailed and the reason, then records it', async () => {
    await expect(recordProvisioningResult(requestId, { outcome: 'failed', reason: 'no fibre at this address' }, origin)).resolves.toBe('recorded');
    expect(sfnMock.commandCalls(SendTaskFailureCommand)[0]!.args[0].input).toEqual({ taskToken, error: 'ProvisioningFailed', cause: 'no fibre at this address' });
    expect(sfnMock.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(calls).toEqual(['failure', 'record']);
    expect(answerUpdates()[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':state': 'failed' });
  });

  it('a failure without a reason still fails the step, saying none was given', async () => {
    await recordProvisioningResult(requestId, { outcome: 'failed' }, origin);
    expect(sfnMock.commandCalls(SendTaskFailureCommand)[0]!.args[0].input.cause).toBe('the provisioning system gave no reason');
  });

  it.each([
    ['TaskTimedOut', new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} })],
    ['TaskDoesNotExist', new TaskDoesNotExist({ message: 'Task does not exist', $metadata: {} })],
    ['InvalidToken', new InvalidToken({ message: 'Invalid token', $metadata: {} })],
  ])('a closed token (%s: the step gave up waiting) is tolerated and the late answer still recorded', async (_name, error) => {
    sfnMock.on(SendTaskSuccessCommand).rejects(error);
    await expect(recordProvisioningResult(requestId, { outcome: 'succeeded' }, origin)).resolves.toBe('recorded');
    expect(answerUpdates()).toHaveLength(1);
  });

  it('any other Step Functions failure is thrown and the answer is not recorded, so a retry resumes the step', async () => {
    sfnMock.on(SendTaskFailureCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(recordProvisioningResult(requestId, { outcome: 'failed', reason: 'x' }, origin)).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(answerUpdates()).toHaveLength(0);
  });

  it.each(['succeeded', 'failed'] as const)('a request already %s is already recorded: no Step Functions call, nothing written', async (state) => {
    storeRequest(state);
    await expect(recordProvisioningResult(requestId, { outcome: 'succeeded' }, origin)).resolves.toBe('already-recorded');
    expect(sfnCalls()).toHaveLength(0);
    expect(answerUpdates()).toHaveLength(0);
  });

  it('an answer whose token closed goes to the token a step retried after a crash stored since, then is recorded', async () => {
    sfnMock.on(SendTaskSuccessCommand).callsFake((input: { taskToken: string }) => {
      calls.push(`success ${input.taskToken}`);
      if (input.taskToken !== taskToken) return {};
      storeRequest('requested', { taskToken: 'retried-token' });
      throw new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} });
    });
    await expect(recordProvisioningResult(requestId, { outcome: 'succeeded', serviceId: 'svc-1' }, origin)).resolves.toBe('recorded');
    expect(calls).toEqual([`success ${taskToken}`, 'success retried-token', 'record']);
  });

  it('an answer whose token closed, while a step retried after a crash stores its own before the answer is recorded, goes to that token too', async () => {
    sfnMock.on(SendTaskSuccessCommand).callsFake((input: { taskToken: string }) => {
      calls.push(`success ${input.taskToken}`);
      if (input.taskToken === taskToken) throw new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} });
      return {};
    });
    documentMock.on(UpdateCommand).callsFake((input: { ExpressionAttributeValues: Record<string, unknown> }) => {
      calls.push(`record for ${String(input.ExpressionAttributeValues[':token'])}`);
      if (input.ExpressionAttributeValues[':token'] !== taskToken) return {};
      // The retried step re-armed the request between the resume and the record: the condition on the old token fails.
      storeRequest('requested', { taskToken: 'retried-token' });
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    });
    await expect(recordProvisioningResult(requestId, { outcome: 'succeeded', serviceId: 'svc-1' }, origin)).resolves.toBe('recorded');
    expect(calls).toEqual([`success ${taskToken}`, `record for ${taskToken}`, 'success retried-token', 'record for retried-token']);
  });

  it('a repeated answer passes the one recorded to the token the request holds (a step retried after the answer), and writes nothing', async () => {
    storeRequest('succeeded', { taskToken: 'retried-token', result: { outcome: 'succeeded', serviceId: 'svc-1' } });
    await expect(recordProvisioningResult(requestId, { outcome: 'failed', reason: 'late' }, origin)).resolves.toBe('already-recorded');
    expect(sfnMock.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input)).toEqual([{ taskToken: 'retried-token', output: JSON.stringify({ itemId: '1', serviceId: 'svc-1' }) }]);
    expect(answerUpdates()).toHaveLength(0);
  });

  it('a concurrent answer that recorded first makes this one already-recorded', async () => {
    documentMock.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    await expect(recordProvisioningResult(requestId, { outcome: 'succeeded' }, origin)).resolves.toBe('already-recorded');
  });
});

describe('POST /provisioning/v1/provisioningRequest/{id}/result', () => {
  const post = (body: unknown, claims: Claims = provisioningClaims, id = requestId) =>
    invoke(
      handler,
      apiEvent({
        method: 'POST',
        path: `/provisioning/v1/provisioningRequest/${id}/result`,
        resource: '/provisioning/v1/provisioningRequest/{id}/result',
        pathParameters: { id },
        body,
        claims,
      }),
    );

  it('200 for the provisioning machine client, with what was recorded', async () => {
    const answer = await post({ outcome: 'succeeded', serviceId: 'svc-42' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({ id: requestId, state: 'succeeded', outcome: 'succeeded', serviceId: 'svc-42' });
    expect(calls).toEqual(['success', 'record']);
  });

  it('403 for a customer token, before anything is read or resumed', async () => {
    expectTmfError(await post({ outcome: 'succeeded' }, customerClaims('cust-1')), 403, 'FORBIDDEN');
    expect(sfnCalls()).toHaveLength(0);
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('200 for an admin too: recovering an order by hand when the provisioning system cannot call back', async () => {
    expect((await post({ outcome: 'succeeded' }, adminClaims)).statusCode).toBe(200);
  });

  it('403 for an agent: posting results is no longer a service duty, before anything is read or resumed', async () => {
    expectTmfError(await post({ outcome: 'succeeded' }, agentClaims), 403, 'FORBIDDEN');
    expect(sfnCalls()).toHaveLength(0);
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('404 for a request nobody made', async () => {
    expectTmfError(await post({ outcome: 'succeeded' }, provisioningClaims, 'order-9-item-1'), 404, 'NOT_FOUND');
  });

  it('409 for a request already answered', async () => {
    storeRequest('succeeded');
    expectTmfError(await post({ outcome: 'failed', reason: 'late' }), 409, 'ALREADY_ANSWERED');
    expect(sfnCalls()).toHaveLength(0);
  });

  it('400 naming reason for a failed outcome without one, and nothing resumed', async () => {
    const answer = await post({ outcome: 'failed' });
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(['reason']);
    expect(sfnCalls()).toHaveLength(0);
    expect(answerUpdates()).toHaveLength(0);
  });

  it('400 for an outcome that is neither succeeded nor failed', async () => {
    expectTmfError(await post({ outcome: 'done' }), 400, 'INVALID_REQUEST');
    expect(sfnCalls()).toHaveLength(0);
  });
});
