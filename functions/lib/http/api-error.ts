import { InvalidInputError, RuleViolationError, type FieldProblem } from '../../../domain/shared/domain-errors.js';
import { ConcurrentTransactionError, DuplicateKeyError, isStoreBusy, isTransactionConflict, StaleVersionError } from '../store/store-errors.js';

/**
 * An error with its HTTP status and TMF error code. Thrown anywhere in a request; the error
 * middleware renders it as the TMF Error body { code, reason, message, status }.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: string,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }

  static badRequest(message: string, problems: FieldProblem[] = []) {
    return new ApiError(400, 'INVALID_REQUEST', 'Bad Request', message, problems);
  }
  static unauthorized(message = 'a valid bearer token is required') {
    return new ApiError(401, 'UNAUTHORIZED', 'Unauthorized', message);
  }
  static forbidden(message: string, problems: FieldProblem[] = []) {
    return new ApiError(403, 'FORBIDDEN', 'Forbidden', message, problems);
  }
  static notFound(resource: string, id: string) {
    return new ApiError(404, 'NOT_FOUND', 'Not Found', `${resource} ${id} does not exist`);
  }
  static conflict(code: string, message: string, problems: FieldProblem[] = []) {
    return new ApiError(409, code, 'Conflict', message, problems);
  }
  /**
   * A method no route of a known path serves (the gateways answer it, locally and on AWS, with
   * `Allow: <allowed>`); `method` is left out where the answer is static (API Gateway's).
   */
  static methodNotAllowed(path: string, allowed: readonly string[], method?: string) {
    return new ApiError(405, 'METHOD_NOT_ALLOWED', 'Method Not Allowed', `${method ? `${method} is not allowed: ` : ''}${path} answers only ${allowed.join(', ')}`);
  }
  static preconditionFailed(message: string) {
    return new ApiError(412, 'PRECONDITION_FAILED', 'Precondition Failed', message);
  }
  /** Busy, not broken: nothing was written; the client retries after a second (the handler's Retry-After: 1). */
  static serviceUnavailable() {
    return new ApiError(503, 'SERVICE_UNAVAILABLE', 'Service Unavailable', 'the system is busy; retry in a second, with the same Idempotency-Key where the request has one');
  }
  static payloadTooLarge(limitBytes: number) {
    return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'Payload Too Large', `the body exceeds ${limitBytes} bytes`);
  }
  static unsupportedMediaType(contentType: string | undefined) {
    return new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Unsupported Media Type',
      `send application/json (or application/merge-patch+json for PATCH), not ${contentType ?? 'no content type'}`,
    );
  }
}

/** The TMF Error resource, plus the offending fields for validation errors. */
export interface TmfErrorBody {
  code: string;
  reason: string;
  message: string;
  status: string;
  '@type': 'Error';
  details?: FieldProblem[];
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof InvalidInputError) return ApiError.badRequest(error.message, error.problems);
  if (error instanceof RuleViolationError) return ApiError.conflict(error.rule.toUpperCase().replaceAll('-', '_'), error.message);
  if (error instanceof DuplicateKeyError) return ApiError.conflict(`DUPLICATE_${error.what.toUpperCase()}`, error.message);
  if (error instanceof StaleVersionError) return ApiError.conflict('CONCURRENT_MODIFICATION', `${error.message}; read it again and retry`);
  if (error instanceof ConcurrentTransactionError) return ApiError.conflict('CONCURRENT_TRANSACTION', `${error.message}; retry the request`);
  // Where a use case does not look at a cancelled transaction itself, a conflict still means the same.
  if (isTransactionConflict(error)) return ApiError.conflict('CONCURRENT_TRANSACTION', 'a concurrent transaction touched the same items; retry the request');
  if (isStoreBusy(error)) return ApiError.serviceUnavailable();
  return new ApiError(500, 'INTERNAL_ERROR', 'Internal Server Error', 'the request failed on our side; it has been logged');
}

export function tmfErrorBody(error: ApiError): TmfErrorBody {
  return {
    code: error.code,
    reason: error.reason,
    message: error.message,
    status: String(error.status),
    '@type': 'Error',
    ...(error.problems.length > 0 ? { details: error.problems } : {}),
  };
}
