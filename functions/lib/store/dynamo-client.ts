import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { recordRoundTrip } from './round-trips.js';
import { isTransactionConflict } from './store-errors.js';

/**
 * The table client, created once per function instance. The endpoint comes from the SDK's
 * standard configuration (AWS_ENDPOINT_URL_DYNAMODB locally), never from our code.
 */
export const tableName = (): string => {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error('TABLE_NAME is not set');
  return name;
};

export const dynamoDbClient = new DynamoDBClient({});
dynamoDbClient.middlewareStack.add(
  (next) => async (args) => {
    recordRoundTrip();
    return next(args);
  },
  { step: 'initialize', name: 'countRoundTrips' },
);

retryTransactionConflicts(dynamoDbClient);

/**
 * A transaction cancelled only because another held one of its items changed nothing, so
 * sending it again is safe; the SDK does not retry it by itself. Marked retryable, it gets the
 * SDK's retries with back-off, as throttling does. A failed condition is never retried.
 */
export function retryTransactionConflicts(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (isTransactionConflict(error)) Object.assign(error as object, { $retryable: {} });
        throw error;
      }
    },
    // Inside the retry middleware (finalizeRequest), around the deserializer that raises the error.
    { step: 'deserialize', priority: 'high', name: 'retryTransactionConflicts' },
  );
}

export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
