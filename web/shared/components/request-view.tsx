import type { ComponentChildren } from 'preact';
import type { RequestState } from '../use-request.js';
import { ErrorState } from './error-state.js';
import { LoadingState } from './loading-state.js';

/** The page's content once its requests are done; their loading and error states until then. */
export function RequestView<T>({ request, home, children }: { request: RequestState<T>; home: string; children: (data: T) => ComponentChildren }) {
  if (request.status === 'loading') return <LoadingState />;
  if (request.status === 'failed') return <ErrorState error={request.error} retry={request.retry} home={home} />;
  return <>{children(request.data)}</>;
}
