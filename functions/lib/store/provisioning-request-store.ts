import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { ProvisioningResult } from '../../../domain/provisioning/provisioning-system.js';
import { documentClient, tableName } from './dynamo-client.js';

/**
 * A request handed to the provisioning system for one order item, with the task token of the
 * order-to-cash step waiting for its answer. The provisioning system knows only the request id;
 * the callback finds the token here. A retried step stores its new token over the old one.
 * Dunning's suspensions and resumptions wait for nothing: they have no token, their answer is
 * only recorded.
 */
export interface ProvisioningRequestRecord {
  requestId: string;
  orderId: string;
  itemId: string;
  taskToken?: string;
  state: 'requested' | 'succeeded' | 'failed';
  requestedAt: string;
  result?: ProvisioningResult;
  answeredAt?: string;
}

const key = (requestId: string) => ({ pk: `PROVISIONING_REQUEST#${requestId}`, sk: 'PROVISIONING_REQUEST' });

/** Records (or re-arms, for a retried step) a request still waiting for its answer. */
export async function saveProvisioningRequest(request: Omit<ProvisioningRequestRecord, 'state'>): Promise<'saved' | 'already-answered'> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...key(request.requestId), entityType: 'ProvisioningRequest', version: 1, ...request, state: 'requested' },
        ConditionExpression: 'attribute_not_exists(pk) OR #state = :requested',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':requested': 'requested' },
      }),
    );
    return 'saved';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'already-answered';
    throw error;
  }
}

export async function findProvisioningRequest(requestId: string): Promise<ProvisioningRequestRecord | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: key(requestId), ConsistentRead: true }));
  return Item as ProvisioningRequestRecord | undefined;
}

/**
 * The answer, once: a second answer for the same request finds it answered and changes nothing.
 * With `answeredToken`, only while the request still holds that token: a step retried meanwhile
 * stored a new one, which must get the answer before it is recorded ('already-answered' then too).
 */
export async function recordProvisioningAnswer(requestId: string, result: ProvisioningResult, at: string, answeredToken?: string): Promise<'recorded' | 'already-answered'> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(requestId),
        UpdateExpression: 'SET #state = :state, #result = :result, answeredAt = :at',
        ConditionExpression: answeredToken === undefined ? '#state = :requested' : '#state = :requested AND taskToken = :token',
        ExpressionAttributeNames: { '#state': 'state', '#result': 'result' },
        ExpressionAttributeValues: { ':state': result.outcome, ':result': result, ':at': at, ':requested': 'requested', ...(answeredToken === undefined ? {} : { ':token': answeredToken }) },
      }),
    );
    return 'recorded';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'already-answered';
    throw error;
  }
}
