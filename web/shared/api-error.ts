import type { TmfErrorBody } from './api-types.js';

/**
 * What went wrong with a request, in the terms a page needs to choose what to show: a
 * not-found page, a sign-in, a plain message, or a retry (only where retrying can help: a
 * 5xx or a request that never got an answer).
 */
export type ApiErrorKind = 'network' | 'unauthorized' | 'forbidden' | 'notFound' | 'rejected' | 'server';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    /** The TMF error code when the API sent one (e.g. NOT_FOUND). */
    readonly code: string | undefined,
    message: string,
    /** The fields the API named (`details`): which attribute, and what was wrong with it. */
    readonly details: readonly { field: string; problem: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** A 5xx or a dropped connection may go away on its own; a 4xx will not. */
  get retryable(): boolean {
    return this.kind === 'server' || this.kind === 'network';
  }

  static fromStatus(status: number, body: Partial<TmfErrorBody> | undefined): ApiError {
    const message = body?.message ?? body?.reason ?? `HTTP ${status}`;
    const details = Array.isArray(body?.details) ? body.details.filter((detail) => typeof detail?.field === 'string' && typeof detail.problem === 'string') : [];
    return new ApiError(kindOf(status), status, body?.code, message, details);
  }

  static network(cause: unknown): ApiError {
    return new ApiError('network', 0, undefined, cause instanceof Error ? cause.message : String(cause));
  }
}

function kindOf(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status >= 500) return 'server';
  return 'rejected';
}
