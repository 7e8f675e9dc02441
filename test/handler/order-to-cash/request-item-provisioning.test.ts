import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProvisioningSystem } from '../../../domain/provisioning/provisioning-system.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { stateMachineTask } from '../../../functions/lib/workflows/state-machine-task.js';
import { requestItemProvisioningWith } from '../../../functions/order-to-cash/request-item-provisioning.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { correlationId, fakeTable, now, sagaOrder, stepInput } from '../../support/order-saga-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const sfnMock = mockClient(SFNClient);
afterAll(() => {
  documentMock.restore();
  sfnMock.restore();
});

const taskToken = 'AQCEAAAAKgAAAAMAAAAAAAAAAfake-token';
let provisioning: { submit: ReturnType<typeof vi.fn<ProvisioningSystem['submit']>> };
let calls: string[];
let table: ReturnType<typeof fakeTable>;
const request = (itemId: string) =>
  stateMachineTask('orderId', requestItemProvisioningWith(provisioning))(stepInput({ itemId, taskToken, timeoutSeconds: 3600 }), lambdaContext('request-item-provisioning'));

beforeEach(() => {
  documentMock.reset();
  sfnMock.reset();
  calls = [];
  table = fakeTable(documentMock);
  table.putOrder(sagaOrder('inProgress'), { saga: { executionId: 'exec-1', provisioningStarted: true } });
  documentMock.on(PutCommand).callsFake(() => {
    calls.push('save');
    return {};
  });
  provisioning = {
    submit: vi.fn<ProvisioningSystem['submit']>(async () => {
      calls.push('submit');
    }),
  };
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('request-item-provisioning (.waitForTaskToken)', () => {
  it('records the request with the task token first, then hands the item to the provisioning system', async () => {
    await expect(request('2')).resolves.toEqual({ requestId: 'order-1-item-2', submitted: true });
    expect(calls).toEqual(['save', 'submit']);
    const put = documentMock.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put.Item).toMatchObject({
      pk: 'PROVISIONING_REQUEST#order-1-item-2',
      sk: 'PROVISIONING_REQUEST',
      requestId: 'order-1-item-2',
      orderId: 'order-1',
      itemId: '2',
      taskToken,
      state: 'requested',
      requestedAt: now,
    });
    // A retried step re-arms a request still waiting, never one already answered.
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk) OR #state = :requested');
    expect(provisioning.submit).toHaveBeenCalledExactlyOnceWith({
      requestId: 'order-1-item-2',
      orderId: 'order-1',
      orderItemId: '2',
      action: 'add',
      productId: 'order-1-2',
      productOffering: { id: 'po-router-x', name: 'Router X' },
      characteristics: [],
    }, { correlationId });
  });

  it('a request already answered is not submitted again', async () => {
    documentMock.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    await expect(request('1')).resolves.toEqual({ requestId: 'order-1-item-1', submitted: false });
    expect(provisioning.submit).not.toHaveBeenCalled();
  });

  it('a step retried after a crash, whose request was answered meanwhile, passes the recorded answer to its own token', async () => {
    documentMock.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    table.put({ pk: 'PROVISIONING_REQUEST#order-1-item-1', sk: 'PROVISIONING_REQUEST', requestId: 'order-1-item-1', state: 'succeeded', taskToken: 'first-token', result: { outcome: 'succeeded', serviceId: 'svc-9' } });
    await expect(request('1')).resolves.toEqual({ requestId: 'order-1-item-1', submitted: false });
    expect(sfnMock.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input)).toEqual([{ taskToken, output: JSON.stringify({ itemId: '1', serviceId: 'svc-9' }) }]);
    expect(provisioning.submit).not.toHaveBeenCalled();
  });

  it('an item the order does not have is an error, and nothing is recorded or submitted', async () => {
    await expect(request('7')).rejects.toThrow('order order-1 has no item 7');
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(0);
    expect(provisioning.submit).not.toHaveBeenCalled();
  });
});
