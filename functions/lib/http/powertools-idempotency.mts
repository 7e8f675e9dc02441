/**
 * What idempotency.ts takes of Powertools idempotency, loaded by the first request with an
 * Idempotency-Key. A deployed function carries it as a bundle of its own beside its entry
 * (`separateBundles`, infra/lambda-bundling.ts), hence the `.mts`: the bundle is
 * `powertools-idempotency.mjs`, and the entry imports it by that name.
 */
export { IdempotencyAlreadyInProgressError, IdempotencyConfig, IdempotencyValidationError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
export { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
