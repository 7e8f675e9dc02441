import type { APIGatewayProxyEvent } from 'aws-lambda';
import { StaleVersionError } from '../store/store-errors.js';
import { ApiError } from './api-error.js';
import { headerOf } from './request-body.js';
import { versionFromIfMatch } from './responses.js';

/**
 * Optimistic concurrency for PATCH and PUT: a stale If-Match is a 412 before anything is written.
 * Without If-Match the write is still conditional on the version read, so a concurrent
 * change surfaces as 409 instead of being overwritten.
 */
export function checkIfMatch(event: APIGatewayProxyEvent, currentVersion: number): void {
  const expected = versionFromIfMatch(headerOf(event, 'if-match'));
  if (expected === undefined || expected === 'any') return;
  if (Number.isNaN(expected)) throw ApiError.badRequest('If-Match must be an ETag such as W/"3"', [{ field: 'If-Match', problem: 'malformed' }]);
  if (expected !== currentVersion) {
    throw ApiError.preconditionFailed(`the resource is at version ${currentVersion}, not ${expected}; read it again`);
  }
}

/** A write that lost a race after the If-Match check passed is a 412 too when If-Match was sent. */
export function staleWriteError(event: APIGatewayProxyEvent, error: unknown): unknown {
  if (error instanceof StaleVersionError && headerOf(event, 'if-match') !== undefined) {
    return ApiError.preconditionFailed(`${error.message}; read it again`);
  }
  return error;
}
