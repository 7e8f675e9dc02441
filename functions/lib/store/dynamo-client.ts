import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { recordRoundTrip } from './round-trips.js';

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

export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
