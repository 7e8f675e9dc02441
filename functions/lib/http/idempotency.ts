import type { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { dynamoDbClient, tableName } from '../store/dynamo-client.js';
import { ApiError } from './api-error.js';
import type { ApiRequest } from './api-handler.js';
import { headerOf } from './request-body.js';

/** How long a POST may be replayed with the same Idempotency-Key. */
const replayWindowSeconds = 24 * 3600;

/**
 * Powertools idempotency and the JMESPath engine it brings are about 35 KB of every POST
 * function's bundle, which a cold start would compile and run although only requests with an
 * Idempotency-Key use them (about 3.5 ms of init here: npm run bench -- --only=init). They are
 * loaded by the first such request, with the layer it builds.
 */
let powertoolsIdempotency: Promise<typeof import('./powertools-idempotency.mjs')> | undefined;
const loadPowertoolsIdempotency = () => (powertoolsIdempotency ??= import('./powertools-idempotency.mjs'));

/** The use case a resource kind's creation is recorded under: ProductOffering → `create-product-offering`. */
export const creationUseCaseName = (kind: string): string => `create-${kind.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`;

/**
 * `Idempotency-Key` on a POST: the first response is stored (Powertools idempotency, records
 * in our table under IDEMPOTENCY#<use case>, removed by TTL) and replayed for any retry with
 * the same key and body; the same key with another body is a 422, a retry while the first is
 * still running a 409. Failed attempts store nothing, so the client may retry them. Keys are
 * scoped to the caller, so one client cannot replay another's response.
 */
export function idempotentOnKey(useCaseName: string, command: (request: ApiRequest) => Promise<APIGatewayProxyResult>) {
  let runOnce: ((payload: { scope: string; body: string | null; request: ApiRequest }) => Promise<APIGatewayProxyResult>) | undefined;
  let config: IdempotencyConfig | undefined;

  return async (request: ApiRequest): Promise<APIGatewayProxyResult> => {
    const key = headerOf(request.event, 'idempotency-key');
    if (key === undefined) return command(request);
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw ApiError.badRequest('Idempotency-Key must be 1 to 255 visible ASCII characters', [{ field: 'Idempotency-Key', problem: 'invalid' }]);
    }
    const { DynamoDBPersistenceLayer, IdempotencyAlreadyInProgressError, IdempotencyConfig, IdempotencyValidationError, makeIdempotent } = await loadPowertoolsIdempotency();
    if (!runOnce || !config) {
      config = new IdempotencyConfig({
        eventKeyJmesPath: 'scope',
        payloadValidationJmesPath: 'body',
        expiresAfterSeconds: replayWindowSeconds,
      });
      const persistenceStore = new DynamoDBPersistenceLayer({
        tableName: tableName(),
        keyAttr: 'pk',
        sortKeyAttr: 'sk',
        staticPkValue: `IDEMPOTENCY#${useCaseName}`,
        expiryAttr: 'expiresAt',
        awsSdkV3Client: dynamoDbClient,
      });
      runOnce = makeIdempotent(async (payload: { request: ApiRequest }) => command(payload.request), {
        persistenceStore,
        config,
      });
    }
    config.registerLambdaContext(request.context);
    try {
      // `request` is not part of the hashed scope or validated body; Powertools hashes only the JMESPath results.
      return await runOnce({ scope: `${request.principal.subject}:${key}`, body: request.event.body, request });
    } catch (error) {
      if (error instanceof IdempotencyValidationError) {
        throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'Unprocessable Entity', 'this Idempotency-Key was already used with a different body');
      }
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw ApiError.conflict('IDEMPOTENT_REQUEST_IN_PROGRESS', 'a request with this Idempotency-Key is still being processed; retry shortly');
      }
      throw error;
    }
  };
}
