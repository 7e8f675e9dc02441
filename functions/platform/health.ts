import type { APIGatewayProxyResult } from 'aws-lambda';

/**
 * Liveness and readiness of the API: 503 while the deployment is still being prepared
 * (`BSS_STARTING` says with what: the local runtime sets it while it loads the demo catalog,
 * stock and billing data through the API), 200 once it is ready for the README's tour.
 */
export const handler = async (): Promise<APIGatewayProxyResult> => {
  const starting = process.env.BSS_STARTING;
  return {
    statusCode: starting ? 503 : 200,
    headers: { 'content-type': 'application/json', ...(starting ? { 'retry-after': '2' } : {}) },
    body: JSON.stringify(starting ? { status: 'starting', detail: starting } : { status: 'ok' }),
  };
};
