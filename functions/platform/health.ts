import type { APIGatewayProxyResult } from 'aws-lambda';

/** Liveness of the API. The local gateway only routes here once every local service is ready. */
export const handler = async (): Promise<APIGatewayProxyResult> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ status: 'ok' }),
});
